//! OpenVox UC IPPBX: place a call, watch it in `outbound/query`, hang it up, log out.
//!
//! ```text
//! pbx sim &                                  # prints its URL; user api, password Secret123
//! PBX_URL=http://127.0.0.1:PORT cargo run -p pbx-api --example openvox_call -- 101 16103
//! ```
//!
//! `PBX_USER` and `PBX_PASSWORD` default to the simulator's `api` and `Secret123`.

use std::env;
use std::error::Error;

use pbx_api::Format;
use pbx_api::client::{ClientConfig, OpenVoxClient};
use pbx_api::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        return Err("usage: openvox_call <extension> <number>".into());
    };
    let url = env::var("PBX_URL").map_err(|_| "set PBX_URL (for example, to `pbx sim`'s URL)")?;
    let user = env::var("PBX_USER").unwrap_or_else(|_| "api".into());
    let password = env::var("PBX_PASSWORD").unwrap_or_else(|_| "Secret123".into());
    let pbx = OpenVoxClient::builder(ClientConfig::new(url), user, &password)
        .format(Format::Xml)
        .build()?;

    let placed = pbx
        .extension()
        .dial_outbound(from, to)
        .autoanswer(false)
        .send()
        .await?;
    println!("{from} dials {to}: call {:?}", placed.callid);
    let calls = pbx.outbound().query().send().await?.outbound;
    for call in &calls {
        println!("up: {} → {} ({})", call.from, call.to, call.status.as_str());
    }
    for call in calls {
        pbx.outbound()
            .hangup(call.outboundid.clone())
            .send()
            .await?;
        println!("hung up {}", call.outboundid);
    }
    pbx.close().await?; // logs out
    Ok(())
}
