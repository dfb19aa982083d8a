//! Every endpoint's response decoder, in both formats, on arbitrary bytes: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pbx_api::wire::{Endpoint, EndpointVisitor, Format};

struct Decode<'a>(&'a [u8]);

impl EndpointVisitor for Decode<'_> {
    fn visit<E: Endpoint>(&mut self) {
        for format in Format::ALL {
            if let Ok(response) = E::decode_response(format, self.0) {
                // Whatever decodes re-encodes and decodes to the same value.
                let again = E::encode_response(&response, format);
                assert_eq!(E::decode_response(format, &again).ok(), Some(response));
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    pbx_api::for_each_endpoint(&mut Decode(data));
});
