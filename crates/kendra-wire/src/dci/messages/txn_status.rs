//! Transaction status: `TxnStatusRequest` (registry/txn/status, registry/sync/txn/status) and
//! `TxnStatusResponse` (registry/txn/on-status, and the sync answer).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::notify::Receipt;
use super::search::SearchResponse;
use crate::dci::loose_value::{present, required_value, Loose};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TxnStatusRequest {
    pub transaction_id: Loose<String>,
    pub txnstatus_request: TxnStatusQuery,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TxnStatusQuery {
    pub reference_id: Loose<String>,
    pub txn_type: Loose<TxnType>,
    pub attribute_type: Loose<AttributeType>,
    /// A transaction id, a list of reference ids or a correlation id, per `attribute_type`.
    #[serde(deserialize_with = "required_value")]
    pub attribute_value: Value,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub locale: Option<Loose<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The yaml spells the subscription type `subscibe`; the correct spelling is recognised too and
/// each is written back as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TxnType {
    #[serde(rename = "search")]
    Search,
    #[serde(rename = "subscibe")]
    SubscribeAsSpelledInSpec,
    #[serde(rename = "subscribe")]
    Subscribe,
    #[serde(rename = "receipt")]
    Receipt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeType {
    TransactionId,
    ReferenceIdList,
    CorrelationId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TxnStatusResponse {
    pub transaction_id: Loose<String>,
    pub correlation_id: Loose<String>,
    pub txnstatus_response: TxnStatusResult,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TxnStatusResult {
    pub txn_type: Loose<TxnType>,
    pub txn_status: TxnStatus,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The status carried back: the original search response, or a receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TxnStatus {
    Search(SearchResponse),
    Receipt(Receipt),
    Other(Value),
}
