//! The generated client methods of every family, against the simulated PBX on 127.0.0.1:
//! `pbx.group().endpoint(required..).optional(..).send()`, async and blocking, through one
//! scenario per family (its session, a call placed, queried and ended). Each test checks, from
//! the simulator's counters, that every endpoint it called reached the PBX through its method.
//! Every method is generated from one template (`pbx-gen/src/codegen/client.rs`) and compiled
//! with its family; every endpoint is sent to the simulator by the registry-driven test in
//! `pbx-sim/tests/every_endpoint.rs`, so a new spec needs no edit here.

use pbx_api::client::{
    ClientConfig, HttpAuth, SwitchvoxClient, YeastarPClient, YeastarSClient, YeastarV2Client,
    blocking, md5_hex,
};
use pbx_api::openvox;
use pbx_api::prelude::*;
use pbx_sim::Simulator;
use pbx_tests::started::{BOUND, PASSWORD, USER, openvox_in, start, within_for, yeastar_s};

/// Every endpoint the scenario called reached the simulator at least once.
fn all_reached(pbx: &Simulator, endpoints: &[&str]) {
    for id in endpoints {
        assert!(
            pbx_api::ENDPOINTS.iter().any(|m| m.id == *id),
            "{id} is not in the registry"
        );
    }
    let missed: Vec<&str> = endpoints
        .iter()
        .copied()
        .filter(|id| pbx.requests(id) == 0)
        .collect();
    assert!(missed.is_empty(), "never sent through a method: {missed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openvox_every_endpoint() {
    let pbx = start().await;
    let ov = openvox_in(ClientConfig::new(pbx.url()), Format::Xml);
    let placed = within_for(
        "dial",
        ov.extension()
            .dial_outbound("101", "16103")
            .autoanswer(false)
            .send(),
    )
    .await
    .expect("the call is placed");
    assert!(placed.callid.is_some());
    let calls = within_for("query", ov.outbound().query().send())
        .await
        .expect("query")
        .outbound;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].to, "16103");
    let one = within_for(
        "query one",
        ov.outbound()
            .query()
            .outboundid([calls[0].outboundid.clone()])
            .send(),
    )
    .await
    .expect("query one");
    assert_eq!(one.outbound.len(), 1);
    within_for(
        "hangup",
        ov.outbound().hangup(calls[0].outboundid.clone()).send(),
    )
    .await
    .expect("hangup");
    assert!(pbx.calls().is_empty(), "hung up");
    within_for("heartbeat", ov.heartbeat("127.0.0.1", "8260").send())
        .await
        .expect("heartbeat");
    // `login` is the client's own method; the endpoint's is `login_`.
    let login = within_for("login_", ov.login_(USER, md5_hex(PASSWORD), "8260").send())
        .await
        .expect("a second session");
    assert!(!login.token.is_empty());
    within_for(
        "dial again",
        ov.extension().dial_outbound("102", "16104").send(),
    )
    .await
    .expect("a second call");
    let extensions = within_for("extensionlist", ov.extensionlist().query().send())
        .await
        .expect("extensionlist/query");
    assert!(
        extensions.extlist.iter().any(|e| e.extnumber == "102"),
        "{extensions:?}"
    );
    let name = "exten-101-106-20200505-042135-1588641695.1772.wav";
    let random = within_for("get_random", ov.recording().get_random(name).send())
        .await
        .expect("get_random")
        .random;
    // A download is fetched into a writer, not decoded (tests/http_requests.rs).
    let mut file = Vec::new();
    let request = openvox::recording::download::Request::new(name, random);
    within_for("download", ov.download(&request, &mut file))
        .await
        .expect("download");
    within_for("logout", ov.logout().send())
        .await
        .expect("logout");
    within_for("close", ov.close()).await.expect("close");
    all_reached(
        &pbx,
        &[
            "openvox::extension::dial_outbound",
            "openvox::heartbeat",
            "openvox::login",
            "openvox::logout",
            "openvox::outbound::hangup",
            "openvox::outbound::query",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yeastar_s_every_endpoint() {
    let pbx = start().await;
    let ys = yeastar_s(ClientConfig::new(pbx.url()));
    let call = within_for(
        "dial",
        ys.extension()
            .dial_outbound("1002", "41000")
            .autoanswer(true)
            .send(),
    )
    .await
    .expect("the call is placed");
    let up = within_for("query", ys.outbound().query().send())
        .await
        .expect("query")
        .outbound;
    assert_eq!(up.len(), 1);
    within_for("hangup", ys.outbound().hangup(call.callid).send())
        .await
        .expect("hangup");
    assert!(pbx.calls().is_empty(), "hung up");
    within_for("heartbeat", ys.heartbeat("127.0.0.1", "8260").send())
        .await
        .expect("heartbeat");
    within_for("login_", ys.login_(USER, md5_hex(PASSWORD), "8260").send())
        .await
        .expect("login");
    within_for("logout", ys.logout().send())
        .await
        .expect("logout");
    within_for("close", ys.close()).await.expect("close");
    all_reached(
        &pbx,
        &[
            "yeastar_s::extension::dial_outbound",
            "yeastar_s::heartbeat",
            "yeastar_s::login",
            "yeastar_s::logout",
            "yeastar_s::outbound::hangup",
            "yeastar_s::outbound::query",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yeastar_v2_every_endpoint() {
    let pbx = start().await;
    let v2 = YeastarV2Client::builder(ClientConfig::new(pbx.url()), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    within_for(
        "dial",
        v2.call().dial("1023", "2000").autoanswer(false).send(),
    )
    .await
    .expect("the call is placed");
    let calls = within_for("query_call", v2.extension().query_call("1023").send())
        .await
        .expect("query_call");
    let channel = calls
        .calllist
        .iter()
        .flat_map(|e| &e.numbercalls)
        .flat_map(|c| &c.members)
        .find_map(|m| m.ext.as_ref().map(|e| e.channelid.clone()))
        .expect("the call is listed");
    within_for("hangup", v2.call().hangup(channel).send())
        .await
        .expect("hangup");
    assert!(pbx.calls().is_empty(), "hung up");
    within_for("heartbeat", v2.heartbeat("127.0.0.1").port("8260").send())
        .await
        .expect("heartbeat");
    within_for(
        "login_",
        v2.login_(USER, md5_hex(PASSWORD)).port("8260").send(),
    )
    .await
    .expect("login");
    within_for("logout", v2.logout().send())
        .await
        .expect("logout");
    within_for("close", v2.close()).await.expect("close");
    all_reached(
        &pbx,
        &[
            "yeastar_v2::call::dial",
            "yeastar_v2::call::hangup",
            "yeastar_v2::extension::query_call",
            "yeastar_v2::heartbeat",
            "yeastar_v2::login",
            "yeastar_v2::logout",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yeastar_p_every_endpoint() {
    let pbx = start().await;
    let p = YeastarPClient::builder(ClientConfig::new(pbx.url()), USER, PASSWORD)
        .build()
        .expect("config");
    let call = within_for(
        "dial",
        p.call().dial("1000", "1001").auto_answer(false).send(),
    )
    .await
    .expect("the call is placed");
    let calls = within_for("query", p.call().query().send())
        .await
        .expect("query");
    let channel = calls
        .data
        .iter()
        .filter(|c| c.call_id == call.call_id)
        .flat_map(|c| &c.members)
        .find_map(|m| m.extension.as_ref())
        .map(|e| e.channel_id.clone())
        .expect("the call is listed");
    within_for("hangup", p.call().hangup().channel_id(channel).send())
        .await
        .expect("hangup");
    assert!(pbx.calls().is_empty(), "hung up");
    let grant = within_for("get_token", p.get_token(USER, PASSWORD).send())
        .await
        .expect("get_token");
    let renewed = within_for("refresh_token", p.refresh_token(grant.refresh_token).send())
        .await
        .expect("refresh_token");
    assert!(!renewed.access_token.is_empty());
    let extensions = within_for("extension list", p.extension().list().page(1).send())
        .await
        .expect("extension/list");
    assert!(extensions.data.len() as i64 <= extensions.total_number.unwrap_or(0));
    within_for("del_token", p.del_token().send())
        .await
        .expect("del_token");
    within_for("close", p.close()).await.expect("close");
    all_reached(
        &pbx,
        &[
            "yeastar_p::call::dial",
            "yeastar_p::call::hangup",
            "yeastar_p::call::query",
            "yeastar_p::del_token",
            "yeastar_p::get_token",
            "yeastar_p::refresh_token",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switchvox_every_endpoint() {
    let pbx = start().await;
    let sv = SwitchvoxClient::new(
        ClientConfig::new(pbx.url()),
        USER,
        PASSWORD,
        HttpAuth::Auto,
        Format::Xml,
    )
    .expect("config");
    let placed = within_for(
        "call",
        sv.call("15551112222", "800", "1106")
            .caller_id_name("David Podolsky")
            .variables(["balance=300"])
            .send(),
    )
    .await
    .expect("the call is placed");
    assert_eq!(placed.call_info.dialed_second, "800");
    let list = within_for("get_list", sv.current_calls().get_list().send())
        .await
        .expect("list");
    assert!(!list.current_calls.current_call.is_empty());
    for call in &list.current_calls.current_call {
        within_for(
            "hang_up",
            sv.current_calls().hang_up(call.id.clone()).send(),
        )
        .await
        .expect("hang_up");
    }
    assert!(pbx.calls().is_empty(), "hung up");
    all_reached(
        &pbx,
        &[
            "switchvox::call",
            "switchvox::current_calls::get_list",
            "switchvox::current_calls::hang_up",
        ],
    );
}

/// A method's vendor error is the client's one typed error, as with `send(&Request)`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_method_answers_the_typed_vendor_error() {
    let pbx = start().await;
    let ys = yeastar_s(ClientConfig::new(pbx.url()));
    let refused = within_for("hangup", ys.outbound().hangup("999.999").send()).await;
    match refused {
        Err(pbx_api::client::Error::Vendor { error, .. }) => {
            assert_eq!(
                error.code,
                pbx_api::yeastar_s::ErrorCode::CallNotFound,
                "{error}"
            );
        }
        other => panic!("expected a vendor error, got {other:?}"),
    }
    within_for("close", ys.close()).await.expect("close");
}

/// The same methods on the blocking clients, where `.send()` is the answer itself. They run on
/// a thread of their own (a blocking client cannot run inside async code); the answer comes
/// back over a channel, within a bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_clients_have_the_same_methods() {
    let pbx = start().await;
    let url = pbx.url();
    let (done, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let run = || -> Result<(usize, usize), String> {
            let ys = blocking::YeastarSClient::new(
                YeastarSClient::builder(ClientConfig::new(&url), USER, PASSWORD)
                    .report_to("127.0.0.1", 8260),
            )
            .map_err(|e| e.to_string())?;
            let call = ys
                .extension()
                .dial_outbound("1002", "41000")
                .autoanswer(true)
                .send()
                .map_err(|e| e.to_string())?;
            let up = ys
                .outbound()
                .query()
                .send()
                .map_err(|e| e.to_string())?
                .outbound
                .len();
            ys.outbound()
                .hangup(call.callid)
                .send()
                .map_err(|e| e.to_string())?;
            ys.close().map_err(|e| e.to_string())?;
            let sv = blocking::SwitchvoxClient::new(
                SwitchvoxClient::new(
                    ClientConfig::new(&url),
                    USER,
                    PASSWORD,
                    HttpAuth::Auto,
                    Format::Json,
                )
                .map_err(|e| e.to_string())?,
            )
            .map_err(|e| e.to_string())?;
            sv.call("15551112222", "800", "1106")
                .send()
                .map_err(|e| e.to_string())?;
            let list = sv
                .current_calls()
                .get_list()
                .send()
                .map_err(|e| e.to_string())?;
            for call in &list.current_calls.current_call {
                sv.current_calls()
                    .hang_up(call.id.clone())
                    .send()
                    .map_err(|e| e.to_string())?;
            }
            Ok((up, list.current_calls.current_call.len()))
        };
        let _ = done.send(run());
    });
    let answer = tokio::task::spawn_blocking(move || answer.recv_timeout(BOUND))
        .await
        .expect("the waiting task")
        .expect("the blocking client answers in time");
    assert_eq!(answer, Ok((1, 1)));
    assert!(pbx.calls().is_empty(), "hung up");
    assert_eq!(pbx.requests("yeastar_s::extension::dial_outbound"), 1);
    assert_eq!(pbx.requests("switchvox::current_calls::hang_up"), 1);
}
