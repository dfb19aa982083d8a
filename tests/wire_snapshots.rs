//! Snapshots of the exact wire form of every endpoint in every format it supports: method,
//! path with query, content type and body of the request, and the body of the response. A
//! changed wire format fails CI (`INSTA_UPDATE=no`) until the new snapshot is reviewed.

use pbx_api::prelude::*;
use pbx_api::wire::EndpointVisitor;
use pbx_tests::trim;

/// The token in every snapshot: the one in the OpenVox seeds.
const TOKEN: &str = "813b621cfe8eecf445a2ce1f4a079ffe";

struct Snapshot;

impl EndpointVisitor for Snapshot {
    fn visit<E: Endpoint>(&mut self) {
        let meta = E::META;
        // The request and response of the first example with both, in whatever format.
        let (request, response) = meta
            .examples
            .iter()
            .find_map(|x| {
                let request = E::decode(x.format, trim(x.request?.as_bytes())).ok()?;
                let response = E::decode_response(x.format, trim(x.response?.as_bytes())).ok()?;
                Some((request, response))
            })
            .unwrap_or_else(|| panic!("{} has no example with a request and a response", meta.id));
        for format in meta.formats {
            let http = request
                .to_http(*format, TOKEN)
                .unwrap_or_else(|e| panic!("{}: {e}", meta.id));
            let wire = format!(
                "{} {}\nContent-Type: {}\n\n{}\n\n--- response ---\n{}\n",
                http.method,
                http.path_and_query,
                http.content_type,
                String::from_utf8_lossy(&http.body),
                String::from_utf8_lossy(&E::encode_response(&response, *format)),
            );
            let name = format!("{}.{format}", meta.id.replace("::", "."));
            insta::assert_snapshot!(name, wire);
        }
    }
}

#[test]
fn wire_form_of_every_endpoint_in_every_format() {
    pbx_api::for_each_endpoint(&mut Snapshot);
}
