//! A family module: the `Api` marker, the family's error codes, and its endpoint modules
//! nested as their files are.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use pbx_wire::Envelope;
use pbx_wire::write::JsonScalar;

use crate::codegen::types::{module_prelude, prelude};
use crate::codegen::{client, docs, endpoint, session};
use crate::model::{Api, Endpoint};

/// The family module: its documentation, then [`contents`].
pub fn module(api: &Api) -> TokenStream {
    let module = format_ident!("{}", api.module);
    let doc = doc(api);
    let contents = contents(api);
    quote! {
        #[doc = #doc]
        pub mod #module {
            #contents
        }
    }
}

/// What the family says of itself: name, version, URL, formats, envelope, spec file.
pub fn doc(api: &Api) -> String {
    let mut doc = format!("{} (API version {}).", docs::prose(&api.name), api.version);
    if !api.doc.trim().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&docs::prose(&api.doc));
    }
    let formats: Vec<&str> = api.formats.iter().map(|f| f.as_str()).collect();
    doc.push_str(&format!(
        "\n\n- URL: `{}`\n- Formats: {}\n- Envelope: `{}`; JSON scalars travel {}\n- Spec: `{}`",
        api.url,
        formats.join(", "),
        api.envelope.as_str(),
        match api.json_scalars {
            JsonScalar::String => "as strings",
            JsonScalar::Raw => "bare",
        },
        api.file
    ));
    doc
}

/// A family's items: the `Api` marker, its error codes and the endpoint modules.
pub fn contents(api: &Api) -> TokenStream {
    let name = &api.name;
    let module_name = &api.module;
    let version = &api.version;
    let envelope = match api.envelope {
        Envelope::Status => quote!(__w::Envelope::Status),
        Envelope::Switchvox => quote!(__w::Envelope::Switchvox),
        Envelope::Errcode => quote!(__w::Envelope::Errcode),
    };
    let json_ct = &api.json_content_type;
    let xml_ct = &api.xml_content_type;
    let decl = match &api.xml_declaration {
        Some(d) => quote!(__w::Some(#d)),
        None => quote!(__w::None),
    };
    let user_agent = match &api.user_agent {
        Some(u) => quote!(__w::Some(#u)),
        None => quote!(__w::None),
    };
    let file = &api.file;
    let errors = error_codes(api);
    let session_meta = session::meta_ref(api);
    let session = session::items(api);
    let tree = endpoint_tree(api, &api.endpoints.iter().collect::<Vec<_>>(), 0);
    let methods = client::methods(api);
    let events = crate::codegen::event::module(api);
    let marker_doc = format!(
        "{}\n\nThis type marks the family in [`Endpoint::Api`](::pbx_wire::Endpoint::Api).",
        doc(api)
    );
    let versions = api.versions.iter();
    let prelude = prelude();
    quote! {
            #prelude

            #[doc = #marker_doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct Api;

            impl __w::Api for Api {
                type ErrorCode = ErrorCode;
                const META: &'static __w::ApiMeta = &API_META;
            }

            #[doc(hidden)]
            pub const API_META: __w::ApiMeta = __w::ApiMeta {
                name: #name,
                module: #module_name,
                version: #version,
                envelope: #envelope,
                json_content_type: #json_ct,
                xml_content_type: #xml_ct,
                xml_declaration: #decl,
                user_agent: #user_agent,
                spec: #file,
                session: #session_meta,
                versions: &[#(#versions),*],
            };

            #session

            #errors

            #tree

            #methods

            #events
    }
}

fn error_codes(api: &Api) -> TokenStream {
    let variants: Vec<Ident> = api
        .errors
        .iter()
        .map(|e| format_ident!("{}", e.variant))
        .collect();
    let codes: Vec<&String> = api.errors.iter().map(|e| &e.code).collect();
    let messages: Vec<&String> = api.errors.iter().map(|e| &e.message).collect();
    let docs = api
        .errors
        .iter()
        .map(|e| format!("`{}`: {}", e.code, docs::prose(&e.message)));
    let doc = format!(
        "The error codes of the {} API, as its spec documents them. Codes the spec does not list are kept in [`ErrorCode::Unknown`].",
        docs::prose(&api.name)
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#[doc = #docs] #variants,)*
            /// A code the spec does not list, kept as the PBX sent it.
            Unknown(__w::Unlisted),
            /// A failure that carried no code (`Failed` without `errno`, on an endpoint whose
            /// spec declares such failures with `[failure.<field>]`); its fields are in
            /// `VendorError::detail`. Its wire code is the empty string.
            Unspecified,
        }

        impl __w::ErrorCode for ErrorCode {
            fn from_code(code: &str) -> Self {
                match code {
                    #(#codes => Self::#variants,)*
                    "" => Self::Unspecified,
                    other => Self::Unknown(__w::Unlisted::__after_listed(other)),
                }
            }

            fn code(&self) -> &str {
                match self {
                    #(Self::#variants => #codes,)*
                    Self::Unknown(code) => code.as_str(),
                    Self::Unspecified => "",
                }
            }

            fn description(&self) -> __w::Option<&'static str> {
                match self {
                    #(Self::#variants => __w::Some(#messages),)*
                    Self::Unknown(_) | Self::Unspecified => __w::None,
                }
            }
        }

        impl ::core::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let code = __w::ErrorCode::code(self);
                match __w::ErrorCode::description(self) {
                    __w::Some(text) => ::core::write!(f, "{code} ({text})"),
                    __w::None => f.write_str(code),
                }
            }
        }

        /// An error this family's PBX reported.
        pub type Error = __w::VendorError<ErrorCode>;
    }
}

/// The modules for `endpoints`, grouped by their path component at `depth`.
fn endpoint_tree(api: &Api, endpoints: &[&Endpoint], depth: usize) -> TokenStream {
    let mut out = Vec::new();
    let mut i = 0;
    while i < endpoints.len() {
        let e = endpoints[i];
        let name = &e.module_path[depth];
        if e.module_path.len() == depth + 1 {
            out.push(endpoint::module(api, e));
            i += 1;
            continue;
        }
        let group: Vec<&Endpoint> = endpoints[i..]
            .iter()
            .take_while(|o| o.module_path.len() > depth + 1 && &o.module_path[depth] == name)
            .copied()
            .collect();
        i += group.len();
        let module = Ident::new(name, Span::call_site());
        let inner = endpoint_tree(api, &group, depth + 1);
        let methods = client::group(api, name, &group, depth + 1);
        let doc = format!("Endpoints under `{name}/`.");
        let prelude = module_prelude();
        out.push(quote! {
            #[doc = #doc]
            pub mod #module {
                #prelude
                #inner
                #methods
            }
        });
    }
    quote!(#(#out)*)
}
