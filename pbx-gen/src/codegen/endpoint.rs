//! An endpoint module: `Request`, `Response`, their types, and the `Endpoint` impl with the
//! spec's metadata.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use pbx_wire::{Effect, Format};

use crate::codegen::{client, docs, pagination, resource, types};
use crate::model::{Api, Endpoint, Ty};
use crate::spec::field::Side;

fn format_tokens(f: Format) -> TokenStream {
    match f {
        Format::Json => quote!(__w::Format::Json),
        Format::Xml => quote!(__w::Format::Xml),
    }
}

/// The endpoint's module.
pub fn module(api: &Api, e: &Endpoint) -> TokenStream {
    let module = format_ident!("{}", e.module_path[e.module_path.len() - 1]);
    let prelude = types::module_prelude();
    let doc = docs::endpoint(api, e);
    let family: TokenStream = std::iter::repeat_n(quote!(super::), e.module_path.len()).collect();
    let mut items = Vec::new();
    let request_doc = format!(
        "The request of `{}`. Build it with [`Request::new`] and the optional-field setters; send it with a client, or encode it with [`Endpoint::encode`](::pbx_wire::Endpoint::encode).",
        e.module_path.join("::")
    );
    types::structure(
        "Request",
        &request_doc,
        &e.params,
        Side::Request,
        types::Direct::NONE,
        &mut items,
    );
    let response_doc = format!("The result of a successful `{}`.", e.module_path.join("::"));
    types::structure(
        "Response",
        &response_doc,
        &e.response,
        Side::Response,
        types::Direct::of(&e.formats),
        &mut items,
    );

    let id = format!("{}::{}", api.module, e.module_path.join("::"));
    let name = &e.name;
    let summary = &e.summary;
    let method = &e.method;
    let url = &e.url;
    let rpc = crate::codegen::option(e.rpc_method.as_ref());
    let formats = e.formats.iter().map(|f| format_tokens(*f));
    let effect = match e.effect {
        Effect::Read => quote!(__w::Effect::Read),
        Effect::Call => quote!(__w::Effect::Call),
        Effect::Write => quote!(__w::Effect::Write),
        Effect::Session => quote!(__w::Effect::Session),
    };
    let task = format_ident!("{}", format!("{:?}", e.task));
    let unverified = crate::codegen::option(e.unverified.as_ref());
    let file = &e.file;
    let examples = e.examples.iter().map(|x| {
        let name = &x.name;
        let format = format_tokens(x.format);
        let body = |b: &Option<String>| match b {
            Some(text) => {
                let text = text.trim();
                quote!(Some(#text))
            }
            None => quote!(None),
        };
        let request = body(&x.request);
        let response = body(&x.response);
        let mistake = crate::codegen::read::mistake_tokens(x.mistake.as_ref());
        quote! {
            __w::Example { name: #name, format: #format, request: #request, response: #response, mistake: #mistake }
        }
    });
    let params = e.params.iter().map(|f| {
        let name = &f.wire;
        let required = f.required;
        let (kind, values): (TokenStream, Vec<&String>) = match &f.ty {
            Ty::String(_) => (quote!(String), Vec::new()),
            Ty::Integer { .. } => (quote!(Integer), Vec::new()),
            Ty::Bool(_) => (quote!(Bool), Vec::new()),
            Ty::Enum(en) => (quote!(Enum), en.values.iter().map(|(w, _)| w).collect()),
            Ty::List { .. } => (quote!(List), Vec::new()),
            Ty::Object(_) => (quote!(Object), Vec::new()),
        };
        let doc = f.doc.trim();
        let query = f.query;
        let example = crate::codegen::option(f.example.as_ref());
        let error = match &f.error {
            Some(e) => {
                let code = &e.code;
                let message = e.message.clone().unwrap_or_else(|| {
                    api.errors
                        .iter()
                        .find(|d| d.code == e.code)
                        .map(|d| d.message.clone())
                        .unwrap_or_default()
                });
                quote!(Some(__w::ParamError { code: #code, message: #message }))
            }
            None => quote!(None),
        };
        quote! {
            __w::ParamMeta {
                name: #name,
                required: #required,
                kind: __w::ParamKind::#kind,
                values: &[#(#values),*],
                doc: #doc,
                error: #error,
                query: #query,
                example: #example,
            }
        }
    });
    let failure = e.failure.iter().map(|f| {
        let name = &f.wire;
        let json = match f.json {
            pbx_wire::write::JsonScalar::String => quote!(__w::write::JsonScalar::String),
            pbx_wire::write::JsonScalar::Raw => quote!(__w::write::JsonScalar::Raw),
        };
        quote!(__w::envelope::FailureField { name: #name, json: #json })
    });
    let builder = client::builder(e);
    let sim = crate::codegen::sim::meta(e.sim.as_ref());
    let body = if e.bodiless {
        quote!(__w::Body::None)
    } else {
        quote!(__w::Body::Envelope)
    };
    let download = match e.download {
        Some(d) => {
            let d = format_ident!("{}", format!("{d:?}"));
            quote!(Some(__w::Download::#d))
        }
        None => quote!(None),
    };
    let (resource_kind, resource_impl) = resource::resource(e);
    let since = crate::codegen::option(e.since.as_ref());
    let (pagination, paged) = match &e.pagination {
        Some(p) => (
            {
                let (page, size, total, items) =
                    (&p.page.0, &p.page_size.0, &p.total.0, &p.items.0);
                quote!(Some(__w::Pagination {
                    page: #page, page_size: #size, total: #total, items: #items,
                }))
            },
            pagination::paged(e, p),
        ),
        None => (quote!(None), quote!()),
    };
    quote! {
        #[doc = #doc]
        pub mod #module {
            #prelude
            #(#items)*

            #builder

            impl __w::Endpoint for Request {
                type Response = Response;
                type Api = #family Api;
                const META: &'static __w::EndpointMeta = &__w::EndpointMeta {
                    api: &#family API_META,
                    id: #id,
                    name: #name,
                    summary: #summary,
                    method: #method,
                    url: #url,
                    rpc_method: #rpc,
                    formats: &[#(#formats),*],
                    effect: #effect,
                    task: __w::Task::#task,
                    unverified: #unverified,
                    spec: #file,
                    examples: &[#(#examples),*],
                    params: &[#(#params),*],
                    sim: #sim,
                    failure: &[#(#failure),*],
                    body: #body,
                    download: #download,
                    resource: #resource_kind,
                    since: #since,
                    pagination: #pagination,
                };
            }

            #paged

            #resource_impl
        }
    }
}
