//! `impl Paged` for an endpoint with `[pagination]`: how a request asks for one page, and
//! where the answer holds the total and the page's items (`pbx_wire::page`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::types;
use crate::model::{Endpoint, Pagination, Ty};

/// The `Paged` impl of `Request`.
pub fn paged(e: &Endpoint, p: &Pagination) -> TokenStream {
    let set = |(_, ident, required): &(String, String, bool), value: TokenStream| {
        let ident = types::ident(ident);
        if *required {
            quote!(self.#ident = #value;)
        } else {
            quote!(self.#ident = Some(#value);)
        }
    };
    let set_page = set(&p.page, quote!(page));
    let set_size = set(&p.page_size, quote!(page_size));
    let total = {
        let ident = types::ident(&p.total.1);
        if p.total.2 {
            quote!(Some(response.#ident))
        } else {
            quote!(response.#ident)
        }
    };
    let items = types::ident(&p.items.1);
    let item = e
        .response
        .iter()
        .find(|f| f.wire == p.items.0)
        .map(|f| match &f.ty {
            Ty::List { item, .. } => types::scalar_type(item),
            other => types::scalar_type(other),
        })
        .unwrap_or_else(|| quote!(()));
    quote! {
        impl __w::page::Paged for Request {
            type Item = #item;
            fn with_page(mut self, page: i64, page_size: i64) -> Self {
                #set_page
                #set_size
                self
            }
            fn total(response: &Response) -> Option<i64> {
                #total
            }
            fn into_items(response: Response) -> Vec<#item> {
                response.#items
            }
        }
    }
}
