//! Walking and joining the generated endpoint registries.

use super::{Endpoint, EndpointMeta};

/// Receives every generated endpoint type, one call each (see `pbx_api::for_each_endpoint`).
pub trait EndpointVisitor {
    /// Called once per endpoint.
    fn visit<E: Endpoint>(&mut self);
}

/// Joins several families' `ENDPOINTS` into one array, in the order given, at compile time.
/// `N` must be the total length; a wrong `N` (or no endpoints at all) fails the build.
pub const fn join_registries<const N: usize>(
    parts: &[&[&'static EndpointMeta]],
) -> [&'static EndpointMeta; N] {
    let mut filler = None;
    let mut p = 0;
    while p < parts.len() {
        if filler.is_none() && !parts[p].is_empty() {
            filler = Some(parts[p][0]);
        }
        p += 1;
    }
    let Some(filler) = filler else {
        panic!("no endpoints to join");
    };
    let mut out = [filler; N];
    let mut at = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            assert!(at < N, "more endpoints than the registry's length");
            out[at] = parts[p][i];
            at += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(at == N, "fewer endpoints than the registry's length");
    out
}
