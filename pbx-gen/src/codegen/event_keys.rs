//! An event's `call_keys`: code that walks the declared paths through the event's struct and
//! collects the identifiers found, in `call_keys` order (each list in its items' order).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::codegen::types::ident;
use crate::model::{EventDef, Field, Ty};

/// `pub(super) fn call_keys(event: &Variant, out: &mut Vec<CallKey>)` for the event's module.
pub fn function(e: &EventDef) -> TokenStream {
    let variant = ident(&e.variant);
    let walks = e
        .call_keys
        .iter()
        .map(|path| walk(&e.fields, path, quote!(event), 0));
    let unused = e
        .call_keys
        .is_empty()
        .then(|| quote!(let _ = (event, out);));
    quote! {
        /// The event's call identifiers, as its spec's `call_keys` name them.
        pub(super) fn call_keys(
            event: &#variant,
            out: &mut Vec<__w::event::CallKey>,
        ) {
            #unused
            #(#walks)*
        }
    }
}

/// Code that follows `path` from `at` (a reference to a struct with `fields`) and pushes every
/// value at its end. Paths were checked when the spec was read.
fn walk(fields: &[Field], path: &[String], at: TokenStream, depth: usize) -> TokenStream {
    let Some((first, rest)) = path.split_first() else {
        return quote!();
    };
    let Some(f) = fields.iter().find(|f| f.wire == *first) else {
        return quote!();
    };
    let id = ident(&f.ident);
    let v = format_ident!("v{}", depth);
    let item = match &f.ty {
        Ty::List { item, .. } => item.as_ref(),
        other => other,
    };
    let body = match (item, rest.is_empty()) {
        (Ty::Object(o), false) => walk(&o.fields, rest, quote!(#v), depth + 1),
        (_, true) => {
            let name = &f.wire;
            quote!(__w::event::CallKey::push(out, #name, #v);)
        }
        _ => return quote!(),
    };
    match (&f.ty, f.required) {
        (Ty::List { .. }, _) => quote!(for #v in &#at.#id { #body }),
        (_, true) => quote!({ let #v = &#at.#id; #body }),
        (_, false) => quote!(if let Some(#v) = &#at.#id { #body }),
    }
}
