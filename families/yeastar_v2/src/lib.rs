//! Yeastar API 2.0: the endpoints of `specs/yeastar_v2`, generated at compile time.
//!
//! Most code reaches them as `pbx_api::yeastar_v2`, next to the client; see [`Api`] for what the
//! spec says of the family. The family is a crate of its own so that editing one of its specs
//! recompiles it alone.
#![deny(missing_docs)]

pbx_macros::family!("../../specs/yeastar_v2");
