//! The synchronous acknowledgement (the yaml's `Response`): `{"message": {"ack_status", …}}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::dci::error_codes::DciErrorCode;
use crate::dci::loose_value::{present, Loose};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ack {
    pub message: AckMessage,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AckMessage {
    pub ack_status: Loose<AckStatus>,
    pub timestamp: Loose<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub error: Option<Loose<AckError>>,
    pub correlation_id: Loose<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// ACK: valid, a callback will follow. NACK: valid, nothing will follow. ERR: refused, see `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AckStatus {
    #[serde(rename = "ACK")]
    Ack,
    #[serde(rename = "NACK")]
    Nack,
    #[serde(rename = "ERR")]
    Err,
}

/// The yaml's `Error` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AckError {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<Loose<DciErrorCode>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<Loose<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
