//! From the model to Rust: one module per family, one module per endpoint below it, and a
//! registry of every endpoint.

mod api;
mod client;
mod docs;
mod endpoint;
mod event;
mod event_keys;
mod pagination;
mod read;
mod read_all;
mod read_xml;
mod resource;
mod session;
mod sim;
mod types;
mod validate;
mod write;

use proc_macro2::TokenStream;
use quote::quote;

use quote::format_ident;

use crate::model::{Api, Endpoint, Spec};

/// Everything `specs!` expands to: one module per family, then the registry of all of them.
pub fn generate(spec: &Spec) -> TokenStream {
    let modules = spec.apis.iter().map(api::module);
    let mut requests = Vec::new();
    for a in &spec.apis {
        let family = format_ident!("{}", a.module);
        requests.extend(
            a.endpoints
                .iter()
                .map(|e| request_path(quote!(self::#family), e)),
        );
    }
    let registry = registry(&requests);
    quote! {
        #(#modules)*
        #registry
    }
}

/// Everything `family!` expands to: the family's items in place, then its registry.
pub fn generate_family(a: &Api) -> TokenStream {
    let contents = api::contents(a);
    let requests: Vec<TokenStream> = a
        .endpoints
        .iter()
        .map(|e| request_path(quote!(self), e))
        .collect();
    let registry = registry(&requests);
    quote! {
        #contents
        #registry
    }
}

fn request_path(base: TokenStream, e: &Endpoint) -> TokenStream {
    let path = e.module_path.iter().map(|m| format_ident!("{}", m));
    quote!(#base #(::#path)*::Request)
}

/// `for_each_endpoint` and `ENDPOINTS` over the given request types.
fn registry(requests: &[TokenStream]) -> TokenStream {
    // In full: `specs!` puts the registry in the caller's module, where no `__w` is in scope.
    let wire = quote!(::pbx_wire);
    quote! {
        /// Calls `visitor` once for every endpoint generated from the specs.
        pub fn for_each_endpoint<V: #wire::EndpointVisitor>(visitor: &mut V) {
            #(visitor.visit::<#requests>();)*
        }

        /// What the specs say about every generated endpoint, in module order.
        pub const ENDPOINTS: &[&#wire::EndpointMeta] = &[
            #(<#requests as #wire::Endpoint>::META,)*
        ];
    }
}

/// `Some(value)` or `None`, for an optional value written inside a generated module (where
/// the std names are imported bare: `types::module_prelude`).
pub(crate) fn option<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// `include_bytes!` of every spec file read, so that editing one rebuilds the crate.
pub fn track(files: &[std::path::PathBuf]) -> TokenStream {
    let paths = files.iter().filter_map(|p| p.to_str());
    quote!(#(const _: &[u8] = ::core::include_bytes!(#paths);)*)
}
