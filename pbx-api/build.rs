//! Rebuilds the crate when a spec file is added, removed or edited: the `specs!` macro reads
//! the folder at compile time, and only a build script can make cargo watch a whole folder.

fn main() {
    println!("cargo:rerun-if-changed=../specs");
    println!("cargo:rerun-if-changed=build.rs");
}
