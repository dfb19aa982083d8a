// The family's top level is the caller's own module, where the caller's names are in scope:
// code generated there names std items through `pbx_wire`, never bare, so a module that
// declares its own `Result`, `String` or `Some` still expands. Real families cover every
// kind of top-level item (sessions, events, pagination, downloads, client methods).

#[allow(dead_code)]
mod shadowing {
    pub struct Some;
    pub struct None;
    pub struct Ok;
    pub struct Err;
    pub struct Option;
    pub struct Result;
    pub struct String;
    pub struct Vec;
    pub trait Into {}
    pub trait Sized {}
    pub struct Box;
}

#[allow(unused_imports)]
mod yeastar_p {
    use super::shadowing::*;
    pub struct Some;
    pub struct Result;
    pub struct String;
    pub trait Into {}
    pbx_macros::family!("../../../../specs/yeastar_p");
}

#[allow(unused_imports)]
mod switchvox {
    use super::shadowing::*;
    pub struct Option;
    pub struct Vec;
    pub struct Ok;
    pub trait Sized {}
    pbx_macros::family!("../../../../specs/switchvox");
}

#[allow(unused_imports)]
mod several {
    use super::shadowing::*;
    pub struct None;
    pub struct Err;
    pbx_macros::specs!("../specs/pass_session");
}

fn main() {
    assert!(!yeastar_p::ENDPOINTS.is_empty());
    assert!(!switchvox::ENDPOINTS.is_empty());
    assert!(!several::ENDPOINTS.is_empty());
}
