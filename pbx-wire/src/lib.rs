//! Wire formats of PBX HTTP APIs, shared by the `pbx-macros` generator (which checks spec
//! examples with it at compile time) and the code it generates (which calls it at run time).
//!
//! - [`tree`]: JSON and XML bodies parsed into one small document tree;
//! - [`write`](mod@write): JSON and XML writers behind one [`write::Sink`] trait;
//! - [`read`]: tolerant field readers over the tree;
//! - [`join`](mod@join): lists joined into one wire value (`"101,102"`);
//! - [`json`]: a direct path from plain JSON responses to generated types, tree-free;
//! - [`xml`](mod@xml): the same direct path for XML responses, over quick-xml's events;
//! - [`check`]: the spec constraints (characters, lengths, ranges, `NAME=VALUE`);
//! - [`envelope`]: the vendor envelopes (`status`/`errno`, Switchvox `request`/`response`);
//! - [`endpoint`]: the traits generated endpoints implement, and their metadata;
//! - [`error`]: decode errors, invalid requests and vendor errors;
//! - [`query`]: parameters in the query string, written and read back;
//! - [`page`]: fetching every page of a paged list endpoint;
//! - [`send`]: what generated client methods send through (clients and request builders);
//! - [`session`]: the session contract a family's `[session]` table declares;
//! - [`sim`]: what an endpoint does to a simulated PBX (its `[sim]` table);
//! - [`event`]: the contract generated event enums implement (`FamilyEvents`).
#![deny(missing_docs)]

pub mod base64;
pub mod check;
pub mod endpoint;
pub mod envelope;
pub mod error;
pub mod event;
pub mod failure;
pub mod format;
pub mod join;
pub mod json;
pub mod page;
pub mod query;
pub mod read;
pub mod resource;
pub mod send;
pub mod session;
pub mod sim;
pub mod tree;
pub mod unlisted;
pub mod write;
pub mod xml;

pub use endpoint::{
    Api, ApiMeta, Body, Decodes, Download, Effect, Endpoint, EndpointMeta, EndpointVisitor,
    Example, Fields, HttpRequest, Mistake, Pagination, ParamError, ParamKind, ParamMeta, Resource,
    Task, compare_versions, join_registries,
};
pub use envelope::Envelope;
pub use error::{
    DecodeError, DecodeErrorKind, ErrorCode, InvalidRequest, ResponseError, VendorError,
};
pub use format::Format;
pub use tree::Element;
pub use unlisted::Unlisted;

/// Everything generated code names, under one short path: each generated module starts with
/// `use ::pbx_wire::__private as __w;` and writes `__w::Some`, `__w::read::string`, where it
/// would otherwise write `::core::option::Option::Some`, `::pbx_wire::read::string`. A third
/// of an expansion's tokens were such paths, and every token costs the compiler time. Not a
/// public API: it changes with the generator.
#[doc(hidden)]
pub mod __private {
    pub use crate::write::{JsonScalar, Key, Place};
    pub use crate::*;
    pub use bare::*;

    /// The std names the code of a generated module writes bare (`Some`, `String`), imported
    /// there with one glob; the family's top level, the caller's own module, writes `__w::Some`.
    /// [`BARE_NAMES`] lists them, for the generator to refuse spec types of those names.
    pub mod bare {
        pub use ::core::convert::Into;
        pub use ::core::marker::Sized;
        pub use ::core::option::Option::{self, None, Some};
        pub use ::core::result::Result::{self, Err, Ok};
        pub use ::std::string::String;
        pub use ::std::vec::Vec;
    }

    /// The names [`bare`] re-exports.
    pub const BARE_NAMES: &[&str] = &[
        "Err", "Into", "None", "Ok", "Option", "Result", "Sized", "Some", "String", "Vec",
    ];
}
