//! UI tests for `pbx_macros::specs!`: spec folders that must compile, and spec mistakes whose
//! compile errors (file, line, column, message) are pinned in `.stderr` files.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test -p pbx-macros --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
