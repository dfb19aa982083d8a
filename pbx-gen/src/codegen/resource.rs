//! `[resource]`: the answer names a file by path. The metadata says what the file is, and
//! `Response` implements `pbx_wire::resource::ResourceAnswer` so a client can fetch it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::codegen::types;
use crate::model::Endpoint;

/// `EndpointMeta::resource`, and the `ResourceAnswer` impl of `Response` (empty without
/// `[resource]`).
pub fn resource(e: &Endpoint) -> (TokenStream, TokenStream) {
    let Some(r) = &e.resource else {
        return (quote!(None), quote!());
    };
    let kind = format_ident!("{}", format!("{:?}", r.download));
    let field = types::ident(&r.field);
    let wire_name = &r.wire;
    (
        quote!(Some(__w::Resource {
            field: #wire_name,
            download: __w::Download::#kind,
        })),
        quote! {
            impl __w::resource::ResourceAnswer for Response {
                type Endpoint = Request;
                fn resource_path(&self) -> &str {
                    &self.#field
                }
            }
        },
    )
}
