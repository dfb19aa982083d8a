//! An endpoint's `[sim]` table as its `EndpointMeta::sim`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::spec::sim::{Fill, Sim};

/// `Some(&SimMeta { .. })`, or `None` without a `[sim]` table.
pub fn meta(sim: Option<&Sim>) -> TokenStream {
    let Some(s) = sim else {
        return quote!(None);
    };
    // Only what the table sets: the rest comes from `SimMeta::BLANK`. The pattern names every
    // key, so a key added to `Sim` does not compile until it is written here too.
    let Sim {
        action,
        call,
        from,
        to,
        party,
        extension,
        queue,
        conference,
        variable,
        name,
        value,
        operation,
        extension_id,
        table,
        item_example,
        start,
        end,
        direction,
        direction_param,
        list,
        group,
        calls,
        total,
        fill,
        states,
        not_found,
        busy,
        timed_out,
    } = s;
    let mut set = Vec::new();
    let texts = [
        ("call", call),
        ("from", from),
        ("to", to),
        ("party", party),
        ("extension", extension),
        ("queue", queue),
        ("conference", conference),
        ("variable", variable),
        ("name", name),
        ("value", value),
        ("operation", operation),
        ("extension_id", extension_id),
        ("start", start),
        ("end", end),
        ("direction_param", direction_param),
        ("list", list),
        ("group", group),
        ("calls", calls),
        ("total", total),
        ("not_found", not_found),
        ("busy", busy),
        ("timed_out", timed_out),
    ];
    for (key, value) in texts {
        if let Some(text) = value {
            let key = format_ident!("{}", key);
            set.push(quote!(#key: Some(#text),));
        }
    }
    if *table {
        set.push(quote!(table: true,));
    }
    if *item_example {
        set.push(quote!(item_example: true,));
    }
    if let Some(d) = direction {
        let d = format_ident!("{}", format!("{d:?}"));
        set.push(quote!(direction: Some(__w::sim::SimDirection::#d),));
    }
    if !fill.is_empty() {
        let fill = fill.iter().map(|(path, value)| match value {
            Fill::Text(text) => quote!((#path, __w::sim::SimValue::Text(#text))),
            Fill::Model(value) => {
                let value = format_ident!("{}", format!("{value:?}"));
                quote!((#path, __w::sim::SimValue::#value))
            }
        });
        set.push(quote!(fill: &[#(#fill),*],));
    }
    if !states.is_empty() {
        let states = states.iter().map(|(state, word)| {
            let state = format_ident!("{}", format!("{state:?}"));
            quote!((__w::sim::SimState::#state, #word))
        });
        set.push(quote!(states: &[#(#states),*],));
    }
    let action = format_ident!("{}", format!("{action:?}"));
    quote! {
        Some(&__w::sim::SimMeta {
            action: __w::sim::SimAction::#action,
            #(#set)*
            ..__w::sim::SimMeta::BLANK
        })
    }
}
