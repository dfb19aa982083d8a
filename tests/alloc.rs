//! Encoding a request allocates once: its output buffer. Counted with a counting allocator
//! around the encoder alone, for every seed request in every format.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_s, yeastar_v2};

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::SeqCst) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::SeqCst) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<E: Endpoint>(request: &E, format: Format) -> usize {
    ALLOCATIONS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    let body = request.encode(format);
    COUNTING.store(false, Ordering::SeqCst);
    assert!(body.is_ok());
    ALLOCATIONS.load(Ordering::SeqCst)
}

#[test]
fn encoding_a_seed_request_allocates_once() {
    let ov = openvox::extension::dial_outbound::Request::new("101", "16103").autoanswer(false);
    let q = openvox::outbound::query::Request::new().outboundid(["1495705009.316"]);
    let ys = yeastar_s::extension::dial_outbound::Request::new("1002", "41000").autoanswer(false);
    let v2 = yeastar_v2::call::dial::Request::new("1023", "2000").autoanswer(false);
    let sv = switchvox::call::Request::new("15551112222", "800", "1106")
        .caller_id_name("David Podolsky")
        .variables(["balance=300"]);
    let counts = [
        ("openvox dial json", allocations(&ov, Format::Json)),
        ("openvox dial xml", allocations(&ov, Format::Xml)),
        ("openvox query json", allocations(&q, Format::Json)),
        ("openvox query xml", allocations(&q, Format::Xml)),
        ("yeastar_s dial json", allocations(&ys, Format::Json)),
        ("yeastar_v2 dial json", allocations(&v2, Format::Json)),
        ("switchvox call xml", allocations(&sv, Format::Xml)),
        ("switchvox call json", allocations(&sv, Format::Json)),
    ];
    for (name, count) in counts {
        assert_eq!(count, 1, "{name}: {count} allocations");
    }
}
