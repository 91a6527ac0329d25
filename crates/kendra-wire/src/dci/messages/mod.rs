//! The DCI payloads named in `social_api_v1.0.0.yaml`, one file per exchange.
//!
//! Every scalar member is a [`Loose`](crate::dci::Loose) (typed when it fits, verbatim otherwise)
//! and every object keeps unknown members in `extra`, because the yaml allows additional
//! properties and the official examples stray from it.

pub mod ack;
pub mod common;
pub mod notify;
pub mod search;
pub mod subscribe;
pub mod txn_status;
