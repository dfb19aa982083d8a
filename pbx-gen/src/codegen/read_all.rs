//! `Fields::read_all` for requests: every field read and checked on its own, so a server can
//! list every bad parameter (Switchvox does). Kept apart from `types.rs`'s fast path, which
//! stops at the first problem.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::codegen::read::read_field;
use crate::codegen::types::{field_type, ident, wire};
use crate::codegen::validate::validate_field_on;
use crate::model::Field;

/// `Fields::read_all` for a request: each field read and checked on its own, every failure
/// pushed, so a PBX can list them all. The one-error path (`read`, then `validate`) is
/// separate and unchanged.
pub fn read_all(fields: &[Field]) -> TokenStream {
    let wire = wire();
    let known = fields.iter().map(|f| &f.wire);
    let locals: Vec<_> = fields
        .iter()
        .map(|f| format_ident!("field_{}", f.ident))
        .collect();
    let reads = fields.iter().zip(&locals).map(|(f, local)| {
        let ty = field_type(f);
        let expr = read_field(f);
        let value = quote!(value);
        let check = validate_field_on(f, &value);
        quote! {
            let #local: ::core::option::Option<#ty> = (|| -> ::core::result::Result<#ty, #wire::DecodeError> {
                let value: #ty = #expr;
                (|| -> ::core::result::Result<(), #wire::InvalidRequest> {
                    #check
                    ::core::result::Result::Ok(())
                })()
                .map_err(|e| #wire::DecodeError::at(&e.param, #wire::DecodeErrorKind::Invalid(e.reason)))?;
                ::core::result::Result::Ok(value)
            })()
            .map_err(|e| failures.push(e))
            .ok();
        }
    });
    let inits = fields.iter().zip(&locals).map(|(f, local)| {
        let id = ident(&f.ident);
        quote!(#id: #local?,)
    });
    quote! {
        #[allow(clippy::redundant_closure_call)]
        fn read_all(
            node: &#wire::Element<'_>,
            failures: &mut ::std::vec::Vec<#wire::DecodeError>,
        ) -> ::core::option::Option<Self> {
            if let ::core::result::Result::Err(e) = #wire::read::expect_object(node) {
                failures.push(e);
                return ::core::option::Option::None;
            }
            if let ::core::result::Result::Err(e) = #wire::read::only_known(node, &[#(#known),*]) {
                failures.push(e);
            }
            #(#reads)*
            ::core::option::Option::Some(Self { #(#inits)* })
        }
    }
}
