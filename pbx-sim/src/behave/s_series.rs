//! Sessions of OpenVox and the Yeastar S-Series APIs (v1 and 2.0). Their calls are the
//! model's, through each spec's `[sim]` table (`generic.rs`).

use pbx_api::{openvox, yeastar_s, yeastar_v2};

use super::{Behaviours, login};

/// Registers the behaviours.
pub(crate) fn behaviours(b: &mut Behaviours) {
    macro_rules! session {
        ($family:ident, $name:literal) => {
            b.on(|ctx, r: &$family::login::Request| {
                login(ctx, $name, &r.username, &r.password, true).map($family::login::Response::new)
            });
            b.on(|_, _: &$family::heartbeat::Request| Ok($family::heartbeat::Response::new()));
            b.on(|ctx, _: &$family::logout::Request| {
                ctx.state.logout($name, ctx.token);
                Ok($family::logout::Response::new())
            });
        };
    }
    session!(openvox, "openvox");
    session!(yeastar_s, "yeastar_s");
    session!(yeastar_v2, "yeastar_v2");
}
