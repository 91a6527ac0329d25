//! Subscriptions: `SubscribeRequest` / `SubscribeResponse` (registry/subscribe, on-subscribe) and
//! `UnSubscribeRequest` / `UnSubscribeResponse` (registry/unsubscribe, on-unsubscribe).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{
    Pagination, QueryType, RegEventType, RequestStatus, ResponseEntity, SearchQuery,
};
use crate::dci::loose_value::{present, Loose};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscribeRequest {
    pub transaction_id: Loose<String>,
    pub subscribe_request: Vec<SubscribeRequestItem>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscribeRequestItem {
    pub reference_id: Loose<String>,
    pub timestamp: Loose<String>,
    pub subscribe_criteria: SubscribeCriteria,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub locale: Option<Loose<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The yaml also lists `notify_record_type` as required here without defining it among the
/// criteria's properties; it is accepted and written when present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscribeCriteria {
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
    pub reg_event_type: Loose<RegEventType>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub frequency: Option<Loose<Frequency>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub filter_type: Option<Loose<QueryType>>,
    pub filter: SearchQuery,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub notify_record_type: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub response_entity: Option<Loose<ResponseEntity>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub response_fields: Option<Loose<Vec<String>>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub authorize: Option<Loose<Map<String, Value>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// When notifications are due: a cron expression applied between `start_time` and `end_time`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frequency {
    pub start_time: Loose<String>,
    pub end_time: Loose<String>,
    /// Cron expression, e.g. `0 0 0 5,15 * ? *`.
    pub frequency: Loose<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscribeResponse {
    pub transaction_id: Loose<String>,
    pub correlation_id: Loose<String>,
    pub subscribe_response: Vec<SubscribeResponseItem>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscribeResponseItem {
    pub reference_id: Loose<String>,
    pub timestamp: Loose<String>,
    pub status: Loose<RequestStatus>,
    /// One of the yaml's `SubscribeStatusReasonCode` values.
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
    pub subscriptions: Option<Loose<Vec<SubscriptionInfo>>>,
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

/// One subscription as the registry confirms it. The yaml's `required` list here names members
/// that do not exist (`subscription_code`, `subscribe_criteria`), so every member is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionInfo {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<Loose<String>>,
    /// The subscription code, used to unsubscribe.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<Loose<SubscriptionStatus>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub timestamp: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub reg_type: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub reg_event_type: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub frequency: Option<Loose<Frequency>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub filter_type: Option<Loose<QueryType>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub filter: Option<SearchQuery>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub notify_record_type: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub locale: Option<Loose<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionStatus {
    Subscribe,
    Unsubscribe,
}

/// The yaml spells the timestamp `timesstamp` among the properties but `timestamp` in `required`
/// (and requires `sunscription_codes`, meaning `subscription_codes`). Both timestamp spellings are
/// read and written back as sent; [`UnsubscribeRequest::timestamp`] reads whichever is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnsubscribeRequest {
    pub transaction_id: Loose<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub timestamp: Option<Loose<String>>,
    /// The yaml's misspelt property; set `timestamp` instead when sending.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub timesstamp: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub subscription_codes: Option<Loose<Vec<String>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UnsubscribeRequest {
    pub fn timestamp(&self) -> Option<&str> {
        first_text(&self.timestamp, &self.timesstamp)
    }
}

/// The yaml spells the timestamp `timesatmp` among the properties but `timestamp` in `required`;
/// both are read and written back as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnsubscribeResponse {
    pub transaction_id: Loose<String>,
    pub correlation_id: Loose<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub timestamp: Option<Loose<String>>,
    /// The yaml's misspelt property; set `timestamp` instead when sending.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub timesatmp: Option<Loose<String>>,
    pub status: Loose<RequestStatus>,
    /// One of the yaml's `UnSubscribeStatusReasonCode` values.
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
    pub subscription_status: Option<Loose<Vec<SubscriptionStatusItem>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UnsubscribeResponse {
    pub fn timestamp(&self) -> Option<&str> {
        first_text(&self.timestamp, &self.timesatmp)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionStatusItem {
    pub code: Loose<String>,
    pub status: Loose<SubscriptionStatus>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn first_text<'a>(a: &'a Option<Loose<String>>, b: &'a Option<Loose<String>>) -> Option<&'a str> {
    a.as_ref()
        .and_then(Loose::as_str)
        .or_else(|| b.as_ref().and_then(Loose::as_str))
}
