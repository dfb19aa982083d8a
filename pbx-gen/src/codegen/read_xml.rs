//! `Fields::read_xml` for response types: each attribute and child element read straight from
//! quick-xml's events into its field's slot (`pbx_wire::xml`), giving up to the tree at the
//! first doubt.

use std::collections::HashSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use pbx_wire::write::Place;

use crate::codegen::read::joined_item;
use crate::codegen::types::{ident, scalar_type};
use crate::codegen::write::bool_tokens;
use crate::model::{Field, Ty};

/// The method, or `None` where the names would be ambiguous to a reader that sees one element
/// at a time (a field named like a wrapped list's items, two lists with one item name, a list
/// as an attribute); those types keep the default and read through the tree.
pub(crate) fn read_xml(fields: &[Field]) -> Option<TokenStream> {
    let mut names = HashSet::new();
    for f in fields {
        if !names.insert(f.wire.as_str()) {
            return None;
        }
        if let Ty::List {
            wrapper: Some(w),
            join: None,
            ..
        } = &f.ty
            && (f.place == Place::Attribute || !names.insert(w.as_str()))
        {
            return None;
        }
    }
    if fields
        .iter()
        .filter_map(|f| match &f.ty {
            Ty::List {
                wrapper: Some(w),
                join: None,
                ..
            } => Some(w),
            _ => None,
        })
        .any(|w| fields.iter().any(|f| &f.wire == w))
    {
        return None;
    }
    if fields.is_empty() {
        return Some(method(quote! {
            __w::xml::no_children(r, node, extra)?;
            Some(Self {})
        }));
    }
    let mut decls = Vec::new();
    let mut attrs = Vec::new();
    let mut arms = Vec::new();
    let mut after = Vec::new();
    let mut inits = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let slot = format_ident!("__field{}", i);
        let seen = format_ident!("__seen{}", i);
        let (id, name) = (ident(&f.ident), &f.wire);
        let ty = scalar_type(&f.ty);
        match &f.ty {
            Ty::List {
                item,
                join: Some(sep),
                ..
            } => {
                let texts = format_ident!("__texts{}", i);
                decls.push(quote! {
                    let mut #texts: Vec<String> = Vec::new();
                });
                arms.push(quote!(#name => #texts.push(r.text(&child)?.into_owned()),));
                let each = joined_item(item);
                after.push(quote! {
                    let #slot: #ty = __w::join::split_texts(&#texts, #sep, |t| #each)?;
                });
            }
            Ty::List {
                item,
                wrapper: None,
                ..
            } => {
                decls.push(quote!(let mut #slot: #ty = Vec::new();));
                let read = item_of(item, &quote!(&child));
                arms.push(quote!(#name => #slot.push(#read),));
            }
            Ty::List {
                item,
                wrapper: Some(w),
                ..
            } => {
                let bare = format_ident!("__bare{}", i);
                decls.push(quote! {
                    let mut #slot: #ty = Vec::new();
                    let mut #seen = false;
                    let mut #bare = false;
                });
                let inner = item_of(item, &quote!(&c));
                let outer = item_of(item, &quote!(&child));
                arms.push(quote! {
                    #name => {
                        // One wrapper, and not beside bare items: other shapes are the tree's.
                        if #seen || #bare {
                            return None;
                        }
                        #seen = true;
                        child.check_attributes()?;
                        let mut inner = r.open(&child);
                        let mut others = false;
                        while let Some(c) = r.next_child(&mut inner)? {
                            if c.name() == #w {
                                #slot.push(#inner);
                            } else {
                                others = true;
                                r.skip(&c)?;
                            }
                        }
                        if #slot.is_empty() && (others || inner.held_text()) {
                            return None;
                        }
                    }
                    #w => {
                        if #seen {
                            return None;
                        }
                        #bare = true;
                        #slot.push(#outer);
                    }
                });
            }
            scalar => {
                // The slot's type is the field's: inferred from the value set and the one taken.
                decls.push(quote!(let mut #slot = __w::read::Slot::new();));
                if f.place == Place::Attribute && !matches!(scalar, Ty::Object(_)) {
                    let value = parse(scalar, &quote!(value));
                    attrs.push(quote!(#name => #slot.set(#value)?,));
                    // A child element of that name: the tree decides which one counts.
                    arms.push(quote!(#name => return None,));
                } else {
                    let read = match scalar {
                        Ty::Object(o) => {
                            let n = ident(&o.name);
                            quote!(<#n as __w::Fields>::read_xml(r, &child, &mut __w::xml::no_extra)?)
                        }
                        _ => {
                            let text = quote!(r.text(&child)?);
                            parse(scalar, &text)
                        }
                    };
                    arms.push(quote!(#name => #slot.set(#read)?,));
                }
            }
        }
        inits.push(match (&f.ty, f.required) {
            (Ty::List { .. }, true) => quote! {
                #id: {
                    if #slot.is_empty() {
                        return None;
                    }
                    #slot
                },
            },
            (Ty::List { .. }, false) => quote!(#id: #slot,),
            (_, false) => quote!(#id: #slot.value(),),
            (_, true) => quote!(#id: #slot.value()?,),
        });
    }
    // Attributes no field reads are still checked, as the tree checks them.
    let attributes = if attrs.is_empty() {
        quote!(node.check_attributes()?;)
    } else {
        quote! {
            let mut attrs = node.attributes();
            while let Some((key, value)) = attrs.next()? {
                match key {
                    #(#attrs)*
                    _ => {}
                }
            }
        }
    };
    Some(method(quote! {
        #(#decls)*
        #attributes
        let mut children = r.open(node);
        while let Some(child) = r.next_child(&mut children)? {
            match child.name() {
                #(#arms)*
                _ => {
                    if !extra(r, &child)? {
                        r.skip(&child)?;
                    }
                }
            }
        }
        #(#after)*
        Some(Self { #(#inits)* })
    }))
}

/// `Fields::read_xml` around `body`, which reads `node`'s content from `r` and offers unclaimed
/// children to `extra`.
fn method(body: TokenStream) -> TokenStream {
    quote! {
        #[inline]
        fn read_xml<'a>(
            r: &mut __w::xml::Reader<'a>,
            node: &__w::xml::Node<'a>,
            extra: &mut __w::xml::Extra<'_, 'a>,
        ) -> Option<Self> {
            #body
        }
    }
}

/// One list item read from the element `node`: a value, or `?` out.
fn item_of(item: &Ty, node: &TokenStream) -> TokenStream {
    match item {
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote!(<#n as __w::Fields>::read_xml(r, #node, &mut __w::xml::no_extra)?)
        }
        scalar => parse(scalar, &quote!(r.text(#node)?)),
    }
}

/// A scalar parsed from `text` (a `Cow<str>` expression), as the tree's readers parse it; `?`
/// out when it does not parse.
fn parse(ty: &Ty, text: &TokenStream) -> TokenStream {
    match ty {
        Ty::String(_) => quote!((#text).into_owned()),
        Ty::Integer { .. } => quote!(__w::read::parse_integer(&#text).ok()?),
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(__w::read::parse_bool(&#text, #b).ok()?)
        }
        Ty::Enum(en) => {
            let n: Ident = ident(&en.name);
            quote!(#n::from_wire(&#text).ok()?)
        }
        Ty::Object(_) | Ty::List { .. } => quote!(unreachable!()),
    }
}
