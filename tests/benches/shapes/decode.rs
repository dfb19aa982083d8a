//! Decoding rows: the seed documents' and specs' answers, decoded by the generated
//! `Endpoint::decode_response` and by serde into hand-written types.

use std::hint::black_box;

use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_p, yeastar_s, yeastar_v2};

use super::{Row, direct, hand, row};

const GROUP: &str = "decode";

pub(super) fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let dial_json = br#"{"status":"Success","callid":"1495710387.333"}"#;
    rows.push(row(
        GROUP,
        "yeastar_s dial json",
        "serde_json",
        move || {
            yeastar_s::extension::dial_outbound::Request::decode_response(
                Format::Json,
                black_box(dial_json),
            )
        },
        move || serde_json::from_slice::<hand::DialAnswer>(black_box(dial_json)),
    ));
    let v2_json = b"{\n\t\"status\": \"Success\",\n\t\"callid\": \"1571620483.18\"\n}";
    rows.push(row(
        GROUP,
        "yeastar_v2 dial json",
        "serde_json",
        move || yeastar_v2::call::dial::Request::decode_response(Format::Json, black_box(v2_json)),
        move || serde_json::from_slice::<hand::DialAnswer>(black_box(v2_json)),
    ));
    let ov_xml =
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n    <status>Success</status>\n</xml>";
    rows.push(row(
        GROUP,
        "openvox dial xml",
        "quick-xml serde",
        move || {
            openvox::extension::dial_outbound::Request::decode_response(
                Format::Xml,
                black_box(ov_xml),
            )
        },
        move || quick_xml::de::from_reader::<_, hand::DialAnswer>(black_box(&ov_xml[..])),
    ));
    let q_json = br#"{"status":"Success","outbound":[{"outboundid":"1589881535.982","from":"66666","to":"103","trunk":"to-18-16-2","status":"Talking"}]}"#;
    rows.push(row(
        GROUP,
        "openvox query json",
        "serde_json",
        move || openvox::outbound::query::Request::decode_response(Format::Json, black_box(q_json)),
        move || serde_json::from_slice::<hand::QueryAnswer>(black_box(q_json)),
    ));
    let q_xml = b"<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n\t<status>Success</status>\n\t<outbound>\n\t\t<outboundid>1589881535.982</outboundid>\n\t\t<from>66666</from>\n\t\t<to>103</to>\n\t\t<trunk>to-18-16-2</trunk>\n\t\t<status>Talking</status>\n\t</outbound>\n</xml>";
    rows.push(row(
        GROUP,
        "openvox query xml",
        "quick-xml serde",
        move || openvox::outbound::query::Request::decode_response(Format::Xml, black_box(q_xml)),
        move || quick_xml::de::from_reader::<_, hand::QueryAnswer>(black_box(&q_xml[..])),
    ));
    let sv_xml = br#"<response method="switchvox.call"><result><call_info dialed_first="915551112222" dialed_second="800"><variables><ivr_variable id="3" name="balance" status="exists"/></variables></call_info></result></response>"#;
    rows.push(row(
        GROUP,
        "switchvox call xml",
        "quick-xml serde",
        move || switchvox::call::Request::decode_response(Format::Xml, black_box(sv_xml)),
        move || quick_xml::de::from_reader::<_, hand::SvResponseXml>(black_box(&sv_xml[..])),
    ));
    // The same answer in Switchvox's JSON (its XML converted): the variables wrapped as XML
    // wraps them, an array under `ivr_variable`.
    let sv_json = br#"{"response":{"method":"switchvox.call","result":{"call_info":{"dialed_first":"915551112222","dialed_second":"800","variables":{"ivr_variable":[{"id":"3","name":"balance","status":"exists"}]}}}}}"#;
    rows.push(row(
        GROUP,
        "switchvox call json",
        "serde_json",
        move || switchvox::call::Request::decode_response(Format::Json, black_box(sv_json)),
        move || serde_json::from_slice::<hand::SvResponseJson>(black_box(sv_json)),
    ));
    // A list response with attributes: the spec's two-call XML example, and its one-call JSON.
    let calls_xml = b"<response method=\"switchvox.currentCalls.getList\">\n\t<result>\n\t\t<current_calls total_items=\"2\">\n\t\t\t<current_call id=\"4120\" state=\"talking\" start_time=\"2019-12-01 10:15:00\" duration=\"42\" from_caller_id_number=\"101\" to_caller_id_number=\"915551112222\" format=\"ulaw\" />\n\t\t\t<current_call id=\"4121\" state=\"ringing\" from_caller_id_number=\"102\" to_caller_id_number=\"301\" />\n\t\t</current_calls>\n\t</result>\n</response>\n";
    rows.push(row(
        GROUP,
        "switchvox current_calls xml",
        "quick-xml serde",
        move || {
            switchvox::current_calls::get_list::Request::decode_response(
                Format::Xml,
                black_box(calls_xml),
            )
        },
        move || quick_xml::de::from_reader::<_, hand::SvCallsXml>(black_box(&calls_xml[..])),
    ));
    let calls_json = br#"{"response":{"method":"switchvox.currentCalls.getList","result":{"current_calls":{"total_items":1,"current_call":{"id":"4120","state":"talking","start_time":"2019-12-01 10:15:00","duration":42,"from_caller_id_name":"David","from_caller_id_number":"101","to_caller_id_name":"","to_caller_id_number":"915551112222","format":"ulaw"}}}}}"#;
    rows.push(row(
        GROUP,
        "switchvox current_calls json",
        "serde_json",
        move || {
            switchvox::current_calls::get_list::Request::decode_response(
                Format::Json,
                black_box(calls_json),
            )
        },
        move || serde_json::from_slice::<hand::SvCallsJson>(black_box(calls_json)),
    ));
    // The bodiless request's answer: the spec's example, a list of two extensions.
    let ext_json = br#"{"status":"Success","extlist":[{"extnumber":"1000","status":"Registered","type":"SIP","username":"Jayson","agentid":""},{"extnumber":"1001","status":"Unavailable","type":"SIP","username":"Erwin Co","agentid":""}]}"#;
    rows.push(row(
        GROUP,
        "openvox extensionlist json",
        "serde_json",
        move || {
            openvox::extensionlist::query::Request::decode_response(
                Format::Json,
                black_box(ext_json),
            )
        },
        move || serde_json::from_slice::<hand::ExtList>(black_box(ext_json)),
    ));
    // An `<item id="N">` list (`xml_item_id`): the spec's example, three agents numbered 0 to 2.
    let queue_xml = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<xml>\n\t<status>Success</status>\n\t<queue>\n\t\t<queuenumber>9998</queuenumber>\n\t\t<queuestatus>\n\t\t\t<members>\n\t\t\t\t<item id=\"0\">\n\t\t\t\t\t<agent>102</agent>\n\t\t\t\t\t<agentstatus>1</agentstatus>\n\t\t\t\t</item>\n\t\t\t\t<item id=\"1\">\n\t\t\t\t\t<agent>101</agent>\n\t\t\t\t\t<agentstatus>5</agentstatus>\n\t\t\t\t</item>\n\t\t\t\t<item id=\"2\">\n\t\t\t\t\t<agent>6000</agent>\n\t\t\t\t\t<agentstatus>1</agentstatus>\n\t\t\t\t</item>\n\t\t\t</members>\n\t\t\t<callercount>0</callercount>\n\t\t</queuestatus>\n\t</queue>\n</xml>";
    type Queue = openvox::queuestatus::query::Request;
    rows.push(row(
        GROUP,
        "openvox queuestatus item-id xml",
        "quick-xml serde",
        move || Queue::decode_response(Format::Xml, black_box(queue_xml)),
        move || quick_xml::de::from_reader::<_, hand::QueueAnswer>(black_box(&queue_xml[..])),
    ));
    let queue_json = br#"{"status":"Success","queue":{"queuenumber":"9998","queuestatus":{"members":[{"agent":"102","agentstatus":"1"},{"agent":"101","agentstatus":"6"},{"agent":"6000","agentstatus":"1"}],"callercount":0}}}"#;
    rows.push(row(
        GROUP,
        "openvox queuestatus item-id json",
        "serde_json",
        move || Queue::decode_response(Format::Json, black_box(queue_json)),
        move || serde_json::from_slice::<hand::QueueAnswerJson>(black_box(queue_json)),
    ));

    // Every generated decoder above reads its body on the direct path.
    type Dial = openvox::extension::dial_outbound::Request;
    type Query = openvox::outbound::query::Request;
    type Calls = switchvox::current_calls::get_list::Request;
    for (ok, what) in [
        (direct::<Dial>(Format::Xml, ov_xml), "openvox dial xml"),
        (direct::<Query>(Format::Xml, q_xml), "openvox query xml"),
        (direct::<Query>(Format::Json, q_json), "openvox query json"),
        (
            direct::<switchvox::call::Request>(Format::Xml, sv_xml),
            "switchvox call xml",
        ),
        (
            direct::<switchvox::call::Request>(Format::Json, sv_json),
            "switchvox call json",
        ),
        (
            direct::<Calls>(Format::Json, calls_json),
            "switchvox current_calls json",
        ),
        (
            direct::<Calls>(Format::Xml, calls_xml),
            "switchvox current_calls xml",
        ),
        (
            direct::<Queue>(Format::Xml, queue_xml),
            "openvox queuestatus xml",
        ),
        (
            direct::<Queue>(Format::Json, queue_json),
            "openvox queuestatus json",
        ),
    ] {
        assert!(ok, "{what}: the direct path gave up");
    }

    // A P-Series page: the errcode envelope around `total_number` and a `data` list, built
    // from the spec's field examples (two items).
    let page_json = br#"{"errcode":0,"errmsg":"SUCCESS","total_number":2,"data":[{"id":60,"number":"1000","caller_id_name":"","presence_status":"available","role_name":"","email_addr":"","mobile_number":""},{"id":60,"number":"1000","caller_id_name":"","presence_status":"available","role_name":"","email_addr":"","mobile_number":""}]}"#;
    rows.push(row(
        GROUP,
        "yeastar_p extension/list json",
        "serde_json",
        move || {
            yeastar_p::extension::list::Request::decode_response(Format::Json, black_box(page_json))
        },
        move || serde_json::from_slice::<hand::PExtPage>(black_box(page_json)),
    ));
    rows
}
