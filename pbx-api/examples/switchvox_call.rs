//! Switchvox Extend API: place a call, watch it in `currentCalls.getList`, hang it up.
//!
//! ```text
//! pbx sim &                                  # prints its URL; user api, password Secret123
//! PBX_URL=http://127.0.0.1:PORT cargo run -p pbx-api --example switchvox_call -- 15551112222 800 1106
//! ```
//!
//! The arguments are `dial_first`, `dial_second` and the account id the call is placed as.
//! `PBX_USER` and `PBX_PASSWORD` default to the simulator's `api` and `Secret123`; Digest is
//! answered, and Basic only over `https://`.

use std::env;
use std::error::Error;

use pbx_api::Format;
use pbx_api::client::{ClientConfig, HttpAuth, SwitchvoxClient};
use pbx_api::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    let [first, second, account] = args.as_slice() else {
        return Err("usage: switchvox_call <dial_first> <dial_second> <account_id>".into());
    };
    let url = env::var("PBX_URL").map_err(|_| "set PBX_URL (for example, to `pbx sim`'s URL)")?;
    let user = env::var("PBX_USER").unwrap_or_else(|_| "api".into());
    let password = env::var("PBX_PASSWORD").unwrap_or_else(|_| "Secret123".into());
    let pbx = SwitchvoxClient::new(
        ClientConfig::new(url),
        user,
        password,
        HttpAuth::Auto,
        Format::Xml,
    )?;

    let placed = pbx.call(first, second, account).send().await?;
    println!(
        "dialled {} then {}",
        placed.call_info.dialed_first, placed.call_info.dialed_second
    );
    let list = pbx.current_calls().get_list().send().await?;
    println!("{} call(s) up", list.current_calls.total_items);
    for call in &list.current_calls.current_call {
        pbx.current_calls().hang_up(call.id.clone()).send().await?;
        println!("hung up {}", call.id);
    }
    Ok(())
}
