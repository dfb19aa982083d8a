//! Links from a dial's answer to the operations that act on the call it placed, taken from the
//! specs' `[sim]` tables: the dial's `[sim.fill]` names the response field holding the call's
//! id (`callid = "call.id"`), and each call action's `call` names the parameter that takes it
//! (`call = "outboundid"`).

use pbx_wire::sim::{SimAction, SimValue};
use pbx_wire::{Envelope, Format};
use serde_json::{Map, Value, json};

use crate::model::{Api, Endpoint};

/// Actions on one call, whose `call` parameter takes the id a dial answers with.
const ON_A_CALL: [SimAction; 8] = [
    SimAction::Hangup,
    SimAction::Hold,
    SimAction::Unhold,
    SimAction::Mute,
    SimAction::Unmute,
    SimAction::Transfer,
    SimAction::Accept,
    SimAction::Refuse,
];

/// Adds the dial → call action links to the dials' HTTP 200 answers in `paths`. `ids` are the
/// operation ids made for each endpoint; links are made between JSON operations only (a JSON
/// pointer cannot reach into an XML body).
pub fn add_call_links(paths: &mut Map<String, Value>, api: &Api, ids: &[(String, &Endpoint)]) {
    for dial in &api.endpoints {
        let Some(sim) = &dial.sim else { continue };
        if sim.action != SimAction::Dial {
            continue;
        }
        let Some((field, _)) = sim
            .fill
            .iter()
            .find(|(_, v)| matches!(v, crate::spec::sim::Fill::Model(SimValue::CallId)))
        else {
            continue;
        };
        let pointer = answer_pointer(api.envelope, field);
        let mut links = Map::new();
        for target in &api.endpoints {
            let Some(tsim) = &target.sim else { continue };
            let Some(param) = &tsim.call else { continue };
            if !ON_A_CALL.contains(&tsim.action) || !target.formats.contains(&Format::Json) {
                continue;
            }
            let Some(id) = json_operation(ids, target) else {
                continue;
            };
            let Some(field) = target.params.iter().find(|f| &f.wire == param) else {
                continue;
            };
            let expression = format!("$response.body#{pointer}");
            let mut link = json!({
                "operationId": id,
                "description": format!(
                    "The dial's `{}` (its JSON answer) is the call id this operation's `{param}` takes: the specs' simulator tables fill the one with the call's id and find the call by the other. The other parameters are the caller's.",
                    pointer.trim_start_matches('/').replace('/', ".")
                ),
            });
            let mut parameters = Map::new();
            if target.url.contains("{version}") {
                // The version the dial was sent to.
                parameters.insert("path.version".into(), json!("$request.path.version"));
            }
            if let Some(key) = format_key(&target.url) {
                parameters.insert(format!("query.{key}"), json!("json"));
            }
            if field.query {
                parameters.insert(format!("query.{param}"), json!(expression));
            } else {
                link["requestBody"] = request_body(
                    api.envelope,
                    target.rpc_method.as_deref(),
                    param,
                    &expression,
                );
            }
            if !parameters.is_empty() {
                link["parameters"] = Value::Object(parameters);
            }
            links.insert(id.clone(), link);
        }
        if links.is_empty() {
            continue;
        }
        let Some(dial_id) = json_operation(ids, dial) else {
            continue;
        };
        for op in paths
            .values_mut()
            .filter_map(Value::as_object_mut)
            .flat_map(|m| m.values_mut())
        {
            if op["operationId"].as_str() == Some(dial_id.as_str())
                && let Some(ok) = op["responses"].get_mut("200")
            {
                let existing = ok
                    .as_object_mut()
                    .map(|o| o.entry("links").or_insert_with(|| json!({})));
                if let Some(Value::Object(map)) = existing {
                    map.extend(links.clone());
                }
            }
        }
    }
}

/// The operation id of `ep`'s JSON operation: `<id>_json` when the format is in the path.
fn json_operation(ids: &[(String, &Endpoint)], ep: &Endpoint) -> Option<String> {
    let base = ep.module_path.join("_");
    let suffixed = format!("{base}_json");
    ids.iter()
        .filter(|(_, e)| std::ptr::eq(*e, ep))
        .map(|(i, _)| i)
        .find(|i| **i == base || **i == suffixed)
        .cloned()
}

/// The query key carrying `{format}`, when the URL has one.
fn format_key(url: &str) -> Option<&str> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.split_once('=').filter(|(_, v)| *v == "{format}"))
        .map(|(k, _)| k)
}

/// The JSON pointer of a response field (dotted wire path) in the success answer.
fn answer_pointer(envelope: Envelope, field: &str) -> String {
    let path: String = field
        .split('.')
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect();
    match envelope {
        Envelope::Status | Envelope::Errcode => path,
        Envelope::Switchvox => format!("/response/result{path}"),
    }
}

/// A JSON request body holding the call parameter only, in the family's envelope.
fn request_body(envelope: Envelope, rpc_method: Option<&str>, param: &str, expr: &str) -> Value {
    let mut parameters = Map::new();
    parameters.insert(param.to_owned(), json!(format!("{{{expr}}}")));
    match envelope {
        Envelope::Status | Envelope::Errcode => Value::Object(parameters),
        Envelope::Switchvox => json!({
            "request": { "method": rpc_method, "parameters": parameters },
        }),
    }
}
