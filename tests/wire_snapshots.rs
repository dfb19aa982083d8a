//! Snapshots of the exact wire form of every endpoint in every format it supports: method,
//! path with query, content type and body of the request, and the body of the response. A
//! changed wire format fails CI (`INSTA_UPDATE=no`) until the new snapshot is reviewed.

use pbx_api::prelude::*;
use pbx_api::wire::EndpointVisitor;
use pbx_tests::trim;

/// The token in every snapshot: the one in the OpenVox seeds.
const TOKEN: &str = "813b621cfe8eecf445a2ce1f4a079ffe";

#[derive(Default)]
struct Snapshot {
    names: Vec<String>,
}

impl EndpointVisitor for Snapshot {
    fn visit<E: Endpoint>(&mut self) {
        let meta = E::META;
        // The request and response of the first example with both, in whatever format; an
        // endpoint whose vendor page shows no response (P-Series `call/query`) shows its
        // request alone.
        let pair = meta.examples.iter().find_map(|x| {
            let request = E::decode(x.format, trim(x.request?.as_bytes())).ok()?;
            let response = E::decode_response(x.format, trim(x.response?.as_bytes())).ok()?;
            Some((request, Some(response)))
        });
        let request_only = || {
            meta.examples.iter().find_map(|x| {
                let request = E::decode(x.format, trim(x.request?.as_bytes())).ok()?;
                Some((request, None))
            })
        };
        // A request that carries no body (a GET, a bare POST) has no body to show: it is built
        // from its parameters' example values, as they travel in the URL.
        let from_param_examples = || {
            if meta.method != "GET" && meta.body != pbx_api::wire::Body::None {
                return None;
            }
            let query: Vec<(String, String)> = meta
                .params
                .iter()
                .filter_map(|p| Some((p.name.to_owned(), p.example?.to_owned())))
                .collect();
            let format = *meta.formats.first()?;
            let (request, _) = E::decode_lenient_http(format, &query, b"").ok()?;
            Some((request, None))
        };
        // A body request whose only documented example is a vendor mistake (OpenVox
        // `cdr/get_random`'s unclosed string): its parameters' example values, as a JSON body.
        let from_param_body = || {
            let body: serde_json::Map<String, serde_json::Value> = meta
                .params
                .iter()
                .filter_map(|p| Some((p.name.to_owned(), p.example?.into())))
                .collect();
            let bytes = serde_json::to_vec(&body).ok()?;
            let request = E::decode(pbx_api::wire::Format::Json, &bytes).ok()?;
            Some((request, None))
        };
        let (request, response) = pair
            .or_else(request_only)
            .or_else(from_param_examples)
            .or_else(from_param_body)
            .unwrap_or_else(|| panic!("{} has no request example", meta.id));
        for format in meta.formats {
            // At the version that added the endpoint (`since`), the oldest that has it.
            let version = meta.since.unwrap_or(meta.api.version);
            let http = request
                .to_http_at(*format, TOKEN, version)
                .unwrap_or_else(|e| panic!("{}: {e}", meta.id));
            let mut headers = String::new();
            if !http.content_type.is_empty() {
                headers.push_str(&format!("Content-Type: {}\n", http.content_type));
            }
            if let Some(agent) = meta.api.user_agent {
                headers.push_str(&format!("User-Agent: {agent}\n"));
            }
            let wire = format!(
                "{} {}\n{headers}\n{}\n\n--- response ---\n{}\n",
                http.method,
                http.path_and_query,
                String::from_utf8_lossy(&http.body),
                response.as_ref().map_or_else(
                    || "(no documented example)".to_owned(),
                    |r| String::from_utf8_lossy(&E::encode_response(r, *format)).into_owned()
                ),
            );
            let name = format!("{}.{format}", meta.id.replace("::", "."));
            insta::assert_snapshot!(name.clone(), wire);
            self.names.push(format!("wire_snapshots__{name}.snap"));
        }
    }
}

#[test]
fn wire_form_of_every_endpoint_in_every_format() {
    let mut snapshot = Snapshot::default();
    pbx_api::for_each_endpoint(&mut snapshot);
    // A snapshot whose endpoint or format is gone must go too.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the snapshots folder") {
        let file = entry
            .expect("a folder entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if file.starts_with("wire_snapshots__") && !snapshot.names.contains(&file) {
            orphans.push(file);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without an endpoint: {orphans:?}"
    );
}
