//! Checking a field against its spec constraints, in generated `validate`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::codegen::types::scalar_type;
use crate::model::{Field, StringRules, Ty};

/// Checks one value `v` (an expression of reference type), reporting it as `param` (an
/// expression of type `&str`); a string's rules are `rules` (see [`rules_ref`]).
fn validate_value(
    ty: &Ty,
    param: &TokenStream,
    v: &TokenStream,
    rules: &TokenStream,
) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(__w::check::text(#param, #v, &#rules)?;),
        Ty::Integer { min, max } if min.is_some() || max.is_some() => {
            let min = crate::codegen::option(*min);
            let max = crate::codegen::option(*max);
            quote!(__w::check::range(#param, *#v, #min, #max)?;)
        }
        Ty::Object(_) => quote!(__w::Fields::validate(#v).map_err(|e| e.within(#param))?;),
        _ => quote!(),
    }
}

/// The name of the associated constant holding a field's string rules.
fn rules_name(f: &Field) -> Ident {
    format_ident!("__RULES_{}", f.ident.to_uppercase())
}

/// A field's string rules (its items' for a list of strings) and whether the string is
/// required (a list's items always are); `None` for a field that holds no strings.
fn string_rules_of(f: &Field) -> Option<(&StringRules, bool)> {
    match &f.ty {
        Ty::String(rules) => Some((rules, f.required)),
        Ty::List { item, .. } => match &**item {
            Ty::String(rules) => Some((rules, true)),
            _ => None,
        },
        _ => None,
    }
}

/// The rules a field's strings are checked with: a shared constant
/// (`TextRules::REQUIRED` or `OPTIONAL`) when they are plain, the type's own associated
/// constant otherwise (see [`rules_consts`]).
fn rules_ref(f: &Field) -> TokenStream {
    match string_rules_of(f) {
        Some((rules, true)) if rules.is_plain() => quote!(__w::check::TextRules::REQUIRED),
        Some((rules, false)) if rules.is_plain() => quote!(__w::check::TextRules::OPTIONAL),
        _ => {
            let name = rules_name(f);
            quote!(Self::#name)
        }
    }
}

/// One associated constant per string field (or list of strings) with rules beyond the
/// plain ones: its rules and their ASCII tables, built once at compile time and shared by
/// `validate` and `read_all`'s checks.
pub(crate) fn rules_consts(fields: &[Field]) -> TokenStream {
    let consts = fields.iter().filter_map(|f| {
        let (rules, required) = string_rules_of(f)?;
        if rules.is_plain() {
            return None;
        }
        let name = rules_name(f);
        let value = string_rules(rules, required);
        Some(quote! {
            #[doc(hidden)]
            const #name: __w::check::TextRules<'static> = #value;
        })
    });
    quote!(#(#consts)*)
}

/// Every check of a string, as one `TextRules` value (its ASCII bitmap built at compile time).
fn string_rules(rules: &StringRules, required: bool) -> TokenStream {
    let chars = match &rules.chars {
        Some((spelling, ranges)) => {
            let ranges = ranges.iter().map(|(lo, hi)| {
                let lo = Literal::character(*lo);
                let hi = Literal::character(*hi);
                quote!((#lo, #hi))
            });
            quote! {
                Some(__w::check::CharSet {
                    spelling: #spelling,
                    ranges: &[#(#ranges),*],
                })
            }
        }
        None => quote!(None),
    };
    let min = crate::codegen::option(rules.min_length);
    let max = crate::codegen::option(rules.max_length);
    let name_value = rules.name_value;
    quote!(__w::check::TextRules::new(#required, #chars, #min, #max, #name_value))
}

/// The name of the associated function checking a field.
fn check_name(f: &Field) -> Ident {
    format_ident!("__check_{}", f.ident)
}

/// Whether a field's checks are an associated function of their own (a list's loop, a
/// secret's masked error) rather than written at each call.
fn has_fn(f: &Field) -> bool {
    matches!(f.ty, Ty::List { .. }) || f.secret
}

/// The body checking one field's value `v` (a reference to the field's type, `Option`
/// unwrapped), named `param` in errors; for the fields [`has_fn`] picks.
fn check_body(f: &Field) -> TokenStream {
    let name = &f.wire;
    let param = quote!(param);
    let v = quote!(v);
    let rules = rules_ref(f);
    match &f.ty {
        Ty::List { item, join, .. } => {
            let mut check = validate_value(item, &param, &v, &rules);
            check.extend(join.as_deref().map(|sep| separator_check(item, sep)));
            let non_empty = f.required.then(|| {
                quote! {
                    if v.is_empty() {
                        return Err(__w::InvalidRequest::new(#name, "is required and needs at least one item"));
                    }
                }
            });
            let each = (!check.is_empty()).then(|| {
                quote! {
                    for (i, v) in v.iter().enumerate() {
                        // The item's index is named only if it fails: no allocation otherwise.
                        let param = #name;
                        let check = || -> Result<(), __w::InvalidRequest> {
                            #check
                            Ok(())
                        };
                        check().map_err(|e| {
                            __w::InvalidRequest::new(::std::format!("{}[{}]", #name, i), e.into_parts().1)
                        })?;
                    }
                }
            });
            quote!(#non_empty #each)
        }
        ty => {
            let check = validate_value(ty, &param, &v, &rules);
            quote! {
                let param = #name;
                let check = || -> Result<(), __w::InvalidRequest> {
                    #check
                    Ok(())
                };
                check().map_err(|e| __w::InvalidRequest::new(
                    e.into_parts().0,
                    "breaks its spec's constraints (a secret: its value is not shown)",
                ))?;
            }
        }
    }
}

/// One associated function per list or secret field with checks, `__check_<field>(v)`: its
/// checks written once, called by `validate` and by `read_all`'s per-field reads. Other
/// fields' checks are one runtime call, written at each use ([`check_call`]).
pub(crate) fn check_fns(fields: &[Field]) -> TokenStream {
    let fns = fields
        .iter()
        .filter(|f| has_fn(f) && has_checks(f))
        .map(|f| {
            let body = check_body(f);
            let name = check_name(f);
            // The borrowed forms (`&str`, `&[T]`): what clippy asks of a parameter.
            let ty = match &f.ty {
                Ty::String(_) => quote!(str),
                Ty::List { item, .. } => {
                    let item = scalar_type(item);
                    quote!([#item])
                }
                other => scalar_type(other),
            };
            // `#[inline]` as `validate` is: called from another crate, an encode would otherwise
            // pay a call per constrained field.
            quote! {
                #[doc(hidden)]
                #[inline]
                fn #name(v: &#ty) -> Result<(), __w::InvalidRequest> {
                    #body
                    Ok(())
                }
            }
        });
    quote!(#(#fns)*)
}

/// The check of field `f` on the value `access` names (`self.extid`, or a local), `?` out on
/// failure; empty when the field has no checks.
pub(crate) fn check_call(f: &Field, access: &TokenStream) -> TokenStream {
    if !has_checks(f) {
        return quote!();
    }
    let required = f.required || matches!(f.ty, Ty::List { .. });
    let v = if required {
        quote!(&#access)
    } else {
        quote!(v)
    };
    let check = if has_fn(f) {
        let name = check_name(f);
        quote!(Self::#name(#v)?;)
    } else {
        let name = &f.wire;
        validate_value(&f.ty, &quote!(#name), &v, &rules_ref(f))
    };
    if required {
        check
    } else {
        quote!(if let Some(v) = &#access { #check })
    }
}

/// Whether [`check_body`] emits anything for `f`, read off its type without building it: a
/// string (its `TextRules` at least), a bounded integer, an object (its own `validate`), a
/// required list, or a list whose items are checked.
fn has_checks(f: &Field) -> bool {
    fn value(ty: &Ty) -> bool {
        match ty {
            Ty::String(_) | Ty::Object(_) => true,
            Ty::Integer { min, max } => min.is_some() || max.is_some(),
            Ty::Bool(_) | Ty::Enum(_) | Ty::List { .. } => false,
        }
    }
    match &f.ty {
        Ty::List { item, .. } => f.required || value(item),
        ty => value(ty),
    }
}

/// A string item of a joined list whose `chars` do not already leave the separator out
/// must not hold it: splitting would break it in two.
fn separator_check(item: &Ty, sep: &str) -> TokenStream {
    match item {
        Ty::String(rules) if rules.chars.is_none() => {
            let reason = format!("holds `{sep}`, the separator of its joined list");
            quote! {
                if v.contains(#sep) {
                    return Err(__w::InvalidRequest::new(param, #reason));
                }
            }
        }
        _ => quote!(),
    }
}
