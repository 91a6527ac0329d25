//! Notifications: `NotifyEventRequest` (registry/notify, registry/sync/notify) and the receipt
//! `ReceiptRequest` / `ReceiptResponse` (registry/on-notify), which share one shape.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::ResponseEntity;
use crate::dci::loose_value::{present, required_value, Loose};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifyEventRequest {
    pub transaction_id: Loose<String>,
    pub notify_event: Vec<NotifyEventItem>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifyEventItem {
    pub reference_id: Loose<String>,
    pub timestamp: Loose<String>,
    pub data: NotifyEventData,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub locale: Option<Loose<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifyEventData {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub reg_type: Option<Loose<String>>,
    /// Free text here (e.g. `spdci-common:RegistryEventType:NewHouseHoldMember`), unlike search.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub reg_event_type: Option<Loose<String>>,
    pub response_entity: Loose<ResponseEntity>,
    /// A JSON-LD record or set, as the registry sent it (the yaml says object, describes a set).
    #[serde(deserialize_with = "required_value")]
    pub reg_records: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ReceiptRequest` and `ReceiptResponse` (identical in the yaml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub transaction_id: Loose<String>,
    pub receipt_information: ReceiptInformation,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub type ReceiptRequest = Receipt;
pub type ReceiptResponse = Receipt;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceiptInformation {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub receipt_type: Option<Loose<ReceiptType>>,
    /// JSON-LD Person records.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub beneficiaries: Option<Loose<Vec<Value>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReceiptType {
    #[serde(rename = "REGISTER")]
    Register,
    #[serde(rename = "PAYMENT")]
    Payment,
    #[serde(rename = "DEREGISTER")]
    Deregister,
}
