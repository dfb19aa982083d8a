//! Yeastar S-Series API v1: place a call, watch it in `outbound/query`, hang it up, log out.
//!
//! ```text
//! pbx sim &                                  # prints its URL; user api, password Secret123
//! PBX_URL=http://127.0.0.1:PORT cargo run -p pbx-api --example yeastar_s_call -- 1002 41000
//! ```
//!
//! `PBX_USER` and `PBX_PASSWORD` default to the simulator's `api` and `Secret123`; `PBX_CA`
//! names a PEM to trust (the PBX's own certificate, or its CA).

use std::env;
use std::error::Error;

use pbx_api::client::{ClientConfig, YeastarSClient};
use pbx_api::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        return Err("usage: yeastar_s_call <extension> <number>".into());
    };
    let url = env::var("PBX_URL").map_err(|_| "set PBX_URL (for example, to `pbx sim`'s URL)")?;
    let user = env::var("PBX_USER").unwrap_or_else(|_| "api".into());
    let password = env::var("PBX_PASSWORD").unwrap_or_else(|_| "Secret123".into());
    let mut config = ClientConfig::new(url);
    if let Ok(pem) = env::var("PBX_CA") {
        config = config.trust_pem(std::fs::read(pem)?);
    }
    let pbx = YeastarSClient::builder(config, user, &password).build()?;

    let call = pbx
        .extension()
        .dial_outbound(from, to)
        .autoanswer(true)
        .send()
        .await?;
    println!("{from} dials {to}: call {}", call.callid);
    let up = pbx.outbound().query().send().await?.outbound;
    println!("{} outbound call(s) up", up.len());
    pbx.outbound().hangup(call.callid.clone()).send().await?;
    println!("hung up {}", call.callid);
    pbx.close().await?; // logs out
    Ok(())
}
