//! The client methods of a family, grouped as its spec folders are: a `Methods` trait at the
//! family's root (its root endpoints and top folders, on every client of the family), a
//! `Group` per folder, and a `Builder` per endpoint (required parameters were the method's
//! arguments, optional ones are its setters; `.send()` comes from `pbx_wire::send`).
//!
//! Nothing here names a client: the methods exist on any `pbx_wire::send::Sender` of the
//! family, and sending goes through the client's own `send`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::codegen::docs;
use crate::codegen::types::{arg_type, ident, scalar_type};
use crate::model::{Api, Endpoint, Field, Ty};
use crate::names::method_name;

/// One entry below a folder: an endpoint, or a subfolder with every endpoint below it.
enum Child<'e> {
    Endpoint(&'e Endpoint),
    Folder(&'e str, Vec<&'e Endpoint>),
}

/// The entries directly below the folder at `depth` that holds `endpoints`.
fn children<'e>(endpoints: &[&'e Endpoint], depth: usize) -> Vec<Child<'e>> {
    let mut out: Vec<Child<'e>> = Vec::new();
    for e in endpoints {
        let Some(name) = e.module_path.get(depth) else {
            continue;
        };
        if e.module_path.len() == depth + 1 {
            out.push(Child::Endpoint(e));
            continue;
        }
        match out.last_mut() {
            Some(Child::Folder(last, below)) if *last == name.as_str() => below.push(e),
            _ => out.push(Child::Folder(name, vec![e])),
        }
    }
    out
}

/// `super::` once per module level between `depth` and the family root.
fn to_family(depth: usize) -> TokenStream {
    std::iter::repeat_n(quote!(super::), depth).collect()
}

/// The method for one child: an endpoint's builder, or a folder's group. `sender` is the
/// expression for the client, `lifetime` and `sender_ty` the builder's parameters.
fn child_method(
    api: &Api,
    child: &Child<'_>,
    rename: bool,
    sender: &TokenStream,
    lifetime: &TokenStream,
    sender_ty: &TokenStream,
    vis: &TokenStream,
) -> TokenStream {
    let name = |n: &str| {
        if rename {
            format_ident!("{}", method_name(n))
        } else {
            ident(n)
        }
    };
    match child {
        Child::Endpoint(e) => {
            let last = &e.module_path[e.module_path.len() - 1];
            let module = ident(last);
            let method = name(last);
            let doc = docs::method(api, e);
            let required: Vec<&Field> = e.params.iter().filter(|f| f.required).collect();
            let args = required.iter().map(|f| {
                let id = ident(&f.ident);
                let ty = arg_type_in(&module, &f.ty);
                quote!(#id: #ty)
            });
            let values = required.iter().map(|f| ident(&f.ident));
            let allow = (required.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
            quote! {
                #[doc = #doc]
                #allow
                #vis fn #method(&self, #(#args),*) -> #module::Builder<#lifetime, #sender_ty> {
                    #module::Builder(__w::send::Pending::new(#sender, #module::Request::new(#(#values),*)))
                }
            }
        }
        Child::Folder(folder, below) => {
            let module = ident(folder);
            let method = name(folder);
            let doc = group_doc(api, folder, below);
            quote! {
                #[doc = #doc]
                #vis fn #method(&self) -> #module::Group<#lifetime, #sender_ty> {
                    #module::Group(#sender)
                }
            }
        }
    }
}

/// A required argument's type, as seen from outside the endpoint module `module`: the
/// endpoint's enums and objects are named through it (`call::transfer::Operate`), and std
/// types through `__w`, since the family's top level is the user's own module.
fn arg_type_in(module: &proc_macro2::Ident, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(impl __w::Into<__w::String>),
        other => type_in(module, other),
    }
}

fn type_in(module: &proc_macro2::Ident, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(__w::String),
        Ty::Enum(_) | Ty::Object(_) => {
            let inner = scalar_type(ty);
            quote!(#module::#inner)
        }
        Ty::List { item, .. } => {
            let inner = type_in(module, item);
            quote!(__w::Vec<#inner>)
        }
        Ty::Integer { .. } | Ty::Bool(_) => scalar_type(ty),
    }
}

fn group_doc(api: &Api, folder: &str, below: &[&Endpoint]) -> String {
    let mut doc = format!(
        "The `{folder}/` endpoints of the {} as client methods:\n",
        docs::prose(&api.name)
    );
    for e in below {
        doc.push_str(&format!(
            "\n- `{}`: {}",
            e.module_path.join("::"),
            docs::prose(&e.summary)
        ));
    }
    doc
}

/// The family's `Methods` trait: root endpoints and top folders on every client of the family.
pub fn methods(api: &Api) -> TokenStream {
    let all: Vec<&Endpoint> = api.endpoints.iter().collect();
    let sender = quote!(self);
    let (lifetime, sender_ty, vis) = (quote!('_), quote!(Self), TokenStream::new());
    let methods = children(&all, 0)
        .iter()
        .map(|c| child_method(api, c, true, &sender, &lifetime, &sender_ty, &vis))
        .collect::<Vec<_>>();
    let doc = format!(
        "The {} as methods of its clients, grouped as the spec folders are: \
         `pbx.group().endpoint(required..).optional(..).send()`. Implemented for every client \
         of the family (async and blocking); `use pbx_api::prelude::*;` brings it in scope.\n\n\
         A method whose name a client already has (`login`, `send`, `close`..) is spelt with a \
         trailing `_` (`login_`).",
        docs::prose(&api.name)
    );
    let url = api.url.replace("{version}", &api.version);
    let formats = api.formats.iter().map(|f| match f {
        pbx_wire::Format::Json => quote!(__w::Format::Json),
        pbx_wire::Format::Xml => quote!(__w::Format::Xml),
    });
    quote! {
        #[doc = #doc]
        pub trait Methods: __w::send::Sender<Api = Api> {
            #(#methods)*
        }

        impl __w::send::Family for Api {
            const URL: &'static str = #url;
            const FORMATS: &'static [__w::Format] = &[#(#formats),*];
        }

        impl<S: ?__w::Sized + __w::send::Sender<Api = Api>> Methods for S {}
    }
}

/// The `Group` of the folder at `depth` (its module path has `depth` parts) holding
/// `endpoints`.
pub fn group(api: &Api, folder: &str, endpoints: &[&Endpoint], depth: usize) -> TokenStream {
    let family = to_family(depth);
    let (sender, lifetime, sender_ty, vis) = (quote!(self.0), quote!('a), quote!(S), quote!(pub));
    let methods = children(endpoints, depth)
        .iter()
        .map(|c| child_method(api, c, false, &sender, &lifetime, &sender_ty, &vis))
        .collect::<Vec<_>>();
    let doc = group_doc(api, folder, endpoints);
    quote! {
        #[doc = #doc]
        pub struct Group<'a, S: ?__w::Sized>(pub(crate) &'a S);

        impl<'a, S: ?__w::Sized + __w::send::Sender<Api = #family Api>> Group<'a, S> {
            #(#methods)*
        }
    }
}

/// The endpoint's `Builder`, generated inside its module.
pub fn builder(e: &Endpoint) -> TokenStream {
    let family = to_family(e.module_path.len());
    let setters = e.params.iter().filter(|f| !f.required).map(setter);
    let doc = format!(
        "`{}` ready to send on a client: set optional parameters, then `.send()` \
         (`.await` it on an async client). Does nothing until sent.",
        e.module_path.join("::")
    );
    let all = if e.pagination.is_some() {
        quote! {
            impl<'a, S: ?__w::Sized + __w::send::AsyncSender<Api = #family Api> + 'a> Builder<'a, S> {
                /// Every page of the list, one request per page, until the items reach the
                /// total the PBX announces; more than `limits.max_pages` requests is an error.
                pub async fn all(
                    self,
                    limits: __w::page::PageLimits,
                ) -> __w::Result<
                    __w::Vec<<Request as __w::page::Paged>::Item>,
                    __w::page::PageError<S::Error>,
                > {
                    let (sender, request) = self.0.into_parts();
                    __w::page::all_pages(sender, request, limits).await
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #all

        #[doc = #doc]
        #[must_use = "a request is sent only by `.send()`"]
        pub struct Builder<'a, S: ?__w::Sized>(pub(crate) __w::send::Pending<'a, S, Request>);

        impl<'a, S: ?__w::Sized> Builder<'a, S> {
            #(#setters)*

            /// The request as built so far.
            pub fn request(&self) -> &Request {
                &self.0.request
            }
        }

        impl<'a, S: ?__w::Sized + __w::send::Sender<Api = #family Api> + 'a>
            __w::send::Prepared<'a> for Builder<'a, S>
        {
            type Sender = S;
            type Request = Request;
            fn into_parts(self) -> (&'a S, Request) {
                self.0.into_parts()
            }
        }
    }
}

fn setter(f: &Field) -> TokenStream {
    let id = ident(&f.ident);
    let name = format_ident!("{}", method_name(&f.ident));
    let doc = docs::field(f);
    match &f.ty {
        Ty::List { item, .. } => {
            let item_ty = scalar_type(item);
            quote! {
                #[doc = #doc]
                pub fn #name<I>(self, items: I) -> Self
                where
                    I: ::core::iter::IntoIterator,
                    I::Item: __w::Into<#item_ty>,
                {
                    Self(self.0.map(|r| r.#id(items)))
                }
            }
        }
        ty => {
            let arg = arg_type(ty);
            quote! {
                #[doc = #doc]
                pub fn #name(self, value: #arg) -> Self {
                    Self(self.0.map(|r| r.#id(value)))
                }
            }
        }
    }
}
