// A `[session]` table makes the family's `Api` implement the token session contract: the
// login, keep-alive and logout requests are built from what the table says fills them.

pbx_macros::specs!("../specs/pass_session");

use pbx_api::wire::session::{PasswordForm, ReportTarget, TokenApi};
use pbx_api::wire::Api as _;

fn main() {
    let report = ReportTarget { ip: "127.0.0.1".into(), port: 8260 };
    let login = demo::Api::login("api", "0123456789abcdef0123456789abcdef", &report);
    assert_eq!(login.username, "api");
    let grant = demo::Api::grant(demo::login::Response::new("tok", 60));
    assert_eq!(grant.token.expose(), "tok");
    assert_eq!(grant.expires_in, None);
    let heartbeat = demo::Api::keep_alive(&report, &grant).unwrap();
    assert_eq!(heartbeat.ipaddr, "127.0.0.1");
    let session = demo::Api::META.session.unwrap();
    assert_eq!(session.password, PasswordForm::Md5Hex);
    assert!(demo::Api::is_token_error(&demo::ErrorCode::NoSuchToken));
}
