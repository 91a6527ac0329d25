//! The DCI Social Registry (`specs/dci/social_api_v1.0.0.yaml`): sync and async search,
//! subscribe / unsubscribe / notify and txn status over seeded households and persons, behind
//! the yaml's bearer token and ed25519 message signatures (kendra-wire's `dci` module).

mod access_token;
mod answer_envelopes;
mod answer_forgery;
mod callback_delivery;
mod endpoints;
mod message_security;
mod registry_events;
pub mod registry_records;
pub mod registry_search;
pub mod seed_data;

use std::collections::HashMap;
use std::sync::Arc;

use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use kendra_wire::dci::{DciPublicKey, DciSigner, DciSigningKey, KeyId};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::SeedContext;
use crate::shared::Shared;
pub use callback_delivery::Delivery;
use registry_records::Registry;
use registry_search::{Entity, Filter};

pub const TOKEN: &str = "/registry/oauth2/client/token";
pub const SEARCH: &str = "/registry/search";
pub const SYNC_SEARCH: &str = "/registry/sync/search";
pub const SUBSCRIBE: &str = "/registry/subscribe";
pub const UNSUBSCRIBE: &str = "/registry/unsubscribe";
pub const TXN_STATUS: &str = "/registry/txn/status";
pub const SYNC_TXN_STATUS: &str = "/registry/sync/txn/status";
pub const ON_NOTIFY: &str = "/registry/on-notify";
pub const SENDERS: &str = "/_sandbox/dci/senders";
pub const EVENTS: &str = "/_sandbox/dci/events";
pub const CALLBACKS: &str = "/_sandbox/dci/callbacks";
/// Test switch: the next answers signed so that they must not verify.
pub const ANSWER_SIGNATURE: &str = "/_sandbox/dci/answer-signature";

/// The registry's own DCI identity (the official examples' `receiver_id`).
pub const REGISTRY_ID: &str = "social";
pub const REGISTRY_KEY_ID: &str = "registry-key-1";
/// The seeded client: the official examples' `sender_id`.
pub const CLIENT_ID: &str = "sp-system";
pub const CLIENT_SECRET: &str = "sp-system-sandbox-secret-2024";
pub const CLIENT_KEY_ID: &str = "sandbox-key-1";
pub const JWT_SECRET: &str = "kendra-sandbox-dci-jwt-secret-please-rotate";
/// How long the sandbox's own signatures are valid.
pub const SIGNATURE_LIFETIME_SECS: i64 = 300;

/// Deterministic keys (a sandbox: the same on every start, shown in info).
fn seed_bytes(label: &str) -> [u8; 32] {
    let digest = Sha256::digest(format!("kendra-sandbox dci {label}").as_bytes());
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&digest);
    seed
}

fn seed_key(label: &str) -> DciSigningKey {
    DciSigningKey::from_seed(seed_bytes(label))
}

/// The test client's private key (32-byte seed, base64), shown in info: it is a sandbox.
fn client_private_key_text() -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(seed_bytes("client sp-system"))
}

pub fn registry_signing_key() -> DciSigningKey {
    seed_key("registry social")
}

pub fn client_signing_key() -> DciSigningKey {
    seed_key("client sp-system")
}

pub fn registry_signer() -> kendra_wire::Result<DciSigner> {
    Ok(DciSigner::new(
        registry_signing_key(),
        KeyId::new(REGISTRY_ID, REGISTRY_KEY_ID)?,
    ))
}

/// A search or subscribe transaction, kept for txn status.
#[derive(Debug, Clone)]
pub struct TxnRecord {
    pub sender_id: String,
    /// `search` or `subscribe`.
    pub txn_type: &'static str,
    pub transaction_id: String,
    pub correlation_id: String,
    /// `search_response`-shaped items, one per request item.
    pub items: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct Subscription {
    pub code: String,
    pub sender_id: String,
    pub callback_uri: String,
    pub reg_event_type: String,
    pub entity: Entity,
    pub filter: Filter,
    pub criteria: Value,
    pub active: bool,
}

#[derive(Debug)]
pub struct DciState {
    pub registry: Registry,
    /// `sender|key|ed25519` → public key.
    pub sender_keys: HashMap<String, DciPublicKey>,
    /// client_id → client_secret.
    pub clients: HashMap<String, String>,
    /// sender_id → default callback base (onboarding), used when `sender_uri` is empty.
    pub callbacks: HashMap<String, String>,
    pub transactions: Vec<TxnRecord>,
    pub subscriptions: Vec<Subscription>,
    pub deliveries: Vec<Delivery>,
    /// Numbers correlation ids, subscription codes and notify transactions.
    pub counter: u64,
    /// When set, signed answers go out forged (`/_sandbox/dci/answer-signature`).
    pub forgery: Option<answer_forgery::ForgerySwitch>,
}

impl DciState {
    pub fn seeded(_ctx: &SeedContext) -> crate::Result<Self> {
        let mut sender_keys = HashMap::new();
        sender_keys.insert(
            format!("{CLIENT_ID}|{CLIENT_KEY_ID}|ed25519"),
            client_signing_key().public_key(),
        );
        let mut clients = HashMap::new();
        clients.insert(CLIENT_ID.to_owned(), CLIENT_SECRET.to_owned());
        Ok(Self {
            registry: Registry::seeded(),
            sender_keys,
            clients,
            callbacks: HashMap::new(),
            transactions: Vec::new(),
            subscriptions: Vec::new(),
            deliveries: Vec::new(),
            counter: 0,
            forgery: None,
        })
    }

    pub fn next_number(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }
}

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(TOKEN, post(endpoints::token))
        .route(SYNC_SEARCH, post(endpoints::sync_search))
        .route(SEARCH, post(endpoints::async_search))
        .route(SUBSCRIBE, post(endpoints::subscribe))
        .route(UNSUBSCRIBE, post(endpoints::unsubscribe))
        .route(TXN_STATUS, post(endpoints::async_txn_status))
        .route(SYNC_TXN_STATUS, post(endpoints::sync_txn_status))
        .route(ON_NOTIFY, post(endpoints::on_notify))
        .route(SENDERS, post(endpoints::register_sender))
        .route(EVENTS, post(registry_events::post_event))
        .route(CALLBACKS, get(endpoints::list_callbacks))
        .route(
            ANSWER_SIGNATURE,
            post(answer_forgery::set_switch).get(answer_forgery::get_switch),
        )
}

pub fn info(shared: &Shared) -> Value {
    let base = &shared.base_url;
    let client_key = client_signing_key();
    let households: Vec<Value> = seed_data::HOUSEHOLDS
        .iter()
        .map(|h| {
            json!({
                "household_identifier": h.household_id,
                "ration_card": h.ration_card,
                "district": h.district,
                "state": h.state,
                "poverty_score": h.poverty_score,
                "members": h.members.iter().map(|m| json!({
                    "uin": m.uin, "name": format!("{} {}", m.given_name, m.surname),
                    "local_name": m.local_name, "sex": m.sex, "birth_date": m.birth_date,
                    "relationship_head": m.relationship_head,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "base_url": base,
        "registry_id": REGISTRY_ID,
        "paths": {
            "token": TOKEN,
            "sync_search": SYNC_SEARCH,
            "search": SEARCH,
            "subscribe": SUBSCRIBE,
            "unsubscribe": UNSUBSCRIBE,
            "txn_status": TXN_STATUS,
            "sync_txn_status": SYNC_TXN_STATUS,
            "on_notify": ON_NOTIFY,
            "register_sender": SENDERS,
            "events": EVENTS,
            "callbacks": CALLBACKS,
            "answer_signature": ANSWER_SIGNATURE,
        },
        "token": {
            "grant_type": "client_credentials",
            "lifetime_secs": access_token::LIFETIME_SECS,
            "format": "HS256 JWT (bearerFormat: jwt)",
        },
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "sender_id": CLIENT_ID,
        "key_id": format!("{CLIENT_ID}|{CLIENT_KEY_ID}|ed25519"),
        "unique_key_id": CLIENT_KEY_ID,
        "private_key": client_private_key_text(),
        "public_key": client_key.public_key().to_base64(),
        "registry_key_id": format!("{REGISTRY_ID}|{REGISTRY_KEY_ID}|ed25519"),
        "registry_public_key": registry_signing_key().public_key().to_base64(),
        "signing": "docs/dci-signing.md: ed25519 over (created)/(expires)/digest of canonical {header, message}",
        "callbacks": "sender_uri (or the callback_uri registered at /_sandbox/dci/senders) is the base; on-search, on-subscribe, on-unsubscribe, notify and txn/on-status are appended",
        "identifier_types": registry_search::IDENTIFIER_TYPES.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        "person_attributes": registry_records::PERSON_ATTRIBUTES,
        "household_attributes": registry_records::HOUSEHOLD_ATTRIBUTES,
        "max_page_size": registry_search::MAX_PAGE_SIZE,
        "households": households,
    })
}

pub fn failed_answer(path: &str, now: DateTime<Utc>) -> Response {
    answer_envelopes::failed_answer(path, now)
}
