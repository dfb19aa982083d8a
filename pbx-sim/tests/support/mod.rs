//! Helpers shared by the simulator's integration tests.

pub mod raw;
