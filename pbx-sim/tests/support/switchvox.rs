//! Switchvox helpers: a simulator in one auth mode, the error list of an answer, the
//! challenge check.

use super::raw::Reply;
use pbx_api::wire::{Element, Format};
use pbx_sim::{SimConfig, Simulator, SwitchvoxAuth};

/// A simulator with Switchvox in `auth` mode.
pub async fn sim(auth: SwitchvoxAuth) -> Simulator {
    Simulator::start(SimConfig {
        switchvox_auth: auth,
        ..SimConfig::default()
    })
    .await
    .expect("simulator")
}

/// A JSON answer's document tree.
pub fn json(reply: &Reply) -> Element<'_> {
    Element::parse(Format::Json, reply.body.as_bytes())
        .unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

/// `(code, message)` of every `<error>` in a JSON answer, and whether `error` was an array.
pub fn json_errors(reply: &Reply) -> (Vec<(String, String)>, bool) {
    let root = json(reply);
    let response = root.child("response").ok().flatten().expect("response");
    let errors = response.child("errors").ok().flatten().expect("errors");
    let list: Vec<_> = errors.children_named("error").collect();
    let array = list.iter().any(|e| e.in_array);
    let pairs = list
        .iter()
        .map(|e| {
            let field = |n: &str| {
                e.child(n)
                    .ok()
                    .flatten()
                    .and_then(|c| c.text.as_deref())
                    .unwrap_or_default()
                    .to_owned()
            };
            (field("code"), field("message"))
        })
        .collect();
    (pairs, array)
}

pub fn assert_challenged(reply: &Reply, scheme: &str) {
    assert_eq!(reply.status, 401, "{reply:?}");
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(
        challenge.starts_with(&format!("{scheme} realm=\"switchvox\"")),
        "{challenge}"
    );
    if scheme == "Digest" {
        assert!(challenge.contains("qop=\"auth\""), "{challenge}");
        assert!(!reply.challenge().0.is_empty(), "{challenge}");
    }
}

pub const CALL_JSON: &str = r#"{"request": {"method": "switchvox.call", "parameters": {"dial_first": 101, "dial_second": 301, "dial_as_account_id": 1106}}}"#;
