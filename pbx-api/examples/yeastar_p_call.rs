//! Yeastar P-Series OpenAPI: place a call, find its channel in `call/query`, hang it up,
//! revoke the token.
//!
//! ```text
//! pbx sim &                                  # prints its URL; user api, password Secret123
//! PBX_URL=http://127.0.0.1:PORT cargo run -p pbx-api --example yeastar_p_call -- 1000 1001
//! ```
//!
//! `PBX_USER` and `PBX_PASSWORD` (the OpenAPI client id and secret) default to the
//! simulator's `api` and `Secret123`.

use std::env;
use std::error::Error;

use pbx_api::client::{ClientConfig, YeastarPClient};
use pbx_api::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        return Err("usage: yeastar_p_call <extension> <number>".into());
    };
    let url = env::var("PBX_URL").map_err(|_| "set PBX_URL (for example, to `pbx sim`'s URL)")?;
    let user = env::var("PBX_USER").unwrap_or_else(|_| "api".into());
    let password = env::var("PBX_PASSWORD").unwrap_or_else(|_| "Secret123".into());
    let pbx = YeastarPClient::builder(ClientConfig::new(url), user, &password).build()?;

    let call = pbx.call().dial(from, to).auto_answer(false).send().await?;
    println!("{from} calls {to}: call {}", call.call_id);
    let calls = pbx.call().query().send().await?;
    let channel = calls
        .data
        .iter()
        .filter(|c| c.call_id == call.call_id)
        .flat_map(|c| &c.members)
        .find_map(|m| m.extension.as_ref())
        .map(|e| e.channel_id.clone())
        .ok_or("the call is not listed")?;
    println!("{from} is on channel {channel}");
    pbx.call().hangup().channel_id(channel).send().await?;
    println!("hung up");
    pbx.close().await?; // revokes the token
    Ok(())
}
