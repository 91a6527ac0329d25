//! Every role's workflow, built once over the protocol clients (kendra-client), the journal and
//! the outbox, so that the `kendra` CLI and the desktop app are two thin faces of the same thing.
//!
//! | role | module |
//! |---|---|
//! | DEO at a BSK counter | [`bsk_counter`]: initiate (API-1), status (API-3), OTP gate (API-5A/5B), download (API-4), DEO lookup (API-6) |
//! | department admin, UP ISP | [`isp_department`]: session key → validate → common details → redirect link; statuses go through the outbox |
//! | tester, DCI Social Registry | [`dci_registry`]: signed search, subscribe, notify, txn status |
//! | signing officer, ADSS CSP | [`csp_signing`]: login, certificates, sign hashes or a file, verify |
//! | tester, header-secrets gateway | [`header_secrets_gateway`]: an application's status, any call under the layer |
//!
//! Every exchange a workflow makes is journaled through [`exchange_log`]; every failure is an
//! [`Error`] whose `Display` is one plain sentence and whose [`Error::detail`] carries the HTTP
//! status, the peer's code and text.

pub mod bsk_counter;
pub mod csp_signing;
pub mod dci_registry;
pub mod error;
pub mod exchange_log;
pub mod header_secrets_gateway;
pub mod isp_department;

pub use error::{Error, Result};
