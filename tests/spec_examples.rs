//! Every example in every spec file, checked through the generated types: a documented request
//! decodes and re-encodes to the same body, a documented response decodes (to the typed result
//! or the family's typed error), and both round-trip. A contributor's new example is covered
//! with no test edit.

use pbx_api::prelude::*;
use pbx_api::wire::EndpointVisitor;
use pbx_tests::{same_body, trim};

#[derive(Default)]
struct CheckExamples {
    checked: usize,
    failures: Vec<String>,
}

impl CheckExamples {
    fn check<E: Endpoint>(&mut self, example: &pbx_api::wire::Example) -> Result<(), String> {
        let format = example.format;
        if let Some(body) = example.request {
            let request = E::decode(format, trim(body.as_bytes()))
                .map_err(|e| format!("request does not decode: {e}"))?;
            let encoded = request
                .encode(format)
                .map_err(|e| format!("decoded request does not encode: {e}"))?;
            same_body(format, &encoded, trim(body.as_bytes()))?;
            let again = E::decode(format, &encoded)
                .map_err(|e| format!("encoded request does not decode: {e}"))?;
            if again != request {
                return Err(format!("request round trip: {request:?} became {again:?}"));
            }
        }
        if let Some(body) = example.response {
            match E::decode_response(format, trim(body.as_bytes())) {
                Ok(response) => {
                    let encoded = E::encode_response(&response, format);
                    let again = E::decode_response(format, &encoded)
                        .map_err(|e| format!("encoded response does not decode: {e}"))?;
                    if again != response {
                        return Err(format!(
                            "response round trip: {response:?} became {again:?}"
                        ));
                    }
                }
                Err(ResponseError::Vendor(error)) => {
                    if error.code.description().is_none() {
                        return Err(format!(
                            "error code {} is not in the spec",
                            error.code.code()
                        ));
                    }
                    let encoded = E::encode_error(&error, format);
                    match E::decode_response(format, &encoded) {
                        Err(ResponseError::Vendor(again)) if again == error => {}
                        other => {
                            return Err(format!("error round trip: {error:?} became {other:?}"));
                        }
                    }
                }
                Err(ResponseError::Decode(e)) => {
                    return Err(format!("response does not decode: {e}"));
                }
            }
        }
        Ok(())
    }
}

impl EndpointVisitor for CheckExamples {
    fn visit<E: Endpoint>(&mut self) {
        for example in E::META.examples {
            if let Err(problem) = self.check::<E>(example) {
                self.failures.push(format!(
                    "{} (`{}`, example `{}`): {problem}",
                    E::META.id,
                    E::META.spec,
                    example.name
                ));
            }
            self.checked += 1;
        }
    }
}

#[test]
fn every_spec_example_round_trips_through_the_generated_types() {
    let mut visitor = CheckExamples::default();
    pbx_api::for_each_endpoint(&mut visitor);
    assert!(
        visitor.failures.is_empty(),
        "{}",
        visitor.failures.join("\n")
    );
    let declared: usize = pbx_api::ENDPOINTS.iter().map(|m| m.examples.len()).sum();
    assert_eq!(visitor.checked, declared);
    assert!(declared >= 15, "only {declared} examples in the specs");
}

#[test]
fn every_endpoint_documents_an_example_in_each_of_its_formats() {
    let mut missing = Vec::new();
    for meta in pbx_api::ENDPOINTS {
        // A GET or a bare POST sends no body, so it has no request body to show.
        if meta.method == "GET" || meta.body == pbx_api::wire::Body::None {
            continue;
        }
        for format in meta.formats {
            if !meta
                .examples
                .iter()
                .any(|x| x.format == *format && x.request.is_some())
            {
                missing.push(format!("{} has no {format} request example", meta.id));
            }
        }
    }
    // JSON-only and XML-only families are fine; dual-format ones must show both.
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Re-encodes every documented JSON response and compares it with the example: the encoders
/// write the shapes the vendors send (an empty list present as `[]` where the vendor sends it,
/// Switchvox's one-item lists and single errors as objects, several as arrays).
struct EncodeLikeTheVendor {
    checked: usize,
    failures: Vec<String>,
}

impl EndpointVisitor for EncodeLikeTheVendor {
    fn visit<E: Endpoint>(&mut self) {
        for example in E::META.examples {
            let (Format::Json, Some(body)) = (example.format, example.response) else {
                continue;
            };
            let body = trim(body.as_bytes());
            let encoded = match E::decode_response(Format::Json, body) {
                Ok(response) => E::encode_response(&response, Format::Json),
                Err(ResponseError::Vendor(error)) => E::encode_error(&error, Format::Json),
                Err(ResponseError::Decode(_)) => continue,
            };
            self.checked += 1;
            if let Err(problem) = same_body(Format::Json, &encoded, body) {
                self.failures.push(format!(
                    "{} (example `{}`): {problem}",
                    E::META.id,
                    example.name
                ));
            }
        }
    }
}

#[test]
fn every_json_response_example_is_what_the_encoder_writes() {
    let mut visitor = EncodeLikeTheVendor {
        checked: 0,
        failures: Vec::new(),
    };
    pbx_api::for_each_endpoint(&mut visitor);
    assert!(
        visitor.failures.is_empty(),
        "{}",
        visitor.failures.join("\n")
    );
    assert!(visitor.checked >= 10, "only {} checked", visitor.checked);
}
