//! Lists written one-or-many (`Sink::one_item_lists`, Switchvox's JSON): one item alone, an
//! empty wrapped list `{}`, an empty bare list left out, several an array; and the Switchvox
//! error envelope, one error an object and several an array.

use pbx_wire::envelope::RawError;
use pbx_wire::write::{JsonList, JsonScalar, JsonWriter, Place, Sink, XmlWriter};
use pbx_wire::{Envelope, Format};

/// Writes `{"a":1, <list>, "z":2}` with `items` items in a bare or wrapped list.
fn document<S: Sink>(out: &mut S, items: i64, wrapped: bool) {
    out.begin_document("doc");
    out.integer("a", 1, JsonScalar::Raw, Place::Element);
    let (wrapper, json) = if wrapped {
        (Some("item"), JsonList::Wrapped)
    } else {
        (None, JsonList::Array)
    };
    out.begin_list("items", wrapper, json);
    for i in 0..items {
        out.begin(if wrapped { "item" } else { "items" });
        out.integer("n", i, JsonScalar::Raw, Place::Attribute);
        out.end();
    }
    out.end_list();
    out.integer("z", 2, JsonScalar::Raw, Place::Element);
    out.end_document();
}

fn json(items: i64, wrapped: bool, one_or_many: bool) -> String {
    let mut w = JsonWriter::with_capacity(64);
    if one_or_many {
        w.one_item_lists();
    }
    document(&mut w, items, wrapped);
    String::from_utf8(w.finish()).expect("UTF-8")
}

#[test]
fn arrays_stay_arrays_by_default() {
    assert_eq!(json(0, false, false), r#"{"a":1,"items":[],"z":2}"#);
    assert_eq!(json(1, false, false), r#"{"a":1,"items":[{"n":0}],"z":2}"#);
    assert_eq!(
        json(1, true, false),
        r#"{"a":1,"items":{"item":[{"n":0}]},"z":2}"#
    );
}

#[test]
fn one_or_many_lists() {
    assert_eq!(json(0, false, true), r#"{"a":1,"z":2}"#);
    assert_eq!(json(1, false, true), r#"{"a":1,"items":{"n":0},"z":2}"#);
    assert_eq!(
        json(2, false, true),
        r#"{"a":1,"items":[{"n":0},{"n":1}],"z":2}"#
    );
    assert_eq!(json(0, true, true), r#"{"a":1,"items":{},"z":2}"#);
    assert_eq!(
        json(1, true, true),
        r#"{"a":1,"items":{"item":{"n":0}},"z":2}"#
    );
    assert_eq!(
        json(3, true, true),
        r#"{"a":1,"items":{"item":[{"n":0},{"n":1},{"n":2}]},"z":2}"#
    );
}

#[test]
fn an_empty_first_member_leaves_no_comma() {
    let mut w = JsonWriter::with_capacity(64);
    w.one_item_lists();
    w.begin_document("doc");
    w.begin_list("items", None, JsonList::Array);
    w.end_list();
    w.integer("z", 2, JsonScalar::Raw, Place::Element);
    w.end_document();
    assert_eq!(String::from_utf8(w.finish()).expect("UTF-8"), r#"{"z":2}"#);
}

#[test]
fn xml_is_unchanged() {
    let mut plain = XmlWriter::new(64, None, None);
    document(&mut plain, 1, true);
    let mut one = XmlWriter::new(64, None, None);
    one.one_item_lists();
    document(&mut one, 1, true);
    assert_eq!(plain.finish(), one.finish());
}

fn switchvox_errors(n: usize) -> String {
    let errors: Vec<RawError> = (0..n)
        .map(|i| RawError {
            code: format!("1001{i}"),
            message: Some(format!("m{i}")),
        })
        .collect();
    let mut w = JsonWriter::with_capacity(64);
    Envelope::Switchvox.write_errors(&mut w, Format::Json, Some("switchvox.call"), &errors);
    String::from_utf8(w.finish()).expect("UTF-8")
}

#[test]
fn switchvox_errors_one_is_an_object_several_an_array() {
    assert_eq!(
        switchvox_errors(1),
        r#"{"response":{"method":"switchvox.call","errors":{"error":{"code":10010,"message":"m0"}}}}"#
    );
    assert_eq!(
        switchvox_errors(2),
        r#"{"response":{"method":"switchvox.call","errors":{"error":[{"code":10010,"message":"m0"},{"code":10011,"message":"m1"}]}}}"#
    );
}
