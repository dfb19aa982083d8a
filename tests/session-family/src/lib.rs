//! The `acme` test family (`specs/acme`): spec files only, session included.
pbx_macros::family!("specs/acme");
