//! The sandbox over real HTTP on loopback, driven through kendra-wire's message-security layer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod bsk;
mod control;
mod csp;
mod dci;
mod header_secrets;
mod isp;
