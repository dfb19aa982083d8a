//! Every endpoint's request decoder (what a PBX or the simulator receives), in both formats,
//! on arbitrary bytes: never a panic, and whatever decodes round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pbx_api::wire::{Endpoint, EndpointVisitor, Format};

struct Decode<'a>(&'a [u8]);

impl EndpointVisitor for Decode<'_> {
    fn visit<E: Endpoint>(&mut self) {
        for format in Format::ALL {
            if let Ok(request) = E::decode(format, self.0)
                && let Ok(again) = request.encode(format)
            {
                assert_eq!(E::decode(format, &again).ok(), Some(request));
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    pbx_api::for_each_endpoint(&mut Decode(data));
});
