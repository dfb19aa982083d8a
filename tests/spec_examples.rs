//! Every example in every spec file, checked through the generated types: a documented request
//! decodes and re-encodes to the same body, a documented response decodes (to the typed result
//! or the family's typed error), and both round-trip. A contributor's new example is covered
//! with no test edit.

use pbx_api::prelude::*;
use pbx_api::wire::{Decodes, EndpointVisitor, Example, Mistake};
use pbx_tests::{same_body, trim};

#[derive(Default)]
struct CheckExamples {
    checked: usize,
    failures: Vec<String>,
}

impl CheckExamples {
    fn check<E: Endpoint>(&mut self, example: &pbx_api::wire::Example) -> Result<(), String> {
        if let Some(mistake) = &example.mistake {
            return check_mistake::<E>(example, mistake);
        }
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
                    // A failure without a code (`[failure.<field>]`) has no description.
                    if error.code.description().is_none() && !error.code.code().is_empty() {
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

/// A documented mistake: `decodes = "error"` bodies are refused with a typed decode error;
/// `lenient` ones decode, to what `corrected` decodes to when it is given, and re-encode to
/// `corrected` (without it, to a body that decodes back to the same value).
fn check_mistake<E: Endpoint>(example: &Example, mistake: &Mistake) -> Result<(), String> {
    let format = example.format;
    let corrected = mistake.corrected.map(|c| trim(c.as_bytes()));
    if let Some(body) = example.request {
        let decoded = E::decode(format, trim(body.as_bytes()));
        match (mistake.decodes, decoded) {
            (Decodes::Error, Err(_)) => {}
            (Decodes::Error, Ok(r)) => {
                return Err(format!(
                    "`decodes = \"error\"`, but the request decodes: {r:?}"
                ));
            }
            (Decodes::Lenient, Err(e)) => {
                return Err(format!(
                    "`decodes = \"lenient\"`, but the request does not decode: {e}"
                ));
            }
            (Decodes::Lenient, Ok(request)) => {
                let encoded = request
                    .encode(format)
                    .map_err(|e| format!("decoded request does not encode: {e}"))?;
                if let Some(c) = corrected {
                    let want = E::decode(format, c)
                        .map_err(|e| format!("`corrected` does not decode: {e}"))?;
                    if want != request {
                        return Err(format!("decodes to {request:?}, `corrected` to {want:?}"));
                    }
                    same_body(format, &encoded, c)?;
                }
                let again = E::decode(format, &encoded)
                    .map_err(|e| format!("encoded request does not decode: {e}"))?;
                if again != request {
                    return Err(format!("request round trip: {request:?} became {again:?}"));
                }
            }
        }
    }
    if let Some(body) = example.response {
        let decoded = E::decode_response(format, trim(body.as_bytes()));
        match (mistake.decodes, decoded) {
            (Decodes::Error, Err(ResponseError::Decode(_))) => {}
            (Decodes::Error, other) => {
                return Err(format!(
                    "`decodes = \"error\"`, but the response gives {other:?}"
                ));
            }
            (Decodes::Lenient, Err(e)) => {
                return Err(format!(
                    "`decodes = \"lenient\"`, but the response gives {e}"
                ));
            }
            (Decodes::Lenient, Ok(response)) => {
                let encoded = E::encode_response(&response, format);
                if let Some(c) = corrected {
                    let want = E::decode_response(format, c)
                        .map_err(|e| format!("`corrected` does not decode: {e}"))?;
                    if want != response {
                        return Err(format!("decodes to {response:?}, `corrected` to {want:?}"));
                    }
                    same_body(format, &encoded, c)?;
                }
                let again = E::decode_response(format, &encoded)
                    .map_err(|e| format!("encoded response does not decode: {e}"))?;
                if again != response {
                    return Err(format!(
                        "response round trip: {response:?} became {again:?}"
                    ));
                }
            }
        }
    }
    Ok(())
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
            // A documented mistake is compared only with its correction, when it has one.
            let (body, expected) = match &example.mistake {
                None => (body, body),
                Some(Mistake {
                    corrected: Some(c), ..
                }) => (body, *c),
                Some(_) => continue,
            };
            let (body, expected) = (trim(body.as_bytes()), trim(expected.as_bytes()));
            let encoded = match E::decode_response(Format::Json, body) {
                Ok(response) => E::encode_response(&response, Format::Json),
                Err(ResponseError::Vendor(error)) => E::encode_error(&error, Format::Json),
                Err(ResponseError::Decode(_)) => continue,
            };
            self.checked += 1;
            if let Err(problem) = same_body(Format::Json, &encoded, expected) {
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

/// Endpoints that speak fewer formats than their family (`formats = ["json"]`): a request in
/// another format is refused before anything is sent, with a typed error naming the format,
/// and no example of it is asked for.
struct SingleFormat {
    checked: usize,
    failures: Vec<String>,
}

impl EndpointVisitor for SingleFormat {
    fn visit<E: Endpoint>(&mut self) {
        let meta = E::META;
        let Some(request) = meta.examples.iter().find_map(|x| {
            let body = x.request?;
            E::decode(x.format, trim(body.as_bytes())).ok()
        }) else {
            return;
        };
        for format in Format::ALL {
            if meta.formats.contains(&format) {
                continue;
            }
            self.checked += 1;
            // At the version that added the endpoint, so `since` does not refuse it first.
            match request.to_http_at(format, "token", meta.since.unwrap_or(meta.api.version)) {
                Err(e) if e.param() == "format" => {}
                other => self
                    .failures
                    .push(format!("{} in {format}: {other:?}", meta.id)),
            }
            if meta.examples.iter().any(|x| x.format == format) {
                self.failures.push(format!(
                    "{} has a {format} example it cannot speak",
                    meta.id
                ));
            }
        }
    }
}

#[test]
fn single_format_endpoints_refuse_the_other_format() {
    let mut visitor = SingleFormat {
        checked: 0,
        failures: Vec::new(),
    };
    pbx_api::for_each_endpoint(&mut visitor);
    assert!(
        visitor.failures.is_empty(),
        "{}",
        visitor.failures.join("\n")
    );
    // OpenVox `heartbeat` and `logout` are documented in JSON only; JSON-only families count too.
    assert!(visitor.checked >= 2, "only {} checked", visitor.checked);
}
