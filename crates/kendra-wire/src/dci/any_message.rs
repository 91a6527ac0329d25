//! [`DciEnvelope`]: any DCI body, classified by its payload, for code (the sandbox, the exchange
//! log) that receives a body before knowing which exchange it belongs to.

use serde::Serialize;
use serde_json::Value;

use super::canonical_json::parse_strict;
use super::envelope::{shape_error, AnyHeader, Envelope, MsgCallbackHeader, MsgHeader};
use super::messages::notify::{NotifyEventRequest, Receipt};
use super::messages::search::{SearchRequest, SearchResponse};
use super::messages::subscribe::{
    SubscribeRequest, SubscribeResponse, UnsubscribeRequest, UnsubscribeResponse,
};
use super::messages::txn_status::{TxnStatusRequest, TxnStatusResponse};
use super::signature::{verify_envelope, SenderKeys, VerifiedSignature};
use crate::{Error, Result};

/// A DCI body of any kind. Headers follow the yaml: callbacks of search, notify, on-notify and
/// txn on-status use [`MsgCallbackHeader`]; everything else [`MsgHeader`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DciEnvelope {
    SearchRequest(Envelope<MsgHeader, SearchRequest>),
    SearchResponse(Envelope<MsgCallbackHeader, SearchResponse>),
    SubscribeRequest(Envelope<MsgHeader, SubscribeRequest>),
    SubscribeResponse(Envelope<MsgHeader, SubscribeResponse>),
    UnsubscribeRequest(Envelope<MsgHeader, UnsubscribeRequest>),
    UnsubscribeResponse(Envelope<MsgHeader, UnsubscribeResponse>),
    NotifyEvent(Envelope<MsgCallbackHeader, NotifyEventRequest>),
    Receipt(Envelope<MsgCallbackHeader, Receipt>),
    TxnStatusRequest(Envelope<MsgHeader, TxnStatusRequest>),
    TxnStatusResponse(Envelope<MsgCallbackHeader, TxnStatusResponse>),
    /// The message is an `EncryptedMessage`; its kind is unknown until decrypted.
    Encrypted(Envelope<AnyHeader, Value>),
    /// A callback without a `message` member.
    HeaderOnly(Envelope<AnyHeader, Value>),
}

/// The payload kinds, named by their yaml schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    SearchRequest,
    SearchResponse,
    SubscribeRequest,
    SubscribeResponse,
    UnsubscribeRequest,
    UnsubscribeResponse,
    NotifyEvent,
    Receipt,
    TxnStatusRequest,
    TxnStatusResponse,
    Encrypted,
    HeaderOnly,
}

const INPUT: &str = "the DCI message";

/// Members that identify a payload, checked in this order.
const MARKERS: [(&str, MessageKind); 10] = [
    ("ciphertext", MessageKind::Encrypted),
    ("search_request", MessageKind::SearchRequest),
    ("search_response", MessageKind::SearchResponse),
    ("subscribe_request", MessageKind::SubscribeRequest),
    ("subscribe_response", MessageKind::SubscribeResponse),
    ("notify_event", MessageKind::NotifyEvent),
    ("receipt_information", MessageKind::Receipt),
    ("txnstatus_request", MessageKind::TxnStatusRequest),
    ("txnstatus_response", MessageKind::TxnStatusResponse),
    ("subscription_status", MessageKind::UnsubscribeResponse),
];

/// Parses body text strictly (see [`super::canonical_json::parse_strict`]) and classifies it.
pub fn parse_envelope(text: &str) -> Result<DciEnvelope> {
    DciEnvelope::from_value(parse_strict(INPUT, text)?)
}

/// Which payload `envelope` carries: by the payload's identifying member (`search_request`,
/// `notify_event`, …); an unsubscribe answer by its top-level `status`, an unsubscribe request by
/// `subscription_codes`; failing those, by the header's `action`.
pub fn classify(envelope: &Value) -> Result<MessageKind> {
    let Some(message) = envelope.get("message") else {
        return Ok(MessageKind::HeaderOnly);
    };
    let Some(members) = message.as_object() else {
        return Err(Error::InvalidField {
            input: INPUT.to_owned(),
            field: "message".to_owned(),
            problem: "is not a JSON object".to_owned(),
        });
    };
    if let Some((_, kind)) = MARKERS.iter().find(|(name, _)| members.contains_key(*name)) {
        return Ok(*kind);
    }
    if members.contains_key("status") {
        return Ok(MessageKind::UnsubscribeResponse);
    }
    if members.contains_key("subscription_codes") {
        return Ok(MessageKind::UnsubscribeRequest);
    }
    let action = envelope
        .get("header")
        .and_then(|header| header.get("action"))
        .and_then(Value::as_str);
    match action {
        Some("unsubscribe") => Ok(MessageKind::UnsubscribeRequest),
        Some("on-unsubscribe") => Ok(MessageKind::UnsubscribeResponse),
        _ => Err(Error::InvalidField {
            input: INPUT.to_owned(),
            field: "message".to_owned(),
            problem: "is none of the DCI payloads: it has no search_request, search_response, subscribe_request, subscribe_response, subscription_codes, notify_event, receipt_information, txnstatus_request, txnstatus_response or ciphertext member".to_owned(),
        }),
    }
}

impl DciEnvelope {
    pub fn from_value(value: Value) -> Result<Self> {
        fn typed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T> {
            serde_json::from_value(value).map_err(|err| shape_error(INPUT, &err))
        }
        Ok(match classify(&value)? {
            MessageKind::SearchRequest => DciEnvelope::SearchRequest(typed(value)?),
            MessageKind::SearchResponse => DciEnvelope::SearchResponse(typed(value)?),
            MessageKind::SubscribeRequest => DciEnvelope::SubscribeRequest(typed(value)?),
            MessageKind::SubscribeResponse => DciEnvelope::SubscribeResponse(typed(value)?),
            MessageKind::UnsubscribeRequest => DciEnvelope::UnsubscribeRequest(typed(value)?),
            MessageKind::UnsubscribeResponse => DciEnvelope::UnsubscribeResponse(typed(value)?),
            MessageKind::NotifyEvent => DciEnvelope::NotifyEvent(typed(value)?),
            MessageKind::Receipt => DciEnvelope::Receipt(typed(value)?),
            MessageKind::TxnStatusRequest => DciEnvelope::TxnStatusRequest(typed(value)?),
            MessageKind::TxnStatusResponse => DciEnvelope::TxnStatusResponse(typed(value)?),
            MessageKind::Encrypted => DciEnvelope::Encrypted(typed(value)?),
            MessageKind::HeaderOnly => DciEnvelope::HeaderOnly(typed(value)?),
        })
    }

    pub fn kind(&self) -> MessageKind {
        match self {
            DciEnvelope::SearchRequest(_) => MessageKind::SearchRequest,
            DciEnvelope::SearchResponse(_) => MessageKind::SearchResponse,
            DciEnvelope::SubscribeRequest(_) => MessageKind::SubscribeRequest,
            DciEnvelope::SubscribeResponse(_) => MessageKind::SubscribeResponse,
            DciEnvelope::UnsubscribeRequest(_) => MessageKind::UnsubscribeRequest,
            DciEnvelope::UnsubscribeResponse(_) => MessageKind::UnsubscribeResponse,
            DciEnvelope::NotifyEvent(_) => MessageKind::NotifyEvent,
            DciEnvelope::Receipt(_) => MessageKind::Receipt,
            DciEnvelope::TxnStatusRequest(_) => MessageKind::TxnStatusRequest,
            DciEnvelope::TxnStatusResponse(_) => MessageKind::TxnStatusResponse,
            DciEnvelope::Encrypted(_) => MessageKind::Encrypted,
            DciEnvelope::HeaderOnly(_) => MessageKind::HeaderOnly,
        }
    }

    pub fn to_value(&self) -> Result<Value> {
        serde_json::to_value(self).map_err(|err| Error::json(INPUT, &err))
    }

    /// Verifies the signature over this body as it serializes (lossless for what was parsed).
    pub fn verify(&self, keys: &impl SenderKeys, now: i64) -> Result<VerifiedSignature> {
        verify_envelope(&self.to_value()?, keys, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request_header(action: &str) -> Value {
        json!({"version": "1.0.0", "message_id": "1", "message_ts": "2024-01-01T00:00:00Z",
               "action": action, "sender_id": "spmis", "total_count": 1, "is_msg_encrypted": false})
    }

    fn callback_header(action: &str) -> Value {
        json!({"message_id": "2", "message_ts": "2024-01-01T00:00:01Z", "action": action,
               "status": "succ", "completed_count": 1, "meta": {"k": "v"}})
    }

    #[test]
    fn every_payload_kind_round_trips() {
        let cases = [
            (
                MessageKind::SubscribeRequest,
                json!({"header": request_header("subscribe"), "message": {
                "transaction_id": "t", "subscribe_request": [{"reference_id": "r", "timestamp": "2024-01-01T00:00:00Z",
                "subscribe_criteria": {"reg_event_type": "REGISTER", "frequency": {"start_time": "a", "end_time": "b",
                "frequency": "0 0 0 5,15 * ? *"}, "filter_type": "idtype-value", "filter": {"type": "UIN", "value": "123"},
                "notify_record_type": "spdci-extensions-dci:Person", "x-local": 1}}]}}),
            ),
            (
                MessageKind::SubscribeResponse,
                json!({"header": request_header("on-subscribe"), "message": {
                "transaction_id": "t", "correlation_id": "c", "subscribe_response": [{"reference_id": "r",
                "timestamp": "x", "status": "succ", "subscriptions": [{"code": "S1", "status": "subscribe"}]}]}}),
            ),
            (
                MessageKind::UnsubscribeRequest,
                json!({"header": request_header("unsubscribe"), "message": {
                "transaction_id": "t", "timesstamp": "2024-01-01T00:00:00Z", "subscription_codes": ["S1"]}}),
            ),
            (
                MessageKind::UnsubscribeResponse,
                json!({"header": request_header("on-unsubscribe"), "message": {
                "transaction_id": "t", "correlation_id": "c", "timesatmp": "x", "status": "rjct",
                "status_reason_code": "rjct.subscription_code.invalid"}}),
            ),
            (
                MessageKind::NotifyEvent,
                json!({"header": callback_header("notify"), "message": {
                "transaction_id": "t", "notify_event": [{"reference_id": "r", "timestamp": "x", "data": {
                "reg_type": "ns:org:RegistryType:Social", "response_entity": "Household", "reg_records": {"@type": "Household"}}}]}}),
            ),
            (
                MessageKind::Receipt,
                json!({"header": callback_header("notify"), "message": {
                "transaction_id": "t", "receipt_information": {"receipt_type": "PAYMENT", "beneficiaries": [{"@id": "Person"}]}}}),
            ),
            (
                MessageKind::TxnStatusRequest,
                json!({"header": request_header("txn-status"), "message": {
                "transaction_id": "t", "txnstatus_request": {"reference_id": "r", "txn_type": "subscibe",
                "attribute_type": "reference_id_list", "attribute_value": ["r1", "r2"], "locale": "eng"}}}),
            ),
            (
                MessageKind::TxnStatusResponse,
                json!({"header": callback_header("txn-on-status"), "message": {
                "transaction_id": "t", "correlation_id": "c", "txnstatus_response": {"txn_type": "search",
                "txn_status": {"transaction_id": "t", "correlation_id": "c", "search_response": [
                {"reference_id": "r", "timestamp": "x", "status": "succ", "data": {"reg_records": []}}]}}}}),
            ),
            (
                MessageKind::Encrypted,
                json!({"signature": "s", "header": request_header("search"), "message": {
                "header": {"alg": "RSA-OAEP", "enc": "A256GCM", "kid": "k"}, "ciphertext": "c",
                "encrypted_key": "e", "tag": "t", "iv": "i"}}),
            ),
            (
                MessageKind::HeaderOnly,
                json!({"header": callback_header("on-search")}),
            ),
        ];
        for (kind, body) in cases {
            let parsed =
                DciEnvelope::from_value(body.clone()).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert_eq!(parsed.kind(), kind);
            assert_eq!(parsed.to_value().unwrap(), body, "{kind:?}");
        }
    }

    #[test]
    fn shape_errors_name_the_problem() {
        let body = json!({"header": {"message_id": "1"}, "message": {"search_request": []}});
        let err = DciEnvelope::from_value(body).unwrap_err();
        assert!(
            matches!(err, Error::MissingField { ref field, .. } if field == "message_ts"),
            "{err:?}"
        );
        let err = parse_envelope(r#"{"header": {}, "message": {"hello": 1}}"#).unwrap_err();
        assert!(
            err.to_string().contains("none of the DCI payloads"),
            "{err}"
        );
        assert!(matches!(
            parse_envelope("[1"),
            Err(Error::InvalidJson { .. })
        ));
    }
}
