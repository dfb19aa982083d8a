//! Sessions of OpenVox and the Yeastar S-Series APIs (v1 and 2.0). Their calls are the
//! model's, through each spec's `[sim]` table (`generic.rs`).

use pbx_api::{openvox, yeastar_s, yeastar_v2};

use super::{Behaviours, login};
use crate::events::Target;

/// Registers the behaviours.
pub(crate) fn behaviours(b: &mut Behaviours) {
    macro_rules! session {
        ($family:ident, $name:literal, $flag:ident) => {
            b.on(|ctx, r: &$family::login::Request| {
                let token = login(ctx, $name, &r.username, &r.password, true)?;
                // Reports go to the login's `port` (and `url`) on the client's address.
                let target = Target::login(Text::text(&r.port), r.url.as_deref(), r.urltag);
                ctx.state
                    .events
                    .register($name, &token, r.version.as_deref(), target);
                Ok($family::login::Response::new(token))
            });
            b.on(|ctx, r: &$family::heartbeat::Request| {
                let target = Target::new(
                    Text::text(&r.ipaddr),
                    Text::text(&r.port),
                    r.url.as_deref(),
                    r.$flag,
                );
                ctx.state.events.repoint($name, ctx.token, target);
                Ok($family::heartbeat::Response::new())
            });
            b.on(|ctx, _: &$family::logout::Request| {
                ctx.state.logout($name, ctx.token);
                Ok($family::logout::Response::new())
            });
        };
    }
    session!(openvox, "openvox", urltag);
    session!(yeastar_s, "yeastar_s", urlflag);
    session!(yeastar_v2, "yeastar_v2", urltag);
}

/// A parameter's text, required in one family and optional in another (API 2.0's `port`).
trait Text {
    fn text(&self) -> &str;
}

impl Text for String {
    fn text(&self) -> &str {
        self
    }
}

impl Text for Option<String> {
    fn text(&self) -> &str {
        self.as_deref().unwrap_or("")
    }
}
