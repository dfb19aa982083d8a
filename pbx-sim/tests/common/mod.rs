//! Helpers the model tests share.
pub mod clients;
