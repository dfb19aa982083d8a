//! Wire speed: the generated encoders and decoders against hand-written equivalents of the
//! same shapes (serde derives with serde_json, and quick-xml's serde support), on the seed
//! documents' requests and responses, in the same run.
//!
//! ```text
//! cargo bench -p pbx-tests --bench wire
//! ```

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_p, yeastar_s, yeastar_v2};
use serde::{Deserialize, Serialize};

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n";

/// Hand-written serde types of the same shapes. Their fields are decoded, never read, as in a
/// benchmark of decoding they should be.
#[allow(dead_code)]
mod hand {
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(rename = "xml")]
    pub struct Dial {
        pub extid: String,
        pub outto: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub autoanswer: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct DialAnswer {
        pub status: String,
        #[serde(default)]
        pub callid: Option<String>,
        #[serde(default)]
        pub errno: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename = "xml")]
    pub struct Query {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub outboundid: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct QueryAnswer {
        pub status: String,
        #[serde(default)]
        pub outbound: Vec<Call>,
    }

    #[derive(Deserialize)]
    pub struct Call {
        pub outboundid: String,
        pub from: String,
        pub to: String,
        pub trunk: String,
        pub status: String,
    }

    #[derive(Serialize, Deserialize)]
    pub struct V2Dial {
        pub caller: String,
        pub callee: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub autoanswer: Option<String>,
    }

    #[derive(Serialize)]
    #[serde(rename = "request")]
    pub struct SvRequestXml {
        #[serde(rename = "@method")]
        pub method: String,
        pub parameters: SvParams,
    }

    #[derive(Serialize)]
    pub struct SvRequestJson {
        pub request: SvInner,
    }

    #[derive(Serialize)]
    pub struct SvInner {
        pub method: String,
        pub parameters: SvParams,
    }

    #[derive(Serialize)]
    pub struct SvParams {
        pub dial_first: String,
        pub dial_second: String,
        pub dial_as_account_id: String,
        pub caller_id_name: String,
        pub variables: SvVariables,
    }

    #[derive(Serialize)]
    pub struct SvVariables {
        pub variable: Vec<String>,
    }

    #[derive(Deserialize)]
    pub struct SvResponseXml {
        pub result: SvResult,
    }

    #[derive(Deserialize)]
    pub struct SvResult {
        pub call_info: SvCallInfoXml,
    }

    #[derive(Deserialize)]
    pub struct SvCallInfoXml {
        #[serde(rename = "@dialed_first")]
        pub dialed_first: String,
        #[serde(rename = "@dialed_second")]
        pub dialed_second: String,
        #[serde(default)]
        pub variables: SvVariablesXml,
    }

    #[derive(Deserialize, Default)]
    pub struct SvVariablesXml {
        #[serde(default)]
        pub ivr_variable: Vec<SvVariableXml>,
    }

    #[derive(Deserialize)]
    pub struct SvVariableXml {
        #[serde(rename = "@id")]
        pub id: String,
        #[serde(rename = "@name")]
        pub name: String,
        #[serde(rename = "@status")]
        pub status: String,
    }

    #[derive(Deserialize)]
    #[serde(rename = "response")]
    pub struct SvCallsXml {
        #[serde(rename = "@method")]
        pub method: String,
        pub result: SvCallsResult,
    }

    #[derive(Deserialize)]
    pub struct SvCallsResult {
        pub current_calls: SvCallsXmlList,
    }

    #[derive(Deserialize)]
    pub struct SvCallsXmlList {
        #[serde(rename = "@total_items")]
        pub total_items: i64,
        #[serde(default)]
        pub current_call: Vec<SvCallXml>,
    }

    #[derive(Deserialize)]
    pub struct SvCallXml {
        #[serde(rename = "@id")]
        pub id: String,
        #[serde(rename = "@state")]
        pub state: String,
        #[serde(rename = "@start_time", default)]
        pub start_time: Option<String>,
        #[serde(rename = "@duration", default)]
        pub duration: Option<i64>,
        #[serde(rename = "@from_caller_id_name", default)]
        pub from_caller_id_name: Option<String>,
        #[serde(rename = "@from_caller_id_number", default)]
        pub from_caller_id_number: Option<String>,
        #[serde(rename = "@to_caller_id_name", default)]
        pub to_caller_id_name: Option<String>,
        #[serde(rename = "@to_caller_id_number", default)]
        pub to_caller_id_number: Option<String>,
        #[serde(rename = "@format", default)]
        pub format: Option<String>,
        #[serde(rename = "@lotnum", default)]
        pub lotnum: Option<i64>,
    }

    /// Switchvox's JSON is its XML converted: one call is an object, not an array.
    #[derive(Deserialize)]
    pub struct SvCallsJson {
        pub response: SvCallsJsonResponse,
    }

    #[derive(Deserialize)]
    pub struct SvCallsJsonResponse {
        pub method: String,
        pub result: SvCallsJsonResult,
    }

    #[derive(Deserialize)]
    pub struct SvCallsJsonResult {
        pub current_calls: SvCallsJsonList,
    }

    #[derive(Deserialize)]
    pub struct SvCallsJsonList {
        pub total_items: i64,
        pub current_call: SvCallJson,
    }

    #[derive(Deserialize)]
    pub struct SvCallJson {
        pub id: String,
        pub state: String,
        #[serde(default)]
        pub start_time: Option<String>,
        #[serde(default)]
        pub duration: Option<i64>,
        #[serde(default)]
        pub from_caller_id_name: Option<String>,
        #[serde(default)]
        pub from_caller_id_number: Option<String>,
        #[serde(default)]
        pub to_caller_id_name: Option<String>,
        #[serde(default)]
        pub to_caller_id_number: Option<String>,
        #[serde(default)]
        pub format: Option<String>,
        #[serde(default)]
        pub lotnum: Option<i64>,
    }

    /// `queuestatus/query`: XML numbers the items, `<item id="0">`; the id is not kept.
    #[derive(Deserialize)]
    pub struct QueueAnswer {
        pub status: String,
        pub queue: QueueInfo,
    }

    #[derive(Deserialize)]
    pub struct QueueInfo {
        pub queuenumber: String,
        pub queuestatus: QueueState,
    }

    #[derive(Deserialize)]
    pub struct QueueState {
        #[serde(default)]
        pub members: QueueMembersXml,
        pub callercount: i64,
    }

    #[derive(Deserialize, Default)]
    pub struct QueueMembersXml {
        #[serde(default)]
        pub item: Vec<QueueAgent>,
    }

    #[derive(Deserialize)]
    pub struct QueueAnswerJson {
        pub status: String,
        pub queue: QueueInfoJson,
    }

    #[derive(Deserialize)]
    pub struct QueueInfoJson {
        pub queuenumber: String,
        pub queuestatus: QueueStateJson,
    }

    #[derive(Deserialize)]
    pub struct QueueStateJson {
        #[serde(default)]
        pub members: Vec<QueueAgentJson>,
        pub callercount: i64,
    }

    #[derive(Deserialize)]
    pub struct QueueAgent {
        pub agent: String,
        pub agentstatus: i64,
    }

    /// JSON sends the number as a string (`"agentstatus": "1"`).
    #[derive(Deserialize)]
    pub struct QueueAgentJson {
        pub agent: String,
        pub agentstatus: String,
    }

    #[derive(Deserialize)]
    pub struct ExtList {
        pub status: String,
        #[serde(default)]
        pub extlist: Vec<ExtInfo>,
    }

    #[derive(Deserialize)]
    pub struct ExtInfo {
        pub extnumber: String,
        #[serde(default)]
        pub status: Option<String>,
        #[serde(rename = "type", default)]
        pub kind: Option<String>,
        #[serde(default)]
        pub port: Option<String>,
        #[serde(default)]
        pub username: Option<String>,
        #[serde(default)]
        pub agentid: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct PExtPage {
        pub errcode: i64,
        pub errmsg: String,
        #[serde(default)]
        pub total_number: Option<i64>,
        #[serde(default)]
        pub data: Vec<PExt>,
    }

    #[derive(Deserialize)]
    pub struct PExt {
        pub id: i64,
        #[serde(default)]
        pub number: Option<String>,
        #[serde(default)]
        pub caller_id_name: Option<String>,
        #[serde(default)]
        pub presence_status: Option<String>,
        #[serde(default)]
        pub custom_presence_status: Option<String>,
        #[serde(default)]
        pub role_name: Option<String>,
        #[serde(default)]
        pub email_addr: Option<String>,
        #[serde(default)]
        pub mobile_number: Option<String>,
    }
}

fn xml_string<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = String::from(DECL);
    let body = quick_xml::se::to_string(value).unwrap_or_default();
    out.push_str(&body);
    out.into_bytes()
}

/// Whether the direct path (no document tree) decodes `body` as `E`'s success, so that a
/// benchmark of the generated decoder measures the path real answers take.
fn direct<E: Endpoint>(format: Format, body: &[u8]) -> bool {
    let meta = E::META;
    match format {
        Format::Json => meta
            .api
            .envelope
            .read_json_success::<E::Response>(body)
            .is_some(),
        Format::Xml => meta
            .api
            .envelope
            .read_xml_success::<E::Response>(body, meta.rpc_method)
            .is_some(),
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("encode");

    let ov = openvox::extension::dial_outbound::Request::new("101", "16103").autoanswer(false);
    let ov_hand = hand::Dial {
        extid: "101".into(),
        outto: "16103".into(),
        autoanswer: Some("no".into()),
    };
    g.bench_function("openvox dial json/generated", |b| {
        b.iter(|| black_box(&ov).encode(Format::Json))
    });
    g.bench_function("openvox dial json/serde_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&ov_hand)))
    });
    g.bench_function("openvox dial xml/generated", |b| {
        b.iter(|| black_box(&ov).encode(Format::Xml))
    });
    g.bench_function("openvox dial xml/quick-xml serde", |b| {
        b.iter(|| xml_string(black_box(&ov_hand)))
    });

    let q = openvox::outbound::query::Request::new().outboundid(["1495705009.316"]);
    let q_hand = hand::Query {
        outboundid: Some("1495705009.316".into()),
    };
    g.bench_function("openvox query json/generated", |b| {
        b.iter(|| black_box(&q).encode(Format::Json))
    });
    g.bench_function("openvox query json/serde_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&q_hand)))
    });
    g.bench_function("openvox query xml/generated", |b| {
        b.iter(|| black_box(&q).encode(Format::Xml))
    });
    g.bench_function("openvox query xml/quick-xml serde", |b| {
        b.iter(|| xml_string(black_box(&q_hand)))
    });

    // A joined list (`join = ","`): two ids travel as one value, `"1589881535.982,1589881540.990"`.
    // The hand-written client joins them itself before serialising.
    let ids = ["1589881535.982", "1589881540.990"];
    let two = openvox::outbound::query::Request::new().outboundid(ids);
    let two_hand = ids.map(String::from).to_vec();
    let joined = |ids: &[String]| hand::Query {
        outboundid: Some(ids.join(",")),
    };
    g.bench_function("openvox query joined json/generated", |b| {
        b.iter(|| black_box(&two).encode(Format::Json))
    });
    g.bench_function("openvox query joined json/serde_json", |b| {
        b.iter(|| serde_json::to_vec(&joined(black_box(&two_hand))))
    });
    g.bench_function("openvox query joined xml/generated", |b| {
        b.iter(|| black_box(&two).encode(Format::Xml))
    });
    g.bench_function("openvox query joined xml/quick-xml serde", |b| {
        b.iter(|| xml_string(&joined(black_box(&two_hand))))
    });

    let ys = yeastar_s::extension::dial_outbound::Request::new("1002", "41000").autoanswer(false);
    let ys_hand = hand::Dial {
        extid: "1002".into(),
        outto: "41000".into(),
        autoanswer: Some("no".into()),
    };
    g.bench_function("yeastar_s dial json/generated", |b| {
        b.iter(|| black_box(&ys).encode(Format::Json))
    });
    g.bench_function("yeastar_s dial json/serde_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&ys_hand)))
    });

    let v2 = yeastar_v2::call::dial::Request::new("1023", "2000").autoanswer(false);
    let v2_hand = hand::V2Dial {
        caller: "1023".into(),
        callee: "2000".into(),
        autoanswer: Some("no".into()),
    };
    g.bench_function("yeastar_v2 dial json/generated", |b| {
        b.iter(|| black_box(&v2).encode(Format::Json))
    });
    g.bench_function("yeastar_v2 dial json/serde_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&v2_hand)))
    });

    let sv = switchvox::call::Request::new("15551112222", "800", "1106")
        .caller_id_name("David Podolsky")
        .variables(["balance=300"]);
    let params = || hand::SvParams {
        dial_first: "15551112222".into(),
        dial_second: "800".into(),
        dial_as_account_id: "1106".into(),
        caller_id_name: "David Podolsky".into(),
        variables: hand::SvVariables {
            variable: vec!["balance=300".into()],
        },
    };
    let sv_xml = hand::SvRequestXml {
        method: "switchvox.call".into(),
        parameters: params(),
    };
    let sv_json = hand::SvRequestJson {
        request: hand::SvInner {
            method: "switchvox.call".into(),
            parameters: params(),
        },
    };
    g.bench_function("switchvox call xml/generated", |b| {
        b.iter(|| black_box(&sv).encode(Format::Xml))
    });
    g.bench_function("switchvox call xml/quick-xml serde", |b| {
        b.iter(|| quick_xml::se::to_string(black_box(&sv_xml)))
    });
    g.bench_function("switchvox call json/generated", |b| {
        b.iter(|| black_box(&sv).encode(Format::Json))
    });
    g.bench_function("switchvox call json/serde_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&sv_json)))
    });

    // A bodiless request (a bare POST): nothing to write, against an empty buffer.
    let ext = openvox::extensionlist::query::Request::new();
    g.bench_function("openvox extensionlist bodiless/generated", |b| {
        b.iter(|| black_box(&ext).encode(Format::Json))
    });
    g.bench_function("openvox extensionlist bodiless/empty Vec", |b| {
        b.iter(|| black_box(Vec::<u8>::new()))
    });
    g.finish();

    let mut g = c.benchmark_group("decode");
    let dial_json = br#"{"status":"Success","callid":"1495710387.333"}"#;
    g.bench_function("yeastar_s dial json/generated", |b| {
        b.iter(|| {
            yeastar_s::extension::dial_outbound::Request::decode_response(
                Format::Json,
                black_box(dial_json),
            )
        })
    });
    g.bench_function("yeastar_s dial json/serde_json", |b| {
        b.iter(|| serde_json::from_slice::<hand::DialAnswer>(black_box(dial_json)))
    });
    let v2_json = b"{\n\t\"status\": \"Success\",\n\t\"callid\": \"1571620483.18\"\n}";
    g.bench_function("yeastar_v2 dial json/generated", |b| {
        b.iter(|| {
            yeastar_v2::call::dial::Request::decode_response(Format::Json, black_box(v2_json))
        })
    });
    g.bench_function("yeastar_v2 dial json/serde_json", |b| {
        b.iter(|| serde_json::from_slice::<hand::DialAnswer>(black_box(v2_json)))
    });
    let ov_xml =
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n    <status>Success</status>\n</xml>";
    g.bench_function("openvox dial xml/generated", |b| {
        b.iter(|| {
            openvox::extension::dial_outbound::Request::decode_response(
                Format::Xml,
                black_box(ov_xml),
            )
        })
    });
    g.bench_function("openvox dial xml/quick-xml serde", |b| {
        b.iter(|| quick_xml::de::from_reader::<_, hand::DialAnswer>(black_box(&ov_xml[..])))
    });
    let q_json = br#"{"status":"Success","outbound":[{"outboundid":"1589881535.982","from":"66666","to":"103","trunk":"to-18-16-2","status":"Talking"}]}"#;
    g.bench_function("openvox query json/generated", |b| {
        b.iter(|| {
            openvox::outbound::query::Request::decode_response(Format::Json, black_box(q_json))
        })
    });
    g.bench_function("openvox query json/serde_json", |b| {
        b.iter(|| serde_json::from_slice::<hand::QueryAnswer>(black_box(q_json)))
    });
    let q_xml = b"<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n\t<status>Success</status>\n\t<outbound>\n\t\t<outboundid>1589881535.982</outboundid>\n\t\t<from>66666</from>\n\t\t<to>103</to>\n\t\t<trunk>to-18-16-2</trunk>\n\t\t<status>Talking</status>\n\t</outbound>\n</xml>";
    g.bench_function("openvox query xml/generated", |b| {
        b.iter(|| openvox::outbound::query::Request::decode_response(Format::Xml, black_box(q_xml)))
    });
    g.bench_function("openvox query xml/quick-xml serde", |b| {
        b.iter(|| quick_xml::de::from_reader::<_, hand::QueryAnswer>(black_box(&q_xml[..])))
    });
    let sv_xml = br#"<response method="switchvox.call"><result><call_info dialed_first="915551112222" dialed_second="800"><variables><ivr_variable id="3" name="balance" status="exists"/></variables></call_info></result></response>"#;
    g.bench_function("switchvox call xml/generated", |b| {
        b.iter(|| switchvox::call::Request::decode_response(Format::Xml, black_box(sv_xml)))
    });
    g.bench_function("switchvox call xml/quick-xml serde", |b| {
        b.iter(|| quick_xml::de::from_reader::<_, hand::SvResponseXml>(black_box(&sv_xml[..])))
    });
    // A list response with attributes: the spec's two-call XML example, and its one-call JSON.
    let calls_xml = b"<response method=\"switchvox.currentCalls.getList\">\n\t<result>\n\t\t<current_calls total_items=\"2\">\n\t\t\t<current_call id=\"4120\" state=\"talking\" start_time=\"2019-12-01 10:15:00\" duration=\"42\" from_caller_id_number=\"101\" to_caller_id_number=\"915551112222\" format=\"ulaw\" />\n\t\t\t<current_call id=\"4121\" state=\"ringing\" from_caller_id_number=\"102\" to_caller_id_number=\"301\" />\n\t\t</current_calls>\n\t</result>\n</response>\n";
    g.bench_function("switchvox current_calls xml/generated", |b| {
        b.iter(|| {
            switchvox::current_calls::get_list::Request::decode_response(
                Format::Xml,
                black_box(calls_xml),
            )
        })
    });
    g.bench_function("switchvox current_calls xml/quick-xml serde", |b| {
        b.iter(|| quick_xml::de::from_reader::<_, hand::SvCallsXml>(black_box(&calls_xml[..])))
    });
    let calls_json = br#"{"response":{"method":"switchvox.currentCalls.getList","result":{"current_calls":{"total_items":1,"current_call":{"id":"4120","state":"talking","start_time":"2019-12-01 10:15:00","duration":42,"from_caller_id_name":"David","from_caller_id_number":"101","to_caller_id_name":"","to_caller_id_number":"915551112222","format":"ulaw"}}}}}"#;
    g.bench_function("switchvox current_calls json/generated", |b| {
        b.iter(|| {
            switchvox::current_calls::get_list::Request::decode_response(
                Format::Json,
                black_box(calls_json),
            )
        })
    });
    g.bench_function("switchvox current_calls json/serde_json", |b| {
        b.iter(|| serde_json::from_slice::<hand::SvCallsJson>(black_box(calls_json)))
    });
    // The bodiless request's answer: the spec's example, a list of two extensions.
    let ext_json = br#"{"status":"Success","extlist":[{"extnumber":"1000","status":"Registered","type":"SIP","username":"Jayson","agentid":""},{"extnumber":"1001","status":"Unavailable","type":"SIP","username":"Erwin Co","agentid":""}]}"#;
    g.bench_function("openvox extensionlist json/generated", |b| {
        b.iter(|| {
            openvox::extensionlist::query::Request::decode_response(
                Format::Json,
                black_box(ext_json),
            )
        })
    });
    g.bench_function("openvox extensionlist json/serde_json", |b| {
        b.iter(|| serde_json::from_slice::<hand::ExtList>(black_box(ext_json)))
    });
    // An `<item id="N">` list (`xml_item_id`): the spec's example, three agents numbered 0 to 2.
    let queue_xml = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<xml>\n\t<status>Success</status>\n\t<queue>\n\t\t<queuenumber>9998</queuenumber>\n\t\t<queuestatus>\n\t\t\t<members>\n\t\t\t\t<item id=\"0\">\n\t\t\t\t\t<agent>102</agent>\n\t\t\t\t\t<agentstatus>1</agentstatus>\n\t\t\t\t</item>\n\t\t\t\t<item id=\"1\">\n\t\t\t\t\t<agent>101</agent>\n\t\t\t\t\t<agentstatus>5</agentstatus>\n\t\t\t\t</item>\n\t\t\t\t<item id=\"2\">\n\t\t\t\t\t<agent>6000</agent>\n\t\t\t\t\t<agentstatus>1</agentstatus>\n\t\t\t\t</item>\n\t\t\t</members>\n\t\t\t<callercount>0</callercount>\n\t\t</queuestatus>\n\t</queue>\n</xml>";
    type Queue = openvox::queuestatus::query::Request;
    g.bench_function("openvox queuestatus item-id xml/generated", |b| {
        b.iter(|| Queue::decode_response(Format::Xml, black_box(queue_xml)))
    });
    g.bench_function("openvox queuestatus item-id xml/quick-xml serde", |b| {
        b.iter(|| quick_xml::de::from_reader::<_, hand::QueueAnswer>(black_box(&queue_xml[..])))
    });
    let queue_json = br#"{"status":"Success","queue":{"queuenumber":"9998","queuestatus":{"members":[{"agent":"102","agentstatus":"1"},{"agent":"101","agentstatus":"6"},{"agent":"6000","agentstatus":"1"}],"callercount":0}}}"#;
    g.bench_function("openvox queuestatus item-id json/generated", |b| {
        b.iter(|| Queue::decode_response(Format::Json, black_box(queue_json)))
    });
    g.bench_function("openvox queuestatus item-id json/serde_json", |b| {
        b.iter(|| serde_json::from_slice::<hand::QueueAnswerJson>(black_box(queue_json)))
    });

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
    g.bench_function("yeastar_p extension/list json/generated", |b| {
        b.iter(|| {
            yeastar_p::extension::list::Request::decode_response(Format::Json, black_box(page_json))
        })
    });
    g.bench_function("yeastar_p extension/list json/serde_json", |b| {
        b.iter(|| serde_json::from_slice::<hand::PExtPage>(black_box(page_json)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
