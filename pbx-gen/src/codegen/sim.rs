//! An endpoint's `[sim]` table as its `EndpointMeta::sim`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::codegen::types;
use crate::spec::sim::{Fill, Sim};

/// `Some(&SimMeta { .. })`, or `None` without a `[sim]` table.
pub fn meta(sim: Option<&Sim>) -> TokenStream {
    let Some(s) = sim else {
        return quote!(::core::option::Option::None);
    };
    let wire = types::wire();
    let opt = |v: &Option<String>| match v {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    };
    let action = format_ident!("{}", format!("{:?}", s.action));
    let (call, from, to, party) = (opt(&s.call), opt(&s.from), opt(&s.to), opt(&s.party));
    let (extension, queue, conference) = (opt(&s.extension), opt(&s.queue), opt(&s.conference));
    let (variable, name, value) = (opt(&s.variable), opt(&s.name), opt(&s.value));
    let (operation, extension_id) = (opt(&s.operation), opt(&s.extension_id));
    let (table, item_example) = (s.table, s.item_example);
    let (start, end, direction_param) = (opt(&s.start), opt(&s.end), opt(&s.direction_param));
    let (list, group, calls, total) = (opt(&s.list), opt(&s.group), opt(&s.calls), opt(&s.total));
    let (not_found, busy, timed_out) = (opt(&s.not_found), opt(&s.busy), opt(&s.timed_out));
    let direction = match s.direction {
        Some(d) => {
            let d = format_ident!("{}", format!("{d:?}"));
            quote!(::core::option::Option::Some(#wire::sim::SimDirection::#d))
        }
        None => quote!(::core::option::Option::None),
    };
    let fill = s.fill.iter().map(|(path, value)| match value {
        Fill::Text(text) => quote!((#path, #wire::sim::SimValue::Text(#text))),
        Fill::Model(value) => {
            let value = format_ident!("{}", format!("{value:?}"));
            quote!((#path, #wire::sim::SimValue::#value))
        }
    });
    let states = s.states.iter().map(|(state, word)| {
        let state = format_ident!("{}", format!("{state:?}"));
        quote!((#wire::sim::SimState::#state, #word))
    });
    quote! {
        ::core::option::Option::Some(&#wire::sim::SimMeta {
            action: #wire::sim::SimAction::#action,
            call: #call,
            from: #from,
            to: #to,
            party: #party,
            extension: #extension,
            queue: #queue,
            conference: #conference,
            variable: #variable,
            name: #name,
            value: #value,
            operation: #operation,
            extension_id: #extension_id,
            table: #table,
            item_example: #item_example,
            start: #start,
            end: #end,
            direction: #direction,
            direction_param: #direction_param,
            list: #list,
            group: #group,
            calls: #calls,
            total: #total,
            fill: &[#(#fill),*],
            states: &[#(#states),*],
            not_found: #not_found,
            busy: #busy,
            timed_out: #timed_out,
        })
    }
}
