//! Yeastar API 2.0: place a call, find its channel in `extension/query_call`, hang it up, log
//! out.
//!
//! ```text
//! pbx sim &                                  # prints its URL; user api, password Secret123
//! PBX_URL=http://127.0.0.1:PORT cargo run -p pbx-api --example yeastar_v2_call -- 1023 2000
//! ```
//!
//! `PBX_USER` and `PBX_PASSWORD` default to the simulator's `api` and `Secret123`.

use std::env;
use std::error::Error;

use pbx_api::client::{ClientConfig, YeastarV2Client};
use pbx_api::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        return Err("usage: yeastar_v2_call <extension> <number>".into());
    };
    let url = env::var("PBX_URL").map_err(|_| "set PBX_URL (for example, to `pbx sim`'s URL)")?;
    let user = env::var("PBX_USER").unwrap_or_else(|_| "api".into());
    let password = env::var("PBX_PASSWORD").unwrap_or_else(|_| "Secret123".into());
    let pbx = YeastarV2Client::builder(ClientConfig::new(url), user, &password).build()?;

    let call = pbx.call().dial(from, to).autoanswer(false).send().await?;
    println!("{from} calls {to}: call {}", call.callid);
    let calls = pbx.extension().query_call(from).send().await?;
    let channel = calls
        .calllist
        .iter()
        .flat_map(|e| &e.numbercalls)
        .flat_map(|c| &c.members)
        .find_map(|m| m.ext.as_ref().map(|e| e.channelid.clone()))
        .ok_or("the call is not listed")?;
    println!("{from} is on channel {channel}");
    pbx.call().hangup(channel).send().await?;
    println!("hung up");
    pbx.close().await?; // logs out
    Ok(())
}
