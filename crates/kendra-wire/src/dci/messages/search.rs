//! Search: `SearchRequest` (registry/search, registry/sync/search) and `SearchResponse`
//! (registry/on-search, and the answer of registry/sync/search).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{
    Pagination, QueryType, RegEventType, RequestStatus, ResponseEntity, SearchQuery, SortSpec,
};
use crate::dci::loose_value::{present, Loose};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// Set by the sender; at most 99 characters.
    pub transaction_id: Loose<String>,
    /// A batch: one entry per search.
    pub search_request: Vec<SearchRequestItem>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRequestItem {
    pub reference_id: Loose<String>,
    pub timestamp: Loose<String>,
    pub search_criteria: SearchCriteria,
    /// ISO 639-3 in the yaml; the official examples send `"EN/GB"` and `""`.
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
pub struct SearchCriteria {
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
    pub reg_event_type: Option<Loose<RegEventType>>,
    pub query_type: Loose<QueryType>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub response_entity: Option<Loose<ResponseEntity>>,
    pub query: SearchQuery,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub sort: Option<Loose<Vec<SortSpec>>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub pagination: Option<Loose<Pagination>>,
    /// An object in the yaml; the official examples send `""`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub consent: Option<Loose<Map<String, Value>>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub authorize: Option<Loose<Map<String, Value>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub transaction_id: Loose<String>,
    /// Set by the receiver; at most 99 characters.
    pub correlation_id: Loose<String>,
    pub search_response: Vec<SearchResponseItem>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponseItem {
    pub reference_id: Loose<String>,
    /// Required by the yaml; one official example sends `null`.
    pub timestamp: Loose<String>,
    pub status: Loose<RequestStatus>,
    /// One of the yaml's `SearchStatusReasonCode` values (`rjct.…`).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_reason_code: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_reason_message: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub data: Option<Loose<SearchResultData>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub pagination: Option<Loose<Pagination>>,
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
pub struct SearchResultData {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<Loose<String>>,
    /// JSON-LD records (Person, Household, …) exactly as the registry sent them.
    pub reg_records: Loose<Vec<Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
