//! End-to-end tests of every role's workflow against the in-process sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bsk_counter;
mod csp_signing;
mod dci_registry;
mod header_secrets_gateway;
mod isp_department;
mod pdf_signing;
mod sandbox_fixture;
