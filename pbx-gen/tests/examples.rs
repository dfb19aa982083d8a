//! The compile-time check of documented examples on spec text: vendor mistakes are kept as
//! written (and checked for what they claim), corrections are checked as examples, and every
//! problem names the line and column inside the body.

const FAMILY: &str = r#"
name = "Demo API"
version = "v1"
url = "/api/{version}/{path}?token={token}&type={format}"
formats = ["json", "xml"]
envelope = "status"
errors = [{ code = 10004, name = "ParameterBlank", message = "The required parameter is blank" }]
"#;

const HEAD: &str = r#"
name = "Hold"
summary = "Holds a call."
path = "extension/hold"
effect = "call"

[params.extid]
type = "string"
required = true
chars = "0-9"
"#;

fn generate(examples: &str) -> Result<(), Vec<String>> {
    let text = format!("{HEAD}\n{examples}");
    pbx_gen::generate_from_text(FAMILY, &[("hold", &text)]).map(|_| ())
}

#[test]
fn a_smart_quote_marked_as_an_error_is_kept() {
    let plain = r#"
[[examples]]
name = "page"
format = "json"
response = '''{"status":”Success"}'''
"#;
    let errors = generate(plain).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("malformed JSON"), "{}", errors[0]);
    let marked = r#"
[[examples]]
name = "page"
format = "json"
mistake = "A typographic quote before `Success`."
decodes = "error"
response = '''{"status":”Success"}'''
"#;
    generate(marked).unwrap();
}

#[test]
fn a_lenient_mistake_is_checked_through_its_correction() {
    let lenient = |corrected: &str| {
        format!(
            r#"
[[examples]]
name = "page"
format = "json"
mistake = "The page's response echoes the extension."
decodes = "lenient"
response = '''{{"status":"Success","extid":"101"}}'''
corrected = '''{corrected}'''
"#
        )
    };
    generate(&lenient(r#"{"status":"Success"}"#)).unwrap();
    let errors = generate(&lenient(r#"{"status":"Success","extid":"101"}"#)).unwrap_err();
    assert!(errors[0].contains("`extid` is not declared"), "{errors:?}");
}

#[test]
fn errors_point_inside_the_body() {
    let body = r#"
[[examples]]
name = "page"
format = "xml"
request = '''
<xml>
	<extid>10a</extid>
</xml>
'''
"#;
    let errors = generate(body).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    // The line of the file holding `10a`, and its column: a tab, then `<extid>`.
    let file = format!("{HEAD}\n{body}");
    let line = file.lines().position(|l| l.contains("10a")).unwrap() + 1;
    let expected = format!("hold.toml:{line}:9");
    assert!(errors[0].contains(&expected), "{expected} in {}", errors[0]);
}

#[test]
fn a_json_only_endpoint_refuses_an_xml_example_and_needs_none() {
    // `formats` goes among the top keys, before the tables.
    let text = HEAD.replacen(
        "effect = \"call\"\n",
        "effect = \"call\"\nformats = [\"json\"]\n",
        1,
    );
    let ok = format!(
        "{text}\n[[examples]]\nname = \"page\"\nformat = \"json\"\nrequest = '{{\"extid\":\"101\"}}'\n"
    );
    pbx_gen::generate_from_text(FAMILY, &[("hold", &ok)]).unwrap();
    let xml = format!(
        "{text}\n[[examples]]\nname = \"page\"\nformat = \"xml\"\nrequest = '<xml><extid>101</extid></xml>'\n"
    );
    let errors = pbx_gen::generate_from_text(FAMILY, &[("hold", &xml)]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("this endpoint speaks only json (its `formats`), so an example in xml"),
        "{}",
        errors[0]
    );
}
