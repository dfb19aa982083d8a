//! Every endpoint `pbx_api` has, against the simulator, with nothing written per endpoint: a
//! request built from its spec's documented example (the call it names placed first, when
//! its `[sim]` table names one) must succeed through the family's typed client, and once
//! more with a documented vendor error condition (an unknown call, a required parameter left
//! out, an extension its table lacks) must be the typed vendor error with a code the family
//! declares (the `[sim]` table's `not_found` where it gives one, the family's
//! missing-parameter code). An attended transfer's operation is sent while one is under way. A new spec is
//! covered as it is added; what cannot be exercised yet is listed below, with the reason,
//! and a listed endpoint that can be exercised fails the test until it is taken off.

mod common;

use std::future::Future;
use std::pin::Pin;

use common::clients::{Clients, Outcome};
use pbx_api::wire::sim::SimAction;
use pbx_api::wire::{Body, Endpoint, EndpointMeta, EndpointVisitor, Envelope, Format};
use serde_json::{Map, Value};

/// Endpoints not sent here, and why.
const NOT_EXERCISED: &[(&str, &str)] = &[
    (
        "openvox::login",
        "session: the clients log in by themselves (token_refusals.rs)",
    ),
    (
        "openvox::heartbeat",
        "session: the keep-alive task sends it (token_refusals.rs)",
    ),
    (
        "openvox::logout",
        "session: ends the client's session (token_refusals.rs)",
    ),
    (
        "openvox::recording::download",
        "a download: needs a finished call's recording and a code from recording/get_random \
         (call_scenarios.rs)",
    ),
    (
        "openvox::cdr::download",
        "a download: needs a code from cdr/get_random (call_scenarios.rs)",
    ),
    (
        "yeastar_s::login",
        "session: the clients log in by themselves (token_refusals.rs)",
    ),
    (
        "yeastar_s::heartbeat",
        "session: the keep-alive task sends it (token_refusals.rs)",
    ),
    (
        "yeastar_s::logout",
        "session: ends the client's session (token_refusals.rs)",
    ),
    (
        "yeastar_s::recording::download",
        "needs an ended, recorded call; call_scenarios.rs downloads one and is refused an unknown one",
    ),
    (
        "yeastar_s::cdr::download",
        "a GET link: the raw client only POSTs, so a parameter left out cannot be sent; \
         call_scenarios.rs downloads the records through it",
    ),
    (
        "yeastar_v2::login",
        "session: the clients log in by themselves (token_refusals.rs)",
    ),
    (
        "yeastar_v2::heartbeat",
        "session: the keep-alive task sends it (token_refusals.rs)",
    ),
    (
        "yeastar_v2::logout",
        "session: ends the client's session (token_refusals.rs)",
    ),
    (
        "yeastar_p::get_token",
        "session: the client logs in by itself (token_refusals.rs)",
    ),
    (
        "yeastar_p::refresh_token",
        "session: needs the client's own refresh token",
    ),
    (
        "yeastar_p::del_token",
        "session: ends the client's session (token_refusals.rs)",
    ),
    (
        "switchvox::extension_groups::get_info",
        "the simulator models no extension groups, and no vendor page gives the answer or \
         the code for an unknown group",
    ),
    (
        "switchvox::extensions::settings::get_info",
        "the simulator models no extension settings, and no vendor page gives an answer",
    ),
    (
        "switchvox::users::call_queues::get_todays_status",
        "the simulator models no per-user queue statistics, and no vendor page gives an answer",
    ),
    (
        "yeastar_p::recording::download",
        "names the recording of an answered call, which only a client's call makes: \
         call_scenarios.rs fetches one and is refused an unknown one (60001)",
    ),
    (
        "yeastar_v2::recording::download",
        "a download, sent with `download`, not `send`: call_scenarios.rs fetches one",
    ),
];

/// Endpoints sent here whose spec gives no error condition the test can make: no required
/// parameter to leave out, no call to name.
const NO_ERROR_CONDITION: &[(&str, &str)] = &[
    (
        "openvox::outbound::query",
        "every parameter optional; an unknown id is an empty list",
    ),
    ("openvox::deviceinfo::query", "takes no parameters"),
    (
        "openvox::extension::query",
        "every parameter optional; an unknown extension is idle",
    ),
    ("openvox::extensionlist::query", "takes no parameters"),
    (
        "yeastar_s::outbound::query",
        "every parameter optional; an unknown id is an empty list",
    ),
    (
        "yeastar_s::inbound::query",
        "every parameter optional; an unknown id is an empty list",
    ),
    ("yeastar_s::deviceinfo::query", "takes no parameters"),
    ("yeastar_s::extensionlist::query", "takes no parameters"),
    (
        "yeastar_p::call::query",
        "every parameter optional; an unknown id is an empty list",
    ),
    (
        "yeastar_p::cdr::list",
        "every parameter optional; no records is an empty page",
    ),
    (
        "yeastar_p::cdr::search",
        "every parameter optional; no match is an empty page",
    ),
    (
        "yeastar_p::company_contact::list",
        "every parameter optional",
    ),
    (
        "yeastar_p::extension::list",
        "every parameter optional; a page past the last is empty",
    ),
    ("yeastar_p::queue::list", "every parameter optional"),
    (
        "yeastar_p::recording::list",
        "every parameter optional; no recordings is an empty page",
    ),
    (
        "yeastar_p::recording::search",
        "every parameter optional; no match is an empty page",
    ),
    ("yeastar_p::system::information", "takes no parameters"),
    (
        "yeastar_v2::call::query",
        "every parameter optional; an unknown id is an empty list",
    ),
    ("yeastar_v2::deviceinfo::query", "takes no parameters"),
    ("yeastar_v2::extension::list", "takes no parameters"),
    ("switchvox::current_calls::get_list", "takes no parameters"),
    (
        "switchvox::directories::get_extension_list",
        "every parameter optional",
    ),
    (
        "switchvox::extension_groups::get_list",
        "takes no parameters",
    ),
    (
        "switchvox::extensions::get_info",
        "both lists optional; an unknown extension is left out of the list",
    ),
    ("switchvox::extensions::search", "every parameter optional"),
    (
        "switchvox::ivr::global_variables::get_list",
        "every parameter optional; an unknown id or name is an empty list",
    ),
    ("switchvox::users::get_my_info", "takes no parameters"),
];

/// Each family's code for a required parameter left out.
fn missing_code(family: &str) -> &'static str {
    match family {
        "yeastar_p" => "40002",
        "switchvox" => "10011",
        _ => "10004",
    }
}

type Case = for<'a> fn(&'a Clients) -> Pin<Box<dyn Future<Output = Vec<String>> + 'a>>;

struct Collect(Vec<(&'static EndpointMeta, Case)>);

impl EndpointVisitor for Collect {
    fn visit<E: Endpoint>(&mut self) {
        self.0.push((E::META, |c| Box::pin(exercise::<E>(c))));
    }
}

/// The parameters object inside a request body (Switchvox: `request.parameters`).
fn params_of<'b>(meta: &EndpointMeta, body: &'b mut Value) -> Option<&'b mut Map<String, Value>> {
    let params = match meta.api.envelope {
        Envelope::Switchvox => body.get_mut("request")?.get_mut("parameters")?,
        _ => body,
    };
    params.as_object_mut()
}

/// The endpoint's documented request as JSON (from its JSON or XML example; a GET's example
/// has no body); when no example has one (a download link), the parameters' own documented
/// `example` values. Required parameters the example lacks get their spec's example value.
fn example_request<E: Endpoint>() -> Value {
    let mut body = documented_request::<E>();
    if let Some(params) = params_of(E::META, &mut body) {
        for p in E::META.params.iter().filter(|p| p.required) {
            if let (false, Some(example)) = (params.contains_key(p.name), p.example) {
                params.insert(p.name.to_owned(), Value::String(example.to_owned()));
            }
        }
    }
    body
}

fn documented_request<E: Endpoint>() -> Value {
    let meta = E::META;
    let decoded = meta
        .examples
        .iter()
        .filter_map(|x| Some((x.format, x.request?.trim())))
        .filter(|(_, body)| !body.is_empty())
        .find_map(|(format, body)| E::decode(format, body.as_bytes()).ok());
    let examples: Map<String, Value> = meta
        .params
        .iter()
        .filter_map(|p| Some((p.name.to_owned(), Value::String(p.example?.to_owned()))))
        .collect();
    let bare = match (meta.api.envelope, meta.rpc_method) {
        (Envelope::Switchvox, Some(m)) => {
            serde_json::json!({"request": {"method": m, "parameters": examples}})
        }
        _ => Value::Object(examples),
    };
    decoded
        .and_then(|r| r.encode(Format::Json).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_else(|| from_param_examples(meta, bare))
}

/// A request of the parameters' own `example` values, for an endpoint whose documented
/// request does not decode (a vendor mistake) or that has none.
fn from_param_examples(meta: &EndpointMeta, mut bare: Value) -> Value {
    if let Some(params) = params_of(meta, &mut bare) {
        for p in meta.params {
            if let Some(example) = p.example {
                params.insert(p.name.to_owned(), Value::String(example.to_owned()));
            }
        }
    }
    bare
}

/// The request `body` holds; a GET's parameters are read as the query pairs they travel as.
fn decode<E: Endpoint>(body: &Value) -> Result<E, String> {
    let meta = E::META;
    if meta.method == "GET" || meta.body == Body::None {
        // Parameters in the query string, as the simulator reads them.
        let pairs: Vec<(String, String)> = body
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| match v {
                Value::String(s) => (k.clone(), s.clone()),
                other => (k.clone(), other.to_string()),
            })
            .collect();
        return E::decode_lenient_http(Format::Json, &pairs, b"")
            .map(|(request, _)| request)
            .map_err(|e| format!("request does not decode: {e}"));
    }
    let bytes = serde_json::to_vec(body).map_err(|e| e.to_string())?;
    E::decode(Format::Json, &bytes).map_err(|e| format!("request does not decode: {e}"))
}

/// The agent or member a queue or conference action (other than adding one) acts on, put
/// there first as the PBX's configuration would have it.
fn seed_group(c: &Clients, meta: &EndpointMeta, body: &mut Value) {
    let Some(sim) = meta.sim else { return };
    let Some(params) = params_of(meta, body) else {
        return;
    };
    let text = |name: Option<&str>| params.get(name?).and_then(Value::as_str).map(str::to_owned);
    let party = text(sim.party).or_else(|| text(sim.extension));
    let family = meta.api.module;
    match (sim.action, party) {
        (SimAction::AgentRemove | SimAction::AgentPause | SimAction::AgentUnpause, Some(party)) => {
            for one in party.split(',') {
                c.pbx
                    .add_agent(family, &text(sim.queue).unwrap_or_default(), one.trim());
            }
        }
        (
            SimAction::ConferenceKick | SimAction::ConferenceMute | SimAction::ConferenceUnmute,
            Some(party),
        ) => {
            for one in party.split(',') {
                c.pbx.add_member(
                    family,
                    &text(sim.conference).unwrap_or_default(),
                    one.trim(),
                );
            }
        }
        _ => {}
    }
}

async fn exercise<E: Endpoint>(c: &Clients) -> Vec<String> {
    let meta = E::META;
    let mut problems = Vec::new();
    let sim = meta.sim;
    let names_call = sim
        .and_then(|s| s.call.filter(|_| !s.action.is_query()))
        .filter(|_| {
            sim.is_some_and(|s| !matches!(s.action, SimAction::Dial | SimAction::GetRecording))
        });
    let mut body = example_request::<E>();
    // An endpoint that acts on a stored variable by id acts on one that exists.
    let names_variable = sim
        .filter(|s| {
            matches!(
                s.action,
                SimAction::VariableUpdate | SimAction::VariableRemove
            )
        })
        .and_then(|s| s.variable);
    if let Some(param) = names_variable {
        let Some(id) = c.pbx.set_variable(meta.api.module, "every_endpoint", "1") else {
            return vec![format!(
                "{}: the simulator does not know its family",
                meta.id
            )];
        };
        if let Some(params) = params_of(meta, &mut body) {
            params.insert(param.to_owned(), Value::String(id));
        }
    }
    if let Some(param) = names_call {
        let Some(call) = c.pbx.inbound(meta.api.module, "5550100", "1000") else {
            return vec![format!(
                "{}: the simulator does not know its family",
                meta.id
            )];
        };
        // The call's channel, its id, or (OpenVox and S-Series `extid`) its extension: the
        // first the parameter's constraints take.
        let values = if param.contains("channel") {
            vec![call.channel.clone()]
        } else {
            vec![call.id, call.to]
        };
        for value in values {
            if let Some(params) = params_of(meta, &mut body) {
                params.insert(param.to_owned(), Value::String(value));
            }
            if decode::<E>(&body).is_ok() {
                break;
            }
        }
        // Completing, aborting or swapping needs an attended transfer under way.
        if sim.is_some_and(|s| s.action == SimAction::AttendedOperate)
            && c.pbx
                .attended_transfer(meta.api.module, &call.channel, "1098")
                .is_none()
        {
            return vec![format!("{}: no attended transfer to operate on", meta.id)];
        }
    }
    // Joining a call (listen, whisper, barge in) needs an idle extension to join it, whatever
    // earlier examples left in calls.
    if let Some(joining) = sim
        .filter(|s| s.action == SimAction::OnCall)
        .and_then(|s| s.extension)
        && let Some(params) = params_of(meta, &mut body)
    {
        params.insert(joining.to_owned(), Value::String("1099".into()));
    }
    seed_group(c, meta, &mut body);
    match decode::<E>(&body) {
        Ok(request) => match c.send(&request).await.0 {
            Outcome::Ok => {}
            other => problems.push(format!("{}: the example request got {other:?}", meta.id)),
        },
        Err(e) => problems.push(format!("{}: {e}", meta.id)),
    }
    let listed = NO_ERROR_CONDITION.iter().any(|(id, _)| *id == meta.id);
    // A raw request is a POST: a GET's required parameter cannot be left out through it.
    let required = meta
        .params
        .iter()
        .find(|p| p.required)
        .filter(|_| meta.method != "GET");
    // An extension query with a `not_found` code refuses an extension (or id) it lacks.
    let names_extension = sim
        .filter(|s| s.action == SimAction::QueryExtensions && s.not_found.is_some())
        .and_then(|s| s.extension_id.or(s.extension));
    let expected = match (names_call.or(names_variable).or(names_extension), required) {
        (Some(param), _) => {
            let unknown = if param.contains("channel") {
                "PJSIP/9999-ffffffff"
            } else {
                "9999"
            };
            if let Some(params) = params_of(meta, &mut body) {
                params.insert(param.to_owned(), Value::String(unknown.to_owned()));
            }
            let outcome = match decode::<E>(&body) {
                Ok(request) => c.send(&request).await.0,
                Err(e) => Outcome::Other(e),
            };
            let code = sim.and_then(|s| s.not_found);
            Some((outcome, code, "an unknown call, variable or extension"))
        }
        (None, Some(p)) => {
            let mut params = params_of(meta, &mut body).cloned().unwrap_or_default();
            params.remove(p.name);
            let outcome = c.send_raw(meta, &Value::Object(params).to_string()).await;
            Some((
                outcome,
                Some(missing_code(meta.api.module)),
                "a required parameter left out",
            ))
        }
        (None, None) => None,
    };
    match (expected, listed) {
        (Some(_), true) => problems.push(format!(
            "{}: has an error condition now; take it off NO_ERROR_CONDITION",
            meta.id
        )),
        (None, false) => problems.push(format!(
            "{}: no error condition to make; list it in NO_ERROR_CONDITION with the reason",
            meta.id
        )),
        (Some((Outcome::Vendor { code, known }, want, what)), false) => {
            if !known || want.is_some_and(|w| w != code) {
                problems.push(format!(
                    "{}: {what} got code {code} (declared: {known}), expected {want:?}",
                    meta.id
                ));
            }
        }
        (Some((other, _, what)), false) => problems.push(format!(
            "{}: {what} got {other:?}, not a vendor error",
            meta.id
        )),
        (None, true) => {}
    }
    problems
}

#[tokio::test]
async fn every_endpoint_answers_its_example_and_refuses_its_error_condition() {
    let mut collect = Collect(Vec::new());
    pbx_api::for_each_endpoint(&mut collect);
    let ids: Vec<&str> = collect.0.iter().map(|(m, _)| m.id).collect();
    for (id, _) in NOT_EXERCISED.iter().chain(NO_ERROR_CONDITION) {
        assert!(ids.contains(id), "{id} is listed but no longer exists");
    }
    let clients = Clients::start().await;
    let mut problems = Vec::new();
    let mut exercised = 0;
    for (meta, case) in &collect.0 {
        if NOT_EXERCISED.iter().any(|(id, _)| *id == meta.id) {
            continue;
        }
        let found = tokio::time::timeout(std::time::Duration::from_secs(20), case(&clients))
            .await
            .unwrap_or_else(|_| vec![format!("{}: timed out", meta.id)]);
        problems.extend(found);
        exercised += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(exercised >= collect.0.len() - NOT_EXERCISED.len());
    assert!(exercised > 0);
}
