//! `pbx run` with the request shapes beyond a parameter body, against the simulator: a
//! recording downloaded to `--out FILE` or stdout under `--max-download`, GET parameters and
//! lists given as `--name a,b` in the query string, and `--api-version`.

mod support;

use pbx_sim::{SimConfig, Simulator};
use support::{Pbx, text};

async fn sim() -> Simulator {
    Simulator::start(SimConfig::default())
        .await
        .expect("simulator")
}

fn openvox<'a>(url: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--family", "openvox", "--url", url, "--user", "api"];
    args.extend_from_slice(rest);
    args
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_is_written_to_the_out_file_or_stdout() {
    let sim = sim().await;
    let url = sim.url();
    let dir = std::env::temp_dir().join(format!("pbx-download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join("call.wav");
    let file_arg = file.display().to_string();
    let args = openvox(
        &url,
        &[
            "--json",
            "run",
            "recording",
            "download",
            "--recording",
            "a.wav",
            "--random",
            "r1",
            "--out",
            &file_arg,
        ],
    );
    let done = Pbx::new(args).env("PBX_PASSWORD", "Secret123").run().await;
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    let written = std::fs::read(&file).expect("the file was written");
    assert_eq!(&written[..4], b"RIFF");
    assert!(
        text(&done.stdout).contains(&format!(r#""bytes":{}"#, written.len())),
        "{}",
        text(&done.stdout)
    );

    let args = openvox(
        &url,
        &[
            "run",
            "recording",
            "download",
            "--recording",
            "a.wav",
            "--random",
            "r1",
        ],
    );
    let piped = Pbx::new(args).env("PBX_PASSWORD", "Secret123").run().await;
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped.stderr));
    assert_eq!(
        piped.stdout, written,
        "stdout holds the file and nothing else"
    );

    let args = openvox(
        &url,
        &[
            "--max-download",
            "100",
            "run",
            "recording",
            "download",
            "--recording",
            "a.wav",
            "--random",
            "r1",
        ],
    );
    let capped = Pbx::new(args).env("PBX_PASSWORD", "Secret123").run().await;
    assert_eq!(capped.status.code(), Some(8), "a bad answer");
    assert!(
        text(&capped.stderr).contains("larger than the 100-byte cap"),
        "{}",
        text(&capped.stderr)
    );
    assert!(capped.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_parameters_travel_in_the_query_string() {
    let sim = sim().await;
    let url = sim.url();
    let args = vec![
        "--family",
        "yeastar-p",
        "--url",
        &url,
        "--user",
        "api",
        "--dry-run",
        "run",
        "extension",
        "list",
        "--page",
        "2",
        "--page-size",
        "20",
        "--sort-by",
        "number",
    ];
    let shown = Pbx::new(args).env("PBX_PASSWORD", "Secret123").run().await;
    assert_eq!(shown.status.code(), Some(0), "{}", text(&shown.stderr));
    assert!(
        text(&shown.stdout).contains("GET http://127.0.0.1:")
            && text(&shown.stdout).contains(
                "/openapi/v1.0/extension/list?access_token=***&page=2&page_size=20&sort_by=number"
            ),
        "{}",
        text(&shown.stdout)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_version_is_checked_and_used() {
    let sim = sim().await;
    let url = sim.url();
    let on = |version: &'static str| {
        vec![
            "--family".to_owned(),
            "yeastar-s".into(),
            "--url".into(),
            url.clone(),
            "--user".into(),
            "api".into(),
            "--api-version".into(),
            version.into(),
            "--json".into(),
            "run".into(),
            "outbound".into(),
            "query".into(),
        ]
    };
    let answered = Pbx::new(on("v1.0.1"))
        .env("PBX_PASSWORD", "Secret123")
        .run()
        .await;
    assert_eq!(
        answered.status.code(),
        Some(0),
        "{}",
        text(&answered.stderr)
    );
    let refused = Pbx::new(on("v7"))
        .env("PBX_PASSWORD", "Secret123")
        .run()
        .await;
    assert_eq!(refused.status.code(), Some(2), "a usage error");
    assert!(
        text(&refused.stdout).contains("v1.0.0, v1.0.1, v1.1.0"),
        "with --json the error is on stdout: {}",
        text(&refused.stdout)
    );
    assert_eq!(
        sim.requests("yeastar_s::login"),
        1,
        "the refused run sent nothing"
    );
}

/// The P-Series names a recording by URL (`[resource]`): with `--out`, `pbx run recording
/// download` fetches the file the answer names; without it, it prints the answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_named_by_url_is_fetched_with_out() {
    use pbx_api::client::{ClientConfig, YeastarPClient};
    use pbx_api::prelude::*;
    let sim = sim().await;
    let url = sim.url();
    // A recorded call: placed, answered, hung up.
    let p = YeastarPClient::builder(ClientConfig::new(url.clone()), "api", "Secret123")
        .build()
        .expect("a client");
    let placed = p
        .call()
        .dial("1000", "5551234")
        .send()
        .await
        .expect("placed");
    let listed = p.call().query().send().await.expect("listed");
    let channel = listed.data[0].members[0]
        .extension
        .as_ref()
        .expect("the extension's leg")
        .channel_id
        .clone();
    p.call()
        .hangup()
        .channel_id(channel)
        .send()
        .await
        .expect("hung up");
    let cdr = sim.cdrs(&pbx_sim::CdrFilter {
        id: Some(placed.call_id.clone()),
        ..pbx_sim::CdrFilter::default()
    });
    let file = cdr[0].recording.clone().expect("recorded");
    let expected = sim.recording_bytes(&file).expect("its bytes");

    let dir = std::env::temp_dir().join(format!("pbx-resource-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let out = dir.join("call.wav");
    let out_arg = out.display().to_string();
    let p_args = |rest: &[&'static str]| {
        let mut args: Vec<String> = ["--family", "yeastar-p", "--url", &url, "--user", "api"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.extend(rest.iter().map(|s| s.to_string()));
        args
    };
    let mut args = p_args(&["--json", "run", "recording", "download", "--file"]);
    args.extend([file.clone(), "--out".into(), out_arg.clone()]);
    let done = Pbx::new(args).env("PBX_PASSWORD", "Secret123").run().await;
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    assert_eq!(std::fs::read(&out).expect("written"), expected);
    assert!(
        text(&done.stdout).contains(&format!(r#""bytes":{}"#, expected.len())),
        "{}",
        text(&done.stdout)
    );
    // Without --out: the answer, naming the URL.
    let mut args = p_args(&["--json", "run", "recording", "download", "--file"]);
    args.push(file.clone());
    let shown = Pbx::new(args).env("PBX_PASSWORD", "Secret123").run().await;
    assert_eq!(shown.status.code(), Some(0), "{}", text(&shown.stderr));
    assert!(
        text(&shown.stdout).contains("/api/download/"),
        "{}",
        text(&shown.stdout)
    );
    let _ = p.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
