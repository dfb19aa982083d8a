//! Places a call on a real PBX, lists the calls in progress, and logs out.
//!
//! ```text
//! PBX_URL=https://192.168.5.150:8088 PBX_USER=api PBX_PASSWORD=... \
//!   cargo run -p pbx-api --example call -- yeastar_s 1002 41000
//! ```
//!
//! Families: `openvox`, `yeastar_s`, `yeastar_v2`, `yeastar_p`, `switchvox`. `PBX_CA` names a
//! PEM file to trust (the PBX's own certificate, or its CA). Every failure is printed as the
//! typed error it is.

use std::env;
use std::error::Error;

use pbx_api::Format;
use pbx_api::client::{
    ClientConfig, HttpAuth, OpenVoxClient, SwitchvoxClient, YeastarPClient, YeastarSClient,
    YeastarV2Client,
};
use pbx_api::prelude::*;

fn config() -> Result<ClientConfig, Box<dyn Error>> {
    let mut config = ClientConfig::new(env::var("PBX_URL")?);
    if let Ok(path) = env::var("PBX_CA") {
        config = config.trust_pem(std::fs::read(path)?);
    }
    Ok(config)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    let [family, from, to] = args.as_slice() else {
        return Err("usage: call <family> <from> <to>".into());
    };
    let user = env::var("PBX_USER")?;
    let password = env::var("PBX_PASSWORD")?;
    match family.as_str() {
        "openvox" => {
            let pbx = OpenVoxClient::builder(config()?, user, &password).build()?;
            let call = pbx.extension().dial_outbound(from, to).send().await?;
            println!("placed: {call:?}");
            let calls = pbx.outbound().query().send().await?;
            println!("outbound calls: {:#?}", calls.outbound);
            pbx.close().await?;
        }
        "yeastar_s" => {
            let pbx = YeastarSClient::builder(config()?, user, &password).build()?;
            let call = pbx.extension().dial_outbound(from, to).send().await?;
            println!("placed call {}", call.callid);
            let calls = pbx.outbound().query().send().await?;
            println!("outbound calls: {:#?}", calls.outbound);
            pbx.close().await?;
        }
        "yeastar_v2" => {
            let pbx = YeastarV2Client::builder(config()?, user, &password).build()?;
            let call = pbx.call().dial(from, to).send().await?;
            println!("placed call {}", call.callid);
            let calls = pbx.extension().query_call(from).send().await?;
            println!("calls of {from}: {:#?}", calls.calllist);
            pbx.close().await?;
        }
        "yeastar_p" => {
            let pbx = YeastarPClient::builder(config()?, user, &password).build()?;
            let call = pbx.call().dial(from, to).send().await?;
            println!("placed call {}", call.call_id);
            pbx.close().await?;
        }
        "switchvox" => {
            let account = env::var("PBX_ACCOUNT_ID")?;
            let pbx = SwitchvoxClient::new(config()?, user, password, HttpAuth::Auto, Format::Xml)?;
            let call = pbx.call(from, to, account).send().await?;
            println!("placed: {:?}", call.call_info);
            let calls = pbx.current_calls().get_list().send().await?;
            println!("current calls: {:#?}", calls.current_calls.current_call);
        }
        other => return Err(format!("unknown family `{other}`").into()),
    }
    Ok(())
}
