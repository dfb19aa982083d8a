//! A family's `[session]`: its [`SessionMeta`](pbx_wire::session::SessionMeta) constant and,
//! for token sessions, the `TokenApi` implementation the client runtime drives. The runtime
//! implements each style once; what is generated here only builds requests and reads grants.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use pbx_wire::session::{PasswordForm, SessionStyle};

use crate::codegen::types::ident;
use crate::model::{Api, Fill, FillSource, Session, SessionStep, TokenSession};

/// The `session` value of `API_META`: `Some(&SESSION)` or `None`.
pub fn meta_ref(api: &Api) -> TokenStream {
    match &api.session {
        Some(_) => quote!(__w::Some(&SESSION)),
        None => quote!(__w::None),
    }
}

/// The `SESSION` constant and, for a token session, `impl TokenApi for Api`.
pub fn items(api: &Api) -> TokenStream {
    let Some(session) = &api.session else {
        return TokenStream::new();
    };
    let meta = meta(session);
    let token = session.token.as_ref().map(token_api);
    quote! {
        /// What the family's `[session]` table declares.
        pub const SESSION: #meta;
        #token
    }
}

fn meta(s: &Session) -> TokenStream {
    let style = match s.style {
        SessionStyle::Token => quote!(Token),
        SessionStyle::HttpAuth => quote!(HttpAuth),
    };
    let password = match s.password {
        PasswordForm::Md5Hex => quote!(Md5Hex),
        PasswordForm::Plain => quote!(Plain),
    };
    let id = |step: Option<&SessionStep>| match step {
        Some(step) => {
            let id = step.module_path.join("/");
            quote!(__w::Some(#id))
        }
        None => quote!(__w::None),
    };
    let t = s.token.as_ref();
    let login = id(t.map(|t| &t.login));
    let keep_alive = id(t.and_then(|t| t.keep_alive.as_ref()));
    let logout = id(t.map(|t| &t.logout));
    let c = &s.codes;
    let (blank, invalid, expired, wrong, locked) = (
        &c.token_blank,
        &c.token_invalid,
        &c.token_expired,
        &c.wrong_credentials,
        &c.locked_out,
    );
    quote! {
        __w::session::SessionMeta = __w::session::SessionMeta {
            style: __w::session::SessionStyle::#style,
            password: __w::session::PasswordForm::#password,
            login: #login,
            keep_alive: #keep_alive,
            logout: #logout,
            codes: __w::session::SessionCodes {
                token_blank: &[#(#blank),*],
                token_invalid: &[#(#invalid),*],
                token_expired: &[#(#expired),*],
                wrong_credentials: &[#(#wrong),*],
                locked_out: &[#(#locked),*],
            },
        }
    }
}

fn request(step: &SessionStep) -> TokenStream {
    let path = step.module_path.iter().map(|m| format_ident!("{}", m));
    quote!(self #(::#path)*::Request)
}

fn response(step: &SessionStep) -> TokenStream {
    let path = step.module_path.iter().map(|m| format_ident!("{}", m));
    quote!(self #(::#path)*::Response)
}

/// `Request::new(required..)` then a setter per optional fill.
fn build(step: &SessionStep) -> TokenStream {
    let ty = request(step);
    let value = |f: &Fill| match f.source {
        FillSource::User => quote!(user),
        FillSource::Password => quote!(password),
        FillSource::ReportIp => quote!(report.ip.as_str()),
        FillSource::ReportPort if f.integer => quote!(i64::from(report.port)),
        FillSource::ReportPort => quote!(report.port.to_string()),
        FillSource::RefreshToken => quote!(refresh),
    };
    let args = step.fills.iter().filter(|f| f.required).map(value);
    let setters = step.fills.iter().filter(|f| !f.required).map(|f| {
        let setter = ident(&f.ident);
        let v = value(f);
        quote!(.#setter(#v))
    });
    quote!(#ty::new(#(#args),*) #(#setters)*)
}

/// `Grant::from_fields(..)` from a response `r`.
fn grant(t: &TokenSession) -> TokenStream {
    let g = &t.grant;
    let token = ident(&g.token);
    let opt = |f: &Option<String>| match f {
        Some(f) => {
            let f = ident(f);
            quote!(__w::Option::from(r.#f))
        }
        None => quote!(__w::None),
    };
    let expires = opt(&g.expires_in);
    let refresh = opt(&g.refresh_token);
    let refresh_expires = opt(&g.refresh_expires_in);
    quote!(__w::session::Grant::from_fields(r.#token, #expires, #refresh, #refresh_expires))
}

fn token_api(t: &TokenSession) -> TokenStream {
    let login = request(&t.login);
    let logout = request(&t.logout);
    let login_response = response(&t.login);
    let build_login = build(&t.login);
    let build_logout = build(&t.logout);
    let grant_expr = grant(t);
    let none = quote!(__w::None);
    // Without a keep-alive endpoint the token lives while used: nothing is ever sent to keep
    // it, and the login type stands in for the keep-alive's.
    let (keep_alive, keep_alive_response, build_keep_alive) = match &t.keep_alive {
        Some(k) => {
            let needs_refresh = k.fills.iter().any(|f| f.source == FillSource::RefreshToken);
            let refresh = needs_refresh.then(|| quote!(let refresh = grant.refresh_token()?;));
            let build = build(k);
            (request(k), response(k), quote!(#refresh __w::Some(#build)))
        }
        None => (login.clone(), login_response.clone(), none.clone()),
    };
    let renewed = if t.renews {
        quote!(__w::Some(#grant_expr))
    } else {
        quote!({
            let _ = r;
            #none
        })
    };
    quote! {
        impl __w::session::TokenApi for Api {
            type Login = #login;
            type KeepAlive = #keep_alive;
            type Logout = #logout;

            const SESSION: &'static __w::session::SessionMeta = &SESSION;

            #[allow(unused_variables)]
            fn login(user: &str, password: &str, report: &__w::session::ReportTarget) -> Self::Login {
                #build_login
            }

            fn grant(r: #login_response) -> __w::session::Grant {
                #grant_expr
            }

            #[allow(unused_variables)]
            fn keep_alive(
                report: &__w::session::ReportTarget,
                grant: &__w::session::Grant,
            ) -> __w::Option<Self::KeepAlive> {
                #build_keep_alive
            }

            fn renewed(r: #keep_alive_response) -> __w::Option<__w::session::Grant> {
                #renewed
            }

            fn logout() -> Self::Logout {
                #build_logout
            }
        }
    }
}
