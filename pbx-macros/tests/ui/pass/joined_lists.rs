// `join`: a list travels as one value, `"111,112"`, in JSON, XML and the query string; it is
// split when read (a JSON array of values is accepted too), and each item is checked.

pbx_macros::specs!("../specs/pass_join");

use pbx_api::wire::{Endpoint, Fields, Format};

fn main() {
    let request = demo::query::Request::new(vec![6500, 8000])
        .ids(["1.5", "2.25"])
        .members(["111", "112"]);
    let http = request.to_http(Format::Json, "t").unwrap();
    assert_eq!(http.path_and_query, "/api/v1/query?token=t&ids=1.5%2C2.25");
    assert_eq!(
        String::from_utf8(http.body).unwrap(),
        r#"{"rooms":"6500|8000","members":"111,112"}"#
    );
    let xml = String::from_utf8(request.encode(Format::Xml).unwrap()).unwrap();
    assert!(xml.contains("<rooms>6500|8000</rooms>"), "{xml}");
    assert!(xml.contains("<members>111,112</members>"), "{xml}");
    let (back, _) = demo::query::Request::decode_lenient(Format::Xml, xml.as_bytes()).unwrap();
    assert_eq!(back.rooms, [6500, 8000]);
    assert_eq!(back.members, ["111", "112"]);

    // The query string is read back and split.
    let query = vec![("ids".to_owned(), "1.5%2C2.25".to_owned())];
    let (back, _) =
        demo::query::Request::decode_lenient_http(Format::Json, &query, br#"{"rooms":"1"}"#)
            .unwrap();
    assert_eq!(back.ids, ["1.5", "2.25"]);
    assert_eq!(back.rooms, [1]);

    // An array of values (as the command line builds) reads as the same list.
    let (back, _) =
        demo::query::Request::decode_lenient(Format::Json, br#"{"rooms":["1","2|3"]}"#).unwrap();
    assert_eq!(back.rooms, [1, 2, 3]);

    // Items are checked one by one; an unconstrained item may not hold the separator.
    let bad = demo::query::Request::new(vec![1]).ids(["1", "x"]);
    let err = bad.validate().unwrap_err();
    assert_eq!(err.param(), "ids[1]");
    let bad = demo::query::Request::new(vec![1]).members(["1,2"]);
    let err = bad.validate().unwrap_err();
    assert!(err.reason().contains("separator"), "{err}");
    assert!(demo::query::Request::decode_lenient(Format::Json, br#"{"rooms":"1|x"}"#).is_err());
    // A required joined list needs an item.
    assert!(demo::query::Request::decode_lenient(Format::Json, br#"{"rooms":""}"#).is_err());

    // Responses: the tree path and the direct JSON path agree.
    let body = br#"{"status":"Success","numbers":"1,2,3"}"#;
    let response = demo::query::Request::decode_response(Format::Json, body).unwrap();
    assert_eq!(response.numbers, [1, 2, 3]);
    let tree = demo::query::Request::decode_response_tree(Format::Json, body).unwrap();
    assert_eq!(tree, response);
    let xml = br#"<xml><status>Success</status><numbers>4,5</numbers></xml>"#;
    let from_xml = demo::query::Request::decode_response(Format::Xml, xml).unwrap();
    assert_eq!(from_xml.numbers, [4, 5]);
    let again = demo::query::Request::encode_response(&response, Format::Json);
    assert_eq!(again, body);
}
