//! A user's program: places a call on a Yeastar S-Series PBX, finds it in the list of outbound
//! calls, hangs it up, checks it is gone and logs out. It depends on `pbx-api` with features
//! `yeastar-s` and `client` only.
//!
//! ```text
//! PBX_URL=http://127.0.0.1:8088 PBX_USER=api PBX_PASSWORD=... cargo run
//! ```
//!
//! `scripts/outside-program.sh` runs it against `pbx sim`. Each step is one generated client
//! method, as the spec files declare them.

use std::env;
use std::error::Error;

use pbx_api::client::{ClientConfig, YeastarSClient};
use pbx_api::prelude::*;
use pbx_api::yeastar_s::outbound::query::OutboundCall;

const EXTENSION: &str = "1002";
const NUMBER: &str = "41000";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let url = env::var("PBX_URL").map_err(|_| "set PBX_URL (the PBX's base URL)")?;
    let user = env::var("PBX_USER").map_err(|_| "set PBX_USER")?;
    let password = env::var("PBX_PASSWORD").map_err(|_| "set PBX_PASSWORD")?;
    let pbx = YeastarSClient::builder(ClientConfig::new(url), user, &password).build()?;

    let call = pbx
        .extension()
        .dial_outbound(EXTENSION, NUMBER)
        .autoanswer(true)
        .send()
        .await?;
    println!("{EXTENSION} dials {NUMBER}: call {}", call.callid);

    let calls = pbx.outbound().query().send().await?.outbound;
    let listed = find(&calls, &call.callid).ok_or("the call is not in outbound/query")?;
    println!(
        "listed: {} -> {} on trunk {}, {:?}",
        listed.from, listed.to, listed.trunk, listed.status
    );

    pbx.outbound().hangup(call.callid.clone()).send().await?;
    println!("hung up {}", call.callid);

    let calls = pbx.outbound().query().send().await?.outbound;
    if find(&calls, &call.callid).is_some() {
        return Err("the call is still listed after hanging up".into());
    }
    println!("no longer listed");

    pbx.close().await?;
    println!("logged out");
    Ok(())
}

/// The listed call with this id, if any.
fn find<'a>(calls: &'a [OutboundCall], id: &str) -> Option<&'a OutboundCall> {
    calls.iter().find(|c| c.outboundid == id)
}
