//! kendra-wire seen from outside the crate, as one test binary: the official DCI examples and the
//! ADSS CSP error model.
// Helpers outside `#[test]` functions are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod csp_model;
mod dci_examples;
