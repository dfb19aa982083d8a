// `in = "query"` on a POST: that parameter travels in the URL, the others in the body; a
// family with `versions` builds its URLs for the version asked for, and an endpoint is refused
// for a version older than its `since`.

pbx_macros::specs!("../specs/pass_http");

use pbx_api::wire::{Endpoint, Format};

fn main() {
    let request = demo::lookup::Request::new("a b", "hello");
    let http = request.to_http_at(Format::Json, "t", "v2").unwrap();
    assert_eq!(http.path_and_query, "/api/v2/lookup?token=t&id=a%20b");
    assert_eq!(String::from_utf8(http.body).unwrap(), r#"{"note":"hello"}"#);
    assert!(request.to_http_at(Format::Json, "t", "v1").is_err());
    assert!(request.to_http(Format::Json, "t").is_err(), "v1 is the default");
    let query = vec![("id".to_owned(), "x%2Fy".to_owned())];
    let (back, _) =
        demo::lookup::Request::decode_lenient_http(Format::Json, &query, br#"{"note":"n"}"#)
            .unwrap();
    assert_eq!(back, demo::lookup::Request::new("x/y", "n"));
}
