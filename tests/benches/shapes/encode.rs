//! Encoding rows: the seed documents' requests, built once, encoded by the generated
//! `Endpoint::encode` (checks included) and by serde from hand-written types.

use std::hint::black_box;

use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_s, yeastar_v2};

use super::{Row, fixture, hand, row, xml_string};

const GROUP: &str = "encode";

pub(super) fn rows() -> Vec<Row> {
    let mut rows = Vec::new();

    let ov =
        fixture(openvox::extension::dial_outbound::Request::new("101", "16103").autoanswer(false));
    let ov_hand = fixture(hand::Dial {
        extid: "101".into(),
        outto: "16103".into(),
        autoanswer: Some("no".into()),
    });
    rows.push(row(
        GROUP,
        "openvox dial json",
        "serde_json",
        move || black_box(ov).encode(Format::Json),
        move || serde_json::to_vec(black_box(ov_hand)),
    ));
    rows.push(row(
        GROUP,
        "openvox dial xml",
        "quick-xml serde",
        move || black_box(ov).encode(Format::Xml),
        move || xml_string(black_box(ov_hand)),
    ));

    let q = fixture(openvox::outbound::query::Request::new().outboundid(["1495705009.316"]));
    let q_hand = fixture(hand::Query {
        outboundid: Some("1495705009.316".into()),
    });
    rows.push(row(
        GROUP,
        "openvox query json",
        "serde_json",
        move || black_box(q).encode(Format::Json),
        move || serde_json::to_vec(black_box(q_hand)),
    ));
    rows.push(row(
        GROUP,
        "openvox query xml",
        "quick-xml serde",
        move || black_box(q).encode(Format::Xml),
        move || xml_string(black_box(q_hand)),
    ));

    // A joined list (`join = ","`): two ids travel as one value, `"1589881535.982,1589881540.990"`.
    // The hand-written client joins them itself before serialising.
    let ids = ["1589881535.982", "1589881540.990"];
    let two = fixture(openvox::outbound::query::Request::new().outboundid(ids));
    let two_hand: &'static [String] = fixture(ids.map(String::from));
    let joined = |ids: &[String]| hand::Query {
        outboundid: Some(ids.join(",")),
    };
    rows.push(row(
        GROUP,
        "openvox query joined json",
        "serde_json",
        move || black_box(two).encode(Format::Json),
        move || serde_json::to_vec(&joined(black_box(two_hand))),
    ));
    rows.push(row(
        GROUP,
        "openvox query joined xml",
        "quick-xml serde",
        move || black_box(two).encode(Format::Xml),
        move || xml_string(&joined(black_box(two_hand))),
    ));

    let ys = fixture(
        yeastar_s::extension::dial_outbound::Request::new("1002", "41000").autoanswer(false),
    );
    let ys_hand = fixture(hand::Dial {
        extid: "1002".into(),
        outto: "41000".into(),
        autoanswer: Some("no".into()),
    });
    rows.push(row(
        GROUP,
        "yeastar_s dial json",
        "serde_json",
        move || black_box(ys).encode(Format::Json),
        move || serde_json::to_vec(black_box(ys_hand)),
    ));

    let v2 = fixture(yeastar_v2::call::dial::Request::new("1023", "2000").autoanswer(false));
    let v2_hand = fixture(hand::V2Dial {
        caller: "1023".into(),
        callee: "2000".into(),
        autoanswer: Some("no".into()),
    });
    rows.push(row(
        GROUP,
        "yeastar_v2 dial json",
        "serde_json",
        move || black_box(v2).encode(Format::Json),
        move || serde_json::to_vec(black_box(v2_hand)),
    ));

    let sv = fixture(
        switchvox::call::Request::new("15551112222", "800", "1106")
            .caller_id_name("David Podolsky")
            .variables(["balance=300"]),
    );
    let params = || hand::SvParams {
        dial_first: "15551112222".into(),
        dial_second: "800".into(),
        dial_as_account_id: "1106".into(),
        caller_id_name: "David Podolsky".into(),
        variables: hand::SvVariables {
            variable: vec!["balance=300".into()],
        },
    };
    let sv_xml = fixture(hand::SvRequestXml {
        method: "switchvox.call".into(),
        parameters: params(),
    });
    let sv_json = fixture(hand::SvRequestJson {
        request: hand::SvInner {
            method: "switchvox.call".into(),
            parameters: params(),
        },
    });
    rows.push(row(
        GROUP,
        "switchvox call xml",
        "quick-xml serde",
        move || black_box(sv).encode(Format::Xml),
        move || quick_xml::se::to_string(black_box(sv_xml)),
    ));
    rows.push(row(
        GROUP,
        "switchvox call json",
        "serde_json",
        move || black_box(sv).encode(Format::Json),
        move || serde_json::to_vec(black_box(sv_json)),
    ));

    // A bodiless request (a bare POST): nothing to write, against an empty buffer.
    let ext = fixture(openvox::extensionlist::query::Request::new());
    rows.push(row(
        GROUP,
        "openvox extensionlist bodiless",
        "empty Vec",
        move || black_box(ext).encode(Format::Json),
        || black_box(Vec::<u8>::new()),
    ));
    rows
}
