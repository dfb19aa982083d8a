//! The five repository families' `[session]` tables, read into the model.

use crate::diagnostics::Diagnostics;
use crate::model::{FillSource, Session};
use crate::spec::family_from_text;

const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs");

fn session(family: &str, files: &[&str]) -> Session {
    let read = |f: &str| std::fs::read_to_string(format!("{SPECS}/{family}/{f}.toml"));
    let family_text = read("family").expect("family.toml");
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|f| ((*f).to_owned(), read(f).expect("endpoint file")))
        .collect();
    let endpoints: Vec<(&str, &str)> = texts
        .iter()
        .map(|(m, t)| (m.as_str(), t.as_str()))
        .collect();
    let diag = Diagnostics::default();
    let api = family_from_text(&family_text, &endpoints, &diag).expect("family");
    let errors: Vec<String> = diag.take().iter().map(|e| e.render()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    api.session.expect("a [session] table")
}

#[test]
fn yeastar_s_heartbeat_session() {
    let s = session("yeastar_s", &["login", "heartbeat", "logout"]);
    let t = s.token.expect("token session");
    let login: Vec<FillSource> = t.login.fills.iter().map(|f| f.source).collect();
    assert_eq!(
        login,
        [
            FillSource::User,
            FillSource::Password,
            FillSource::ReportPort
        ]
    );
    let keep = t.keep_alive.expect("heartbeat");
    assert_eq!(keep.module_path, ["heartbeat"]);
    assert!(!t.renews);
    assert_eq!(s.codes.wrong_credentials, ["20003"]);
}

#[test]
fn yeastar_v2_optional_port_is_a_setter() {
    let s = session("yeastar_v2", &["login", "heartbeat", "logout"]);
    let t = s.token.expect("token session");
    let port = t.login.fills.last().expect("fills");
    assert_eq!(
        (port.source, port.required),
        (FillSource::ReportPort, false)
    );
}

#[test]
fn yeastar_p_refresh_session() {
    let s = session("yeastar_p", &["get_token", "refresh_token", "del_token"]);
    let t = s.token.expect("token session");
    assert!(t.renews);
    assert_eq!(t.grant.token, "access_token");
    assert_eq!(
        t.grant.refresh_expires_in.as_deref(),
        Some("refresh_token_expire_time")
    );
    let keep = t.keep_alive.expect("refresh");
    assert_eq!(keep.fills[0].source, FillSource::RefreshToken);
    assert_eq!(s.codes.locked_out, ["70004"]);
}

#[test]
fn openvox_lists_both_login_failures() {
    let s = session("openvox", &["login", "heartbeat", "logout"]);
    assert_eq!(s.codes.wrong_credentials, ["30003", "20003"]);
    assert_eq!(s.codes.token_blank, ["20005"]);
}
