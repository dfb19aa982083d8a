//! `Fields::read_all` for requests: every field read and checked on its own, so a server can
//! list every bad parameter (Switchvox does). Kept apart from `types.rs`'s fast path, which
//! stops at the first problem.
//!
//! Each field's read and checks are one arm of a generated `__read_checked(node, index)`, and
//! the loop over the fields is the runtime's (`pbx_wire::read::all_fields`): no closure per
//! field, which is what made this method the costliest of a request type to compile.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::read::read_field;
use crate::codegen::types::field_type;
use crate::codegen::validate::check_call;
use crate::model::Field;

/// `Fields::read_all` for a request, and the inherent helper it calls (to go in the type's
/// own `impl` block): each field read and checked on its own, every failure pushed, so a PBX
/// can list them all. The one-error path (`read`, then `validate`) is separate and unchanged.
pub fn read_all(fields: &[Field]) -> (TokenStream, TokenStream) {
    let known = fields.iter().map(|f| &f.wire);
    let count = fields.len();
    let arms = fields.iter().enumerate().map(|(i, f)| {
        let ty = field_type(f);
        let expr = read_field(f);
        let check = check_call(f, &quote!(value));
        if check.is_empty() {
            return quote!(#i => { let _: #ty = #expr; });
        }
        quote! {
            #i => {
                let value: #ty = #expr;
                #check
            }
        }
    });
    let method = quote! {
        #[inline]
        fn read_all(
            node: &__w::Element<'_>,
            failures: &mut Vec<__w::DecodeError>,
        ) -> Option<Self> {
            if !__w::read::all_fields(node, failures, &[#(#known),*], #count, Self::__read_checked) {
                return None;
            }
            __w::read::kept(<Self as __w::Fields>::read(node), failures)
        }
    };
    let helper = quote! {
        /// Reads and checks field number `index` of `node` alone (for `read_all`).
        #[inline]
        fn __read_checked(
            node: &__w::Element<'_>,
            index: usize,
        ) -> Result<(), __w::DecodeError> {
            match index {
                #(#arms)*
                _ => {}
            }
            Ok(())
        }
    };
    (method, helper)
}
