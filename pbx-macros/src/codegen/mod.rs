//! From the model to Rust: one module per family, one module per endpoint below it, and a
//! registry of every endpoint.

mod api;
mod docs;
mod endpoint;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Spec;
pub use types::wire;

/// Everything the `specs!` macro expands to.
pub fn generate(spec: &Spec) -> TokenStream {
    let wire = wire();
    let modules = spec.apis.iter().map(api::module);
    let mut requests = Vec::new();
    for a in &spec.apis {
        let family = quote::format_ident!("{}", a.module);
        for e in &a.endpoints {
            let path = e.module_path.iter().map(|m| quote::format_ident!("{}", m));
            requests.push(quote!(self::#family #(::#path)*::Request));
        }
    }
    quote! {
        #(#modules)*

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

/// `include_bytes!` of every spec file read, so that editing one rebuilds the crate.
pub fn track(files: &[std::path::PathBuf]) -> TokenStream {
    let paths = files.iter().filter_map(|p| p.to_str());
    quote!(#(const _: &[u8] = ::core::include_bytes!(#paths);)*)
}
