//! Builds the request of each seed document through the generated types, prints its wire form
//! in every format the endpoint speaks, and decodes the seed's documented response.
//!
//! ```text
//! cargo run -p pbx-api --example seeds
//! ```
//!
//! No PBX is needed: nothing is sent.

use std::fmt::Debug;

use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_s, yeastar_v2};

/// The session token the OpenVox and Yeastar seeds show (Switchvox authenticates with HTTP
/// auth instead and ignores it).
const TOKEN: &str = "813b621cfe8eecf445a2ce1f4a079ffe";

fn show<E: Endpoint>(
    seed: &str,
    request: &E,
    response: (Format, &str),
) -> Result<(), InvalidRequest> {
    let meta = E::META;
    println!("=== {seed}: {} (`pbx_api::{}`)", meta.name, meta.id);
    println!("    {}", meta.summary);
    for format in meta.formats {
        let http = request.to_http(*format, TOKEN)?;
        println!(
            "\n--- {format} request\n{} {}",
            http.method, http.path_and_query
        );
        println!("Content-Type: {}\n", http.content_type);
        println!("{}", String::from_utf8_lossy(&http.body));
    }
    let (format, body) = response;
    println!("\n--- {format} response, decoded");
    print_result(E::decode_response(format, body.as_bytes()));
    println!();
    Ok(())
}

fn print_result<T: Debug, C: pbx_api::wire::ErrorCode>(result: Result<T, ResponseError<C>>) {
    match result {
        Ok(response) => println!("{response:#?}"),
        Err(e) => println!("error: {e}"),
    }
}

fn main() -> Result<(), InvalidRequest> {
    show(
        "seed 000",
        &openvox::extension::dial_outbound::Request::new("101", "16103").autoanswer(false),
        (
            Format::Xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n    <status>Success</status>\n</xml>",
        ),
    )?;
    show(
        "seed 001",
        &yeastar_s::extension::dial_outbound::Request::new("1002", "41000").autoanswer(false),
        (
            Format::Json,
            r#"{"status":"Success","callid":"1495710387.333"}"#,
        ),
    )?;
    show(
        "seed 002",
        &yeastar_v2::call::dial::Request::new("1023", "2000").autoanswer(false),
        (
            Format::Json,
            r#"{"status": "Success", "callid": "1571620483.18"}"#,
        ),
    )?;
    show(
        "seed 003",
        &openvox::outbound::query::Request::new().outboundid(["1495705009.316"]),
        (
            Format::Json,
            r#"{"status":"Success","outbound":[{"outboundid":"1589881535.982","from":"66666","to":"103","trunk":"to-18-16-2","status":"Talking"}]}"#,
        ),
    )?;
    show(
        "seed 004",
        &switchvox::call::Request::new("15551112222", "800", "1106")
            .caller_id_name("David Podolsky")
            .variables(["balance=300"]),
        (
            Format::Xml,
            r#"<response method="switchvox.call"><result><call_info dialed_first="915551112222" dialed_second="800"><variables><ivr_variable id="3" name="balance" status="exists"/></variables></call_info></result></response>"#,
        ),
    )?;

    println!("=== a vendor error, typed");
    print_result(
        yeastar_s::extension::dial_outbound::Request::decode_response(
            Format::Json,
            br#"{"status":"Failed","errno":"10024"}"#,
        ),
    );
    println!("\n=== a constraint broken before sending");
    if let Err(e) = switchvox::call::Request::new("101", "301", "1106")
        .timeout(1000)
        .encode(Format::Xml)
    {
        println!("error: {e}");
    }

    println!("\n=== every endpoint the specs define");
    for meta in pbx_api::ENDPOINTS {
        let formats: Vec<&str> = meta.formats.iter().map(|f| f.as_str()).collect();
        println!(
            "{:<42} {:<5} {:<60} {}",
            meta.id,
            meta.method,
            meta.url,
            formats.join(",")
        );
    }
    Ok(())
}
