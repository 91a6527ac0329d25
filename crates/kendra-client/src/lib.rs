//! The one path for every outgoing call Kendra makes to a peer: build the request, secure it
//! (kendra-wire), send it (plain HTTP for now, with timeouts and a size limit), record it as an
//! [`Exchange`] with every secret removed, read and decrypt the answer, and interpret it as a
//! success or a [`FailureClass`] the outbox can retry by.
//!
//! | peer | client |
//! |---|---|
//! | UP Integrated Service Portal | [`IspClient`] (token cache, five `/ispws/isp/v1/…` calls) |
//! | Bangla Sahayata Kendra portal | [`BskClient`] (API-2 push, v4 or v5 transport) |
//! | BSK counter (API-1, 3, 4, 5A/5B, 6) | [`BskCounterClient`] |

pub mod bsk_client;
pub mod bsk_counter_client;
pub mod clock;
pub mod csp_client;
pub mod dci_client;
pub mod error;
pub mod exchange;
pub mod failure_class;
pub mod header_secrets_client;
pub mod http_core;
pub mod isp_client;
pub mod isp_requests;
pub mod peer;
pub mod secret_redaction;
mod session_token;

pub use bsk_client::{Api2Receipt, Api2Submission, BskClient, BskSecrets, BskSettings};
pub use bsk_counter_client::{
    Api1Request, BskApiPaths, BskCounterClient, BskCounterSettings, DeoDetails, DocumentAnswer,
    Initiated, OtpRefused, OtpRequested, OtpVerification, Stage, StatusTimeline, TicketContext,
};
pub use clock::{Clock, OffsetClock, SystemClock};
pub use error::{Error, Result};
pub use exchange::{Attempt, Exchange, ExchangeOutcome};
pub use failure_class::FailureClass;
pub use header_secrets_client::{
    GatewayApplicationStatus, GatewayRefusal, HeaderSecretsClient, HeaderSecretsSecrets,
    HeaderSecretsSettings,
};
pub use http_core::{HttpCore, HttpSettings, Transport};
pub use isp_client::{IspClient, IspReceipt, IspSecrets, IspSettings};
pub use isp_requests::{
    Acknowledgement, ActionTimeFormat, ApplicantCommonDetails, CommonDetailsRequest,
    DeliveredStatus, IspStatusDelivery, ServiceStatus, SessionKeyValidation, ValidatedRequest,
};
pub use kendra_wire::bsk::BskTransport;
pub use kendra_wire::isp::IspVariant;
pub use peer::Peer;
/// Secrets handed to calls (an OTP, an access code), for callers without their own `secrecy`.
pub use secrecy::{ExposeSecret, SecretString};
