//! A joined list parameter (`join = ","`) on the command line: `--outboundid a,b` (or the
//! option given twice) is sent as the one value the PBX expects, `"a,b"`.

mod support;

use support::{Pbx, closed_port, text};

fn dry_run(ids: &[&str]) -> String {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let mut args = vec![
        "--family",
        "openvox",
        "--url",
        &url,
        "--user",
        "u",
        "--password",
        "p",
        "--dry-run",
        "run",
        "outbound",
        "query",
    ];
    for id in ids {
        args.extend(["--outboundid", id]);
    }
    let out = Pbx::new(args).output();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn a_comma_list_is_sent_joined() {
    let shown = dry_run(&["1495705009.316,1495705009.317"]);
    assert!(
        shown.ends_with("\n{\"outboundid\":\"1495705009.316,1495705009.317\"}\n"),
        "{shown}"
    );
    let twice = dry_run(&["1495705009.316", "1495705009.317"]);
    assert!(
        twice.ends_with("\n{\"outboundid\":\"1495705009.316,1495705009.317\"}\n"),
        "{twice}"
    );
}

#[test]
fn a_bad_item_is_refused_by_position() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = Pbx::new([
        "--family",
        "openvox",
        "--url",
        &url,
        "--user",
        "u",
        "--password",
        "p",
        "--dry-run",
        "run",
        "outbound",
        "query",
        "--outboundid",
        "1.5,x",
    ])
    .output();
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("outboundid[1]"),
        "{}",
        text(&out.stderr)
    );
}
