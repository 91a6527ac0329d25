//! The DCI Social Registry workflows of a tester or department: sync and async search (by
//! identifier, expression or predicates, sorted and paged), subscribe / unsubscribe and the
//! notifications that follow, and txn status.
//!
//! Every request is signed and every answer verified by [`DciClient`]; callbacks arrive at a
//! loopback [`CallbackListener`] that verifies them too. Nothing unverified is ever returned.
//! Every exchange is journaled: outgoing calls as they finish, callbacks as they are taken from
//! the listener (direction `incoming`), and those nobody waited for when the listener is closed.

pub mod callback_listener;
pub mod search_query;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use kendra_client::dci_client::{message_id, DciCall, DciClient, SignedAnswer};
use kendra_client::{Attempt, ExchangeOutcome};
use kendra_journal::exchanges::{Direction, ExchangeRecord};
use kendra_journal::{Actor, Journal, Peer};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use callback_listener::{CallbackListener, ReceivedCallback};
pub use search_query::{
    check_spec, parse_expression, parse_identifier, parse_predicate, parse_sort, search_criteria,
    Predicate, SearchQuery, SearchSpec, SortKey, SortOrder,
};

use crate::error::{Error, Result};
use crate::exchange_log::journal_exchanges;

/// How the registry is named in refusals.
const REGISTRY: &str = "the social registry";
/// The reg_event_types a subscription can follow (the yaml's `RegEventType`).
pub const REG_EVENT_TYPES: &[&str] = &["REGISTER", "PAYMENT", "DEREGISTER", "NewHouseHoldMember"];

/// A page of the registry's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    pub page_number: u64,
    pub page_size: u64,
    pub total_count: u64,
}

/// A search's verified result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchOutcome {
    /// `sync` or `async`.
    pub mode: &'static str,
    pub transaction_id: String,
    pub correlation_id: Option<String>,
    pub reference_id: String,
    /// The registry's records (Person or Household objects), as it sent them.
    pub records: Vec<Value>,
    pub page: Option<Page>,
    /// The key whose signature on the answer verified.
    pub signed_by: String,
}

/// What to subscribe to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscribeSpec {
    /// `REGISTER`, `PAYMENT`, `DEREGISTER` or `NewHouseHoldMember`.
    pub reg_event_type: String,
    /// Which persons (or households) to be told about.
    pub filter: SearchQuery,
    /// `Member` (default) or `Household` / `Family`.
    #[serde(default)]
    pub response_entity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscription {
    pub code: String,
    pub reg_event_type: String,
    /// `subscribe` or `unsubscribe`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscribeOutcome {
    pub transaction_id: String,
    pub correlation_id: Option<String>,
    pub subscriptions: Vec<Subscription>,
    /// Where the registry sends the notifications: the listener's address.
    pub callback_uri: String,
    pub signed_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnsubscribeOutcome {
    pub transaction_id: String,
    pub correlation_id: Option<String>,
    pub subscriptions: Vec<Subscription>,
    pub signed_by: String,
}

/// One `notify` callback, verified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    pub transaction_id: String,
    /// In IST.
    pub received_at: String,
    pub events: Vec<NotifyEvent>,
    pub signed_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotifyEvent {
    pub reference_id: String,
    pub reg_event_type: Option<String>,
    pub response_entity: Option<String>,
    pub records: Vec<Value>,
}

/// Which transaction to ask about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum TxnKey {
    TransactionId(String),
    CorrelationId(String),
    ReferenceIds(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxnType {
    Search,
    Subscribe,
}

/// One item of a transaction, as the registry keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TxnItem {
    pub reference_id: String,
    /// `succ`, `rjct`, …
    pub status: String,
    pub status_reason_code: Option<String>,
    pub status_reason_message: Option<String>,
    pub records: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TxnStatusOutcome {
    pub txn_type: TxnType,
    pub transaction_id: String,
    pub correlation_id: Option<String>,
    pub items: Vec<TxnItem>,
    pub signed_by: String,
}

/// The DCI workflows of one profile.
pub struct DciRegistry<'a> {
    journal: &'a Journal,
    actor: Actor,
    profile: String,
    client: Arc<DciClient>,
}

impl<'a> DciRegistry<'a> {
    pub fn new(
        journal: &'a Journal,
        actor: Actor,
        profile: impl Into<String>,
        client: Arc<DciClient>,
    ) -> Self {
        Self {
            journal,
            actor,
            profile: profile.into(),
            client,
        }
    }

    pub fn client(&self) -> &Arc<DciClient> {
        &self.client
    }

    /// A loopback listener for this registry's callbacks on `port` (0: any free port).
    pub async fn listen(&self, port: u16) -> Result<CallbackListener> {
        CallbackListener::start(Arc::clone(&self.client), port).await
    }

    /// Stops the listener and journals every callback that arrived and nobody waited for.
    pub async fn close(&self, mut listener: CallbackListener) -> Result<()> {
        for callback in listener.stop().await {
            self.journal_callback(&callback)?;
        }
        Ok(())
    }

    /// Synchronous search: the signed `on-search` in the HTTP answer.
    pub async fn search(&self, spec: &SearchSpec) -> Result<SearchOutcome> {
        check_spec(spec)?;
        let (transaction_id, reference_id, message) = search_message(spec, self.now());
        let attempt = self.client.sync(DciCall::SyncSearch, &message, 1).await;
        let (_, answer) = self.journaled(attempt)?;
        search_outcome("sync", &transaction_id, &reference_id, &answer)
    }

    /// Asynchronous search: ACK, then `on-search` at `listener`, waited for up to `wait`.
    pub async fn search_async(
        &self,
        spec: &SearchSpec,
        listener: &mut CallbackListener,
        wait: Duration,
    ) -> Result<SearchOutcome> {
        check_spec(spec)?;
        let (transaction_id, reference_id, message) = search_message(spec, self.now());
        let attempt = self
            .client
            .send_async(DciCall::Search, &message, 1, &listener.base_uri())
            .await;
        let (_, ack) = self.journaled(attempt)?;
        let answer = self
            .await_callback(listener, "on-search", &transaction_id, wait)
            .await?;
        let mut outcome = search_outcome("async", &transaction_id, &reference_id, &answer)?;
        outcome.correlation_id = outcome.correlation_id.or(ack.correlation_id);
        Ok(outcome)
    }

    /// Subscribes; the registry answers `on-subscribe` (waited for up to `wait`) and later sends
    /// `notify` callbacks to `listener`'s address.
    pub async fn subscribe(
        &self,
        spec: &SubscribeSpec,
        listener: &mut CallbackListener,
        wait: Duration,
    ) -> Result<SubscribeOutcome> {
        if !REG_EVENT_TYPES.contains(&spec.reg_event_type.as_str()) {
            return Err(Error::input(
                "--event",
                format!(
                    "\"{}\" is not one of {}",
                    spec.reg_event_type,
                    REG_EVENT_TYPES.join(", ")
                ),
            ));
        }
        search_query::check_entity(spec.response_entity.as_deref())?;
        check_spec(&SearchSpec::new(spec.filter.clone()))?;
        let now = self.now();
        let transaction_id = message_id();
        let (filter_type, filter) = spec.filter.wire();
        let mut criteria = json!({
            "version": "1.0.0",
            "reg_event_type": spec.reg_event_type,
            "filter_type": filter_type,
            "filter": filter,
        });
        if let Some(entity) = &spec.response_entity {
            criteria["response_entity"] = json!(entity);
        }
        let message = json!({
            "transaction_id": transaction_id,
            "subscribe_request": [{
                "reference_id": message_id(),
                "timestamp": timestamp(now),
                "subscribe_criteria": criteria,
            }],
        });
        let callback_uri = listener.base_uri();
        let attempt = self
            .client
            .send_async(DciCall::Subscribe, &message, 1, &callback_uri)
            .await;
        let (_, ack) = self.journaled(attempt)?;
        let answer = self
            .await_callback(listener, "on-subscribe", &transaction_id, wait)
            .await?;
        let items = message_list(&answer, "subscribe_response")?;
        let mut subscriptions = Vec::new();
        for item in items {
            refuse_if_rejected(item)?;
            for s in item
                .get("subscriptions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                subscriptions.push(Subscription {
                    code: text_of(s, "code")
                        .or_else(|| text_of(s, "subscription_code"))
                        .unwrap_or_default(),
                    reg_event_type: text_of(s, "reg_event_type").unwrap_or_default(),
                    status: text_of(s, "status").unwrap_or_default(),
                });
            }
        }
        Ok(SubscribeOutcome {
            transaction_id,
            correlation_id: message_text(&answer, "correlation_id").or(ack.correlation_id),
            subscriptions,
            callback_uri,
            signed_by: answer.signed_by,
        })
    }

    /// Cancels subscriptions by code; the registry answers `on-unsubscribe` (waited for).
    pub async fn unsubscribe(
        &self,
        codes: &[String],
        listener: &mut CallbackListener,
        wait: Duration,
    ) -> Result<UnsubscribeOutcome> {
        if codes.is_empty() || codes.iter().any(|c| c.trim().is_empty()) {
            return Err(Error::input(
                "CODE",
                "give the subscription codes to cancel (as `kendra dci subscribe` printed them)",
            ));
        }
        let transaction_id = message_id();
        let message = json!({
            "transaction_id": transaction_id,
            "timestamp": timestamp(self.now()),
            "subscription_codes": codes,
        });
        let attempt = self
            .client
            .send_async(
                DciCall::Unsubscribe,
                &message,
                codes.len(),
                &listener.base_uri(),
            )
            .await;
        let (_, ack) = self.journaled(attempt)?;
        let answer = self
            .await_callback(listener, "on-unsubscribe", &transaction_id, wait)
            .await?;
        let message = answer.message.clone().unwrap_or(Value::Null);
        refuse_if_rejected(&message)?;
        let subscriptions = message
            .get("subscription_status")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|s| Subscription {
                code: text_of(s, "code").unwrap_or_default(),
                reg_event_type: String::new(),
                status: text_of(s, "status").unwrap_or_default(),
            })
            .collect();
        Ok(UnsubscribeOutcome {
            transaction_id,
            correlation_id: message_text(&answer, "correlation_id").or(ack.correlation_id),
            subscriptions,
            signed_by: answer.signed_by,
        })
    }

    /// The next `notify` callback at `listener`, waiting up to `wait`; `None` when none came.
    /// A notification that fails verification is an error (and journaled as refused).
    pub async fn next_notification(
        &self,
        listener: &mut CallbackListener,
        wait: Duration,
    ) -> Result<Option<Notification>> {
        let callback = match self
            .take_callback(listener, wait, |cb| cb.endpoint == "notify")
            .await?
        {
            Some(callback) => callback,
            None => return Ok(None),
        };
        let answer = callback.verdict.map_err(Error::Client)?;
        let events = message_list(&answer, "notify_event")?
            .iter()
            .map(|event| NotifyEvent {
                reference_id: text_of(event, "reference_id").unwrap_or_default(),
                reg_event_type: event
                    .pointer("/data/reg_event_type")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                response_entity: event
                    .pointer("/data/response_entity")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                records: records_of(event.pointer("/data/reg_records")),
            })
            .collect();
        Ok(Some(Notification {
            transaction_id: message_text(&answer, "transaction_id").unwrap_or_default(),
            received_at: ist(callback.received_at),
            events,
            signed_by: answer.signed_by,
        }))
    }

    /// Synchronous txn status: what the registry holds for one of our transactions.
    pub async fn txn_status(&self, txn_type: TxnType, key: &TxnKey) -> Result<TxnStatusOutcome> {
        let (attribute_type, attribute_value) = match key {
            TxnKey::TransactionId(v) => ("transaction_id", json!(v)),
            TxnKey::CorrelationId(v) => ("correlation_id", json!(v)),
            TxnKey::ReferenceIds(v) => ("reference_id_list", json!(v)),
        };
        let empty = match key {
            TxnKey::TransactionId(v) | TxnKey::CorrelationId(v) => v.trim().is_empty(),
            TxnKey::ReferenceIds(v) => v.is_empty(),
        };
        if empty {
            return Err(Error::input(
                "TXN_ID",
                "give the transaction id (or correlation or reference id) to ask about",
            ));
        }
        let message = json!({
            "transaction_id": message_id(),
            "txnstatus_request": {
                "reference_id": message_id(),
                // The yaml's own spelling.
                "txn_type": match txn_type { TxnType::Search => "search", TxnType::Subscribe => "subscibe" },
                "attribute_type": attribute_type,
                "attribute_value": attribute_value,
            },
        });
        let attempt = self.client.sync(DciCall::SyncTxnStatus, &message, 1).await;
        let (_, answer) = self.journaled(attempt)?;
        refuse_if_rejected(&answer.header)?;
        let status = answer
            .message
            .as_ref()
            .and_then(|m| m.pointer("/txnstatus_response/txn_status"))
            .ok_or_else(|| {
                bad_answer("sync/txn/status", "it has no txnstatus_response.txn_status")
            })?;
        let items: Vec<TxnItem> = status
            .get("search_response")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|item| TxnItem {
                reference_id: text_of(item, "reference_id").unwrap_or_default(),
                status: text_of(item, "status").unwrap_or_default(),
                status_reason_code: text_of(item, "status_reason_code"),
                status_reason_message: text_of(item, "status_reason_message"),
                records: records_of(item.pointer("/data/reg_records")),
            })
            .collect();
        // The registry's "no such transaction" is a rejected item with this code.
        if let [only] = items.as_slice() {
            if only.status_reason_code.as_deref() == Some("rjct.reference_id.invalid") {
                return Err(refused(
                    "rjct.reference_id.invalid",
                    only.status_reason_message
                        .as_deref()
                        .unwrap_or("the transaction is not known"),
                ));
            }
        }
        Ok(TxnStatusOutcome {
            txn_type,
            transaction_id: text_of(status, "transaction_id").unwrap_or_default(),
            correlation_id: text_of(status, "correlation_id").filter(|c| !c.is_empty()),
            items,
            signed_by: answer.signed_by,
        })
    }

    fn now(&self) -> DateTime<Utc> {
        self.client.now()
    }

    /// Journals the attempt's exchanges, then hands on its result.
    fn journaled<T>(&self, attempt: Attempt<T>) -> Result<T> {
        journal_exchanges(
            self.journal,
            &self.actor,
            Peer::Dci,
            &self.profile,
            &attempt.exchanges,
        )?;
        Ok(attempt.result?)
    }

    /// The verified callback `endpoint` for `transaction_id`. A callback of that kind that fails
    /// verification ends the wait with its error: its content cannot be trusted to say which
    /// transaction it is.
    async fn await_callback(
        &self,
        listener: &mut CallbackListener,
        endpoint: &str,
        transaction_id: &str,
        wait: Duration,
    ) -> Result<SignedAnswer> {
        let wanted = |cb: &ReceivedCallback| {
            cb.endpoint == endpoint
                && match &cb.verdict {
                    Ok(answer) => {
                        message_text(answer, "transaction_id").as_deref() == Some(transaction_id)
                    }
                    Err(_) => true,
                }
        };
        match self.take_callback(listener, wait, wanted).await? {
            Some(callback) => Ok(callback.verdict?),
            None => Err(Error::WaitedTooLong {
                peer: REGISTRY,
                what: format!("acknowledged the request but sent no {endpoint} callback"),
                waited_secs: wait.as_secs(),
                next_step: format!("ask for the result with `kendra dci status {transaction_id}`"),
                detail: Some(format!(
                    "no {endpoint} for transaction_id {transaction_id} at {}",
                    listener.base_uri()
                )),
            }),
        }
    }

    /// Takes the first callback `wanted` accepts, journaling every callback it reads; others
    /// stay in the listener for later.
    async fn take_callback(
        &self,
        listener: &mut CallbackListener,
        wait: Duration,
        wanted: impl Fn(&ReceivedCallback) -> bool,
    ) -> Result<Option<ReceivedCallback>> {
        if let Some(i) = listener.unclaimed.iter().position(&wanted) {
            return Ok(Some(listener.unclaimed.remove(i)));
        }
        let deadline = tokio::time::Instant::now() + wait;
        while let Some(callback) = listener.next(deadline).await {
            self.journal_callback(&callback)?;
            if wanted(&callback) {
                return Ok(Some(callback));
            }
            listener.unclaimed.push(callback);
        }
        Ok(None)
    }

    fn journal_callback(&self, callback: &ReceivedCallback) -> Result<()> {
        let outcome = match &callback.verdict {
            Ok(_) => "SUCCESSFUL".to_owned(),
            Err(e) => ExchangeOutcome::from_error(e)
                .failure_class()
                .map_or_else(|| "failed".to_owned(), |c| c.as_str().to_owned()),
        };
        let record = ExchangeRecord {
            direction: Direction::Incoming,
            peer: Peer::Dci,
            profile: Some(self.profile.clone()),
            endpoint: callback.endpoint.clone(),
            started_ms: callback.received_at.timestamp_millis(),
            finished_ms: Some(callback.finished_at.timestamp_millis()),
            http_status: Some(callback.answered_status),
            outcome,
            request_body: Some(callback.body.clone()),
            response_body: Some(callback.answer.clone()),
        };
        self.journal
            .write(&self.actor, |tx| tx.record_exchange(&record))?;
        Ok(())
    }
}

/// `(transaction_id, reference_id, message)` of a one-item search.
fn search_message(spec: &SearchSpec, now: DateTime<Utc>) -> (String, String, Value) {
    let transaction_id = message_id();
    let reference_id = message_id();
    let message = json!({
        "transaction_id": transaction_id,
        "search_request": [{
            "reference_id": reference_id,
            "timestamp": timestamp(now),
            "search_criteria": search_criteria(spec),
        }],
    });
    (transaction_id, reference_id, message)
}

fn search_outcome(
    mode: &'static str,
    transaction_id: &str,
    reference_id: &str,
    answer: &SignedAnswer,
) -> Result<SearchOutcome> {
    refuse_if_rejected(&answer.header)?;
    let items = message_list(answer, "search_response")?;
    let item = items
        .iter()
        .find(|i| text_of(i, "reference_id").as_deref() == Some(reference_id))
        .or_else(|| items.first())
        .ok_or_else(|| bad_answer("search", "its search_response is empty"))?;
    refuse_if_rejected(item)?;
    let page = item.get("pagination").map(|p| Page {
        page_number: number_of(p.get("page_number")),
        page_size: number_of(p.get("page_size")),
        total_count: number_of(p.get("total_count")),
    });
    Ok(SearchOutcome {
        mode,
        transaction_id: transaction_id.to_owned(),
        correlation_id: message_text(answer, "correlation_id").filter(|c| !c.is_empty()),
        reference_id: reference_id.to_owned(),
        records: records_of(item.pointer("/data/reg_records")),
        page,
        signed_by: answer.signed_by.clone(),
    })
}

/// A header or item with `status: rjct` is the registry's refusal, with its reason code.
fn refuse_if_rejected(object: &Value) -> Result<()> {
    if text_of(object, "status").as_deref() != Some("rjct") {
        return Ok(());
    }
    let code = text_of(object, "status_reason_code").unwrap_or_else(|| "rjct".to_owned());
    let message =
        text_of(object, "status_reason_message").unwrap_or_else(|| "it gave no reason".to_owned());
    Err(refused(&code, &message))
}

fn refused(code: &str, message: &str) -> Error {
    Error::Refused {
        peer: REGISTRY,
        message: message.to_owned(),
        code: Some(code.to_owned()),
        detail: Some(format!("status rjct, {code}: {message}")),
    }
}

fn bad_answer(endpoint: &str, problem: &str) -> Error {
    Error::Client(kendra_client::Error::BadResponse {
        peer: kendra_client::Peer::Dci,
        endpoint: endpoint.to_owned(),
        problem: problem.to_owned(),
        detail: String::new(),
    })
}

fn message_list<'v>(answer: &'v SignedAnswer, name: &str) -> Result<&'v Vec<Value>> {
    answer
        .message
        .as_ref()
        .and_then(|m| m.get(name))
        .and_then(Value::as_array)
        .ok_or_else(|| {
            let action = answer.header_text("action").unwrap_or("answer");
            bad_answer(action, &format!("its message has no {name} list"))
        })
}

fn message_text(answer: &SignedAnswer, name: &str) -> Option<String> {
    answer.message.as_ref().and_then(|m| text_of(m, name))
}

fn text_of(value: &Value, name: &str) -> Option<String> {
    match value.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number_of(value: Option<&Value>) -> u64 {
    value
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .unwrap_or(0)
}

/// `reg_records` as a list (the yaml allows one object or a list).
fn records_of(value: Option<&Value>) -> Vec<Value> {
    match value {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other.clone()],
    }
}

fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// ISO 8601 in IST, as docs/cli.md promises.
fn ist(time: DateTime<Utc>) -> String {
    kendra_wire::ist_time::iso(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_carry_the_registry_code() {
        let err = refuse_if_rejected(&json!({"status": "rjct",
            "status_reason_code": "rjct.pagination.invalid", "status_reason_message": "page_size 0"}))
        .unwrap_err();
        assert_eq!(err.code(), "rjct.pagination.invalid");
        assert_eq!(err.to_string(), "the social registry refused: page_size 0");
        assert!(refuse_if_rejected(&json!({"status": "succ"})).is_ok());
        assert_eq!(
            ist(DateTime::from_timestamp(0, 0).unwrap_or_default()),
            "1970-01-01T05:30:00+05:30"
        );
    }
}
