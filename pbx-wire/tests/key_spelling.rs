//! `Key::spelled`: one literal cut into a field's JSON and XML spellings at compile time.

use pbx_wire::write::Key;

const EXTID: Key = Key::spelled("\"extid\":<extid></extid>");

#[test]
fn cuts_the_three_spellings() {
    assert_eq!(EXTID.name, "extid");
    assert_eq!(EXTID.json, "\"extid\":");
    assert_eq!(EXTID.open, "<extid>");
    assert_eq!(EXTID.close, "</extid>");
    assert!(EXTID.is_consistent());
}

#[test]
fn names_of_one_byte_and_beyond_ascii() {
    let short = Key::spelled("\"a\":<a></a>");
    assert_eq!((short.name, short.open, short.close), ("a", "<a>", "</a>"));
    assert!(short.is_consistent());
    let wide = Key::spelled("\"prénom\":<prénom></prénom>");
    assert_eq!(wide.name, "prénom");
    assert_eq!(wide.json, "\"prénom\":");
    assert!(wide.is_consistent());
}

#[test]
#[should_panic(expected = "not a key spelling")]
fn refuses_spellings_of_two_names() {
    // At run time here; in generated code the same check fails the build.
    let _ = Key::spelled(std::hint::black_box("\"ab\":<ab></ac>"));
}

#[test]
#[should_panic(expected = "not a key spelling")]
fn refuses_a_spelling_of_the_wrong_length() {
    let _ = Key::spelled(std::hint::black_box("\"ab\":<ab></ab"));
}
