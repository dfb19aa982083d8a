//! The raw escape hatch against the simulated PBX on 127.0.0.1: a path (or RPC method) and
//! parameters or a body, on the client's own session; the envelope opened into a document
//! tree, the vendor's errors typed.

use pbx_api::client::{ClientConfig, Error, HttpAuth, SwitchvoxClient, YeastarSClient, blocking};
use pbx_api::prelude::*;
use pbx_api::yeastar_s;
use pbx_tests::started::{BOUND, PASSWORD, USER, openvox_in, start, within, yeastar_s};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_raw_request_logs_in_sends_and_opens_the_envelope() {
    let pbx = start().await;
    let ys = yeastar_s(ClientConfig::new(pbx.url()));
    let placed = within(
        ys.raw("extension/dial_outbound")
            .params_json(r#"{"extid":"1002","outto":"41000"}"#)
            .send(),
    )
    .await
    .expect("the call is placed");
    assert_eq!(
        pbx.requests("yeastar_s::login"),
        1,
        "the session was opened first"
    );
    assert_eq!(pbx.calls().len(), 1);
    let callid = placed
        .result
        .child("callid")
        .ok()
        .flatten()
        .and_then(|c| c.text.as_deref())
        .expect("a callid in the result")
        .to_owned();
    let listed = within(ys.raw("outbound/query").send())
        .await
        .expect("query");
    assert_eq!(listed.result.children_named("outbound").count(), 1);
    // The same request, typed, agrees.
    let typed = within(ys.outbound().query().send()).await.expect("typed");
    assert_eq!(typed.outbound[0].outboundid, callid);
    within(
        ys.raw("outbound/hangup")
            .body(format!(r#"{{"outboundid":"{callid}"}}"#))
            .send(),
    )
    .await
    .expect("hung up with an exact body");
    assert!(pbx.calls().is_empty());
    within(ys.close()).await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_vendor_errors_are_typed_and_bad_input_is_refused_unsent() {
    let pbx = start().await;
    let ys = yeastar_s(ClientConfig::new(pbx.url()));
    match within(
        ys.raw("outbound/hangup")
            .params_json(r#"{"outboundid":"999.999"}"#)
            .send(),
    )
    .await
    {
        Err(Error::Vendor { error, .. }) => {
            assert_eq!(error.code, yeastar_s::ErrorCode::CallNotFound, "{error}")
        }
        other => panic!("expected a vendor error, got {other:?}"),
    }
    for refused in [
        ys.raw("outbound/query")
            .params_json("{not json")
            .send()
            .await,
        ys.raw("outbound/query").params_json("[1]").send().await,
        ys.raw("../admin").send().await,
        ys.raw("outbound/query?x=1").send().await,
    ] {
        assert!(
            matches!(refused, Err(Error::InvalidRequest { .. })),
            "{refused:?}"
        );
    }
    within(ys.close()).await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_xml_parameters_go_in_the_family_envelope() {
    let pbx = start().await;
    let ov = openvox_in(ClientConfig::new(pbx.url()), Format::Xml);
    within(
        ov.raw("extension/dial_outbound")
            .params_xml("<p><extid>101</extid><outto>16103</outto></p>")
            .send(),
    )
    .await
    .expect("placed over XML");
    assert_eq!(pbx.calls().len(), 1);
    within(ov.close()).await.expect("close");

    let sv = SwitchvoxClient::new(
        ClientConfig::new(pbx.url()),
        USER,
        PASSWORD,
        HttpAuth::Auto,
        Format::Xml,
    )
    .expect("config");
    within(sv.call("15551112222", "800", "1106").send())
        .await
        .expect("a Switchvox call");
    let list = within(sv.raw("switchvox.currentCalls.getList").send())
        .await
        .expect("the RPC method is the path");
    let calls = list
        .result
        .child("current_calls")
        .ok()
        .flatten()
        .expect("current_calls");
    assert_eq!(calls.children_named("current_call").count(), 1);
    let refused = within(
        sv.raw("switchvox.currentCalls.hangUp")
            .params_json(r#"{"current_call_id":"no"}"#)
            .send(),
    )
    .await;
    assert!(matches!(refused, Err(Error::Vendor { .. })), "{refused:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_blocking_clients_have_it_too() {
    let pbx = start().await;
    let url = pbx.url();
    let (done, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let run = || -> Result<usize, String> {
            let ys = blocking::YeastarSClient::new(
                YeastarSClient::builder(ClientConfig::new(&url), USER, PASSWORD)
                    .report_to("127.0.0.1", 8260),
            )
            .map_err(|e| e.to_string())?;
            let listed = ys.raw("outbound/query").send().map_err(|e| e.to_string())?;
            ys.close().map_err(|e| e.to_string())?;
            Ok(listed.result.children_named("outbound").count())
        };
        let _ = done.send(run());
    });
    let answer = tokio::task::spawn_blocking(move || answer.recv_timeout(BOUND))
        .await
        .expect("the waiting task")
        .expect("an answer in time");
    assert_eq!(answer, Ok(0));
    assert_eq!(pbx.requests("yeastar_s::login"), 1);
}

/// What goes on the wire: the parameters inside the family's envelope, nested objects and
/// lists kept, in both formats; escaping done.
#[test]
fn raw_parameters_are_written_inside_the_envelope() {
    let sv = SwitchvoxClient::new(
        ClientConfig::new("http://127.0.0.1:9"),
        USER,
        PASSWORD,
        HttpAuth::Digest,
        Format::Json,
    )
    .expect("config");
    let raw = sv
        .raw("switchvox.users.search")
        .params_json(r#"{"q":"a\"b","ids":["1","2"],"page":{"n":3,"all":true}}"#);
    let http = raw.request().to_http(Format::Json, "").expect("encodes");
    assert_eq!(http.path_and_query, "/json");
    assert_eq!(
        String::from_utf8(http.body).expect("UTF-8"),
        r#"{"request":{"method":"switchvox.users.search","parameters":{"q":"a\"b","ids":["1","2"],"page":{"n":3,"all":true}}}}"#
    );
    let raw = sv
        .raw("switchvox.users.search")
        .params_xml(r#"<p><q>a &amp; b</q><user id="7"/><user id="8"/></p>"#);
    let http = raw.request().to_http(Format::Xml, "").expect("encodes");
    assert_eq!(http.path_and_query, "/xml");
    assert_eq!(
        String::from_utf8(http.body).expect("UTF-8"),
        r#"<request method="switchvox.users.search"><parameters><q>a &amp; b</q><user id="7"></user><user id="8"></user></parameters></request>"#
    );
}
