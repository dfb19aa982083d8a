//! The direct decoders (`pbx_wire::json`, `pbx_wire::xml`) read every documented success
//! answer the tree reads, in both formats, and read it the same. The cross-check (feature
//! `cross-check`) proves "the same" wherever the direct path answers; this test proves it
//! answers: a direct path that gave up on everything would pass every other test.
//!
//! ```text
//! cargo test -p pbx-tests --test direct_paths
//! ```

use pbx_api::prelude::*;
use pbx_api::wire::EndpointVisitor;

/// For each format, the documented success answers the tree decodes, and those the direct
/// path does not (by endpoint and example name).
#[derive(Default)]
struct Census {
    decoded: [usize; 2],
    missed: [Vec<String>; 2],
}

impl EndpointVisitor for Census {
    fn visit<E: Endpoint>(&mut self) {
        let meta = E::META;
        for example in meta.examples {
            let Some(body) = example.response else {
                continue;
            };
            let format = example.format;
            let Ok(tree) = E::decode_response_tree(format, body.as_bytes()) else {
                continue;
            };
            let envelope = meta.api.envelope;
            let direct = match format {
                Format::Json => {
                    envelope.read_json_success::<E::Response>(body.as_bytes(), meta.rpc_method)
                }
                Format::Xml => {
                    envelope.read_xml_success::<E::Response>(body.as_bytes(), meta.rpc_method)
                }
            };
            let slot = usize::from(format == Format::Xml);
            self.decoded[slot] += 1;
            match direct {
                Some(value) => assert_eq!(value, tree, "{} `{}`", meta.id, example.name),
                None => self.missed[slot].push(format!("{} `{}`", meta.id, example.name)),
            }
        }
    }
}

#[test]
fn the_direct_paths_read_the_documented_answers() {
    let mut census = Census::default();
    pbx_api::for_each_endpoint(&mut census);
    for (slot, format) in ["JSON", "XML"].iter().enumerate() {
        let (decoded, missed) = (census.decoded[slot], &census.missed[slot]);
        println!(
            "{format}: {decoded} documented answers, {} left to the tree",
            missed.len()
        );
        assert!(decoded > 0, "no documented {format} success answers");
    }
    assert!(
        census.missed.iter().all(Vec::is_empty),
        "the direct paths gave up on documented answers: {:#?}",
        census.missed
    );
}

/// Bodies one edit away from a documented answer, each of a shape the direct XML reader must
/// give up on or read exactly as the tree does (`decode_response` checks that it agrees with
/// the tree under `cross-check`, panicking otherwise); `true` where the tree accepts the body.
#[test]
fn the_direct_xml_path_agrees_with_the_tree_on_unusual_shapes() {
    use pbx_api::{openvox, switchvox};
    type Query = openvox::outbound::query::Request;
    type Queue = openvox::queuestatus::query::Request;
    type Calls = switchvox::current_calls::get_list::Request;
    let call = "<outbound><outboundid>1</outboundid><from>2</from><to>3</to><trunk>t</trunk><status>Talking</status></outbound>";
    let query = |inner: &str| format!("<?xml version=\"1.0\"?>\n<xml>{inner}</xml>");
    let cases: Vec<(String, bool)> = vec![
        (query(&format!("<status>Success</status>{call}")), true),
        (
            query(&format!("<status>Success</status>{call}{call}")),
            true,
        ),
        (
            query(&format!(
                "<status>Success</status><status>Success</status>{call}"
            )),
            false,
        ),
        (
            query(&format!(
                "<status> success </status>{call}<other a=\"1\"><b/></other>"
            )),
            true,
        ),
        (
            query(&format!(
                "<status>Success</status>{call}<other>&bogus;</other>"
            )),
            false,
        ),
        (
            query(&format!(
                "<status>Success</status>{call}<other a=\"1\" a=\"2\"/>"
            )),
            false,
        ),
        (
            query(&format!("<status>Success</status><errno>1</errno>{call}")),
            true,
        ),
        (
            query(&format!(
                "<status>Success</status>{}",
                call.replace("<to>3</to>", "<to>3</to><to>4</to>")
            )),
            false,
        ),
        (
            query(&format!(
                "<status>Success</status>{}",
                call.replace("<to>3</to>", "<to><x/></to>")
            )),
            false,
        ),
        // Response enums are open: an unlisted state is kept.
        (
            query(&format!(
                "<status>Success</status>{}",
                call.replace("Talking", "Dancing")
            )),
            true,
        ),
        (
            query(&format!(
                "<status>Success</status>{}",
                call.replace("<from>2</from>", "")
            )),
            false,
        ),
        (
            query(&format!(
                "<status>Success</status>{}",
                call.replace("<to>3</to>", "<to>&lt;3&#x41;<![CDATA[&]]></to>")
            )),
            true,
        ),
        (
            query(&format!("<status>Success</status>{call}")) + "<trailing/>",
            false,
        ),
        (
            format!("<!DOCTYPE xml>{}", query("<status>Success</status>")),
            false,
        ),
        (query("<status>Failed</status><errno>30001</errno>"), false),
    ];
    for (body, ok) in &cases {
        assert_eq!(
            Query::decode_response(Format::Xml, body.as_bytes()).is_ok(),
            *ok,
            "{body}"
        );
    }
    let queue = |members: &str| {
        format!(
            "<xml><status>Success</status><queue><queuenumber>9998</queuenumber><queuestatus>{members}<callercount>0</callercount></queuestatus></queue></xml>"
        )
    };
    let item = "<item id=\"0\"><agent>102</agent><agentstatus>1</agentstatus></item>";
    for (body, ok, items) in [
        (queue(&format!("<members>{item}{item}</members>")), true, 2),
        (queue("<members/>"), true, 0),
        (queue("<members>\n\t</members>"), true, 0),
        (queue(""), true, 0),
        (queue(item), true, 1),
        (queue(&format!("<members>{item}</members>{item}")), true, 1),
        (
            queue(&format!(
                "<members>{item}</members><members>{item}</members>"
            )),
            false,
            0,
        ),
        (queue("<members><other/></members>"), false, 0),
        (queue("<members>text</members>"), false, 0),
    ] {
        let decoded = Queue::decode_response(Format::Xml, body.as_bytes());
        assert_eq!(decoded.is_ok(), ok, "{body}");
        if let Ok(answer) = decoded {
            assert_eq!(answer.queue.queuestatus.members.len(), items, "{body}");
        }
    }
    let calls = |attrs: &str, inner: &str| {
        format!(
            "<response method=\"switchvox.currentCalls.getList\"><result><current_calls total_items=\"1\"><current_call id=\"4120\" state=\"talking\"{attrs}>{inner}</current_call></current_calls></result></response>"
        )
    };
    for (body, ok) in [
        (calls("", ""), true),
        (calls(" duration=\"42\"", ""), true),
        (calls(" duration=\"x\"", ""), false),
        (calls(" id=\"1\"", ""), false),
        (calls("", "<duration>42</duration>"), true),
        (calls(" duration=\"42\"", "<duration>7</duration>"), true),
        (calls("", "<id>1</id>"), true),
        (
            calls("", "").replace("switchvox.currentCalls.getList", "switchvox.call"),
            false,
        ),
        // The vendor's error, beside a result: the error wins.
        (
            calls("", "").replace("<result>", "<errors><error code=\"1\"/></errors><result>"),
            false,
        ),
    ] {
        let decoded = Calls::decode_response(Format::Xml, body.as_bytes());
        assert_eq!(decoded.is_ok(), ok, "{body}");
    }
}

/// The direct JSON reader and the tree agree on success answers with stray or odd members,
/// including on endpoints that declare a bare `[failure]` shape (whose check must not look at
/// `errno` unless the status says `Failed`).
#[test]
fn the_direct_json_path_agrees_with_the_tree_on_unusual_shapes() {
    use pbx_api::yeastar_s;
    type Sms = yeastar_s::sms::send::Request;
    let smsid = r#""smsid":"18396210850-1502874159""#;
    for (body, ok) in [
        (format!(r#"{{"status":"Success",{smsid}}}"#), true),
        (format!(r#"{{"status":" success ",{smsid}}}"#), true),
        (
            format!(r#"{{"status":"Success","errno":{{}},{smsid}}}"#),
            true,
        ),
        (
            format!(r#"{{"status":"Success","errno":[1],{smsid}}}"#),
            true,
        ),
        (
            format!(r#"{{"status":"Success","errno":"1",{smsid}}}"#),
            true,
        ),
        (
            format!(r#"{{"status":"Success",{smsid},"x":{{"y":[1]}}}}"#),
            true,
        ),
        (
            format!(r#"{{"status":"Success","status":"Success",{smsid}}}"#),
            false,
        ),
        (format!(r#"{{"status":"Success",{smsid},{smsid}}}"#), false),
        (format!(r#"{{"status":"Success",{smsid}}} trailing"#), false),
        (r#"{"status":"Success"}"#.to_owned(), false),
        (r#"{"status":"Success","smsid":7}"#.to_owned(), true),
        (format!(r#"{{"status":"Failed",{smsid}}}"#), false),
        (
            format!(r#"{{"status":"Failed","errno":{{}},{smsid}}}"#),
            false,
        ),
    ] {
        let decoded = Sms::decode_response(Format::Json, body.as_bytes());
        assert_eq!(decoded.is_ok(), ok, "{body}: {decoded:?}");
    }
}

/// Switchvox's JSON, its XML converted: the direct reader takes the `response` envelope and
/// lists wrapped as XML wraps them (`"variables":{"ivr_variable":..}`), one item alone or an
/// array, and agrees with the tree on the shapes around them (`decode_response` checks each
/// body it reads directly against the tree under `cross-check`).
#[test]
fn the_direct_json_path_agrees_with_the_tree_on_switchvox_answers() {
    use pbx_api::switchvox;
    type Call = switchvox::call::Request;
    let var = r#"{"id":"3","name":"balance","status":"exists"}"#;
    let call = |variables: &str| {
        format!(
            r#"{{"response":{{"method":"switchvox.call","result":{{"call_info":{{"dialed_first":"101","dialed_second":"301","variables":{variables}}}}}}}}}"#
        )
    };
    // The usual shapes are read directly, not left to the tree.
    let envelope = Call::META.api.envelope;
    for variables in [
        "{}".to_owned(),
        format!(r#"{{"ivr_variable":{var}}}"#),
        format!(r#"{{"ivr_variable":[{var},{var}]}}"#),
    ] {
        let body = call(&variables);
        let direct = envelope
            .read_json_success::<switchvox::call::Response>(body.as_bytes(), Call::META.rpc_method);
        assert!(direct.is_some(), "{body}");
    }
    for (body, ok, items) in [
        (call("{}"), true, 0),
        (call(&format!(r#"{{"ivr_variable":{var}}}"#)), true, 1),
        (
            call(&format!(r#"{{"ivr_variable":[{var},{var}]}}"#)),
            true,
            2,
        ),
        (
            call(&format!(r#"{{"ivr_variable":[{var}],"x":1}}"#)),
            true,
            1,
        ),
        (
            call(&format!(r#"{{"ivr_variable":{var},"ivr_variable":{var}}}"#)),
            true,
            2,
        ),
        // The tree also takes the items without their wrapper.
        (call(&format!(r#"[{var}]"#)), true, 1),
        (call(r#"{"ivr_variable":[]}"#), true, 0),
        (call(r#"{"ivr_variable":[null]}"#), false, 0),
        (call(r#"{"ivr_variable":null}"#), false, 0),
        (call(r#"{"other":1}"#), false, 0),
        (call("null"), true, 0),
        (call(r#"{"ivr_variable":{"id":"3"}}"#), false, 0),
        (
            call("{}").replace("switchvox.call", "switchvox.other"),
            false,
            0,
        ),
        (
            call("{}").replace(r#""method":"switchvox.call","#, ""),
            true,
            0,
        ),
        (
            call("{}").replace(
                r#""result""#,
                r#""errors":{"error":{"code":1,"message":"x"}},"result""#,
            ),
            false,
            0,
        ),
        (format!(r#"{{"x":[1],{}"#, &call("{}")[1..]), true, 0),
        (
            call("{}").replace(r#"{"response":"#, r#"{"response":null,"response":"#),
            false,
            0,
        ),
    ] {
        let decoded = Call::decode_response(Format::Json, body.as_bytes());
        let got = decoded.as_ref().map(|a| a.call_info.variables.len()).ok();
        assert_eq!(got, ok.then_some(items), "{body}: {decoded:?}");
    }
}
