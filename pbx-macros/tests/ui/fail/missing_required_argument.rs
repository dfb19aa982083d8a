// `extid` and `outto` are both required, so `Request::new` takes both: leaving one out does
// not compile.

pbx_macros::specs!("../specs/pass_openvox");

fn main() {
    let _ = openvox::extension::dial_outbound::Request::new("101");
}
