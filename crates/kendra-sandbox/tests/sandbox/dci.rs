//! The sandbox's DCI Social Registry, driven through kendra-wire's `dci` module: bearer token,
//! ed25519-signed requests, signed answers and callbacks verified with the registry's public key,
//! and every message the registry sends validated against `specs/dci/social_api_v1.0.0.yaml`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use kendra_wire::dci::{verify_envelope_json, DciPublicKey, DciSigner, DciSigningKey, KeyId};
use serde_json::{json, Value};

use crate::support::TestSandbox;

const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/specs/dci");

// ---------------------------------------------------------------------------------------------
// The yaml as a JSON Schema validator

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(format!("{SPECS}/social_api_v1.0.0.yaml")).unwrap();
        let mut doc: Value = serde_yaml::from_str(&text).unwrap();
        // The yaml writes `type: enum` for response_entity, which is no JSON Schema type.
        fix_types(&mut doc);
        // Some refs point *through* another $ref (…/message/oneOf/0/properties/…), which JSON
        // Pointer cannot follow: rewrite each to the direct path of its target.
        let original = doc.clone();
        rewrite_refs(&mut doc, &original);
        doc
    })
}

fn fix_types(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.get("type") == Some(&json!("enum")) {
                m.insert("type".into(), json!("string"));
            }
            m.values_mut().for_each(fix_types);
        }
        Value::Array(a) => a.iter_mut().for_each(fix_types),
        _ => {}
    }
}

fn rewrite_refs(v: &mut Value, doc: &Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                let direct = direct_pointer(doc, r.trim_start_matches('#'));
                m.insert("$ref".into(), json!(format!("#{direct}")));
            }
            m.values_mut().for_each(|x| rewrite_refs(x, doc));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite_refs(x, doc)),
        _ => {}
    }
}

/// Walks `pointer`, jumping through any `$ref` met on the way.
fn direct_pointer(doc: &Value, pointer: &str) -> String {
    let mut current = String::new();
    for segment in pointer.split('/').skip(1) {
        if doc.pointer(&current).is_none() {
            break;
        }
        if let Some(Value::String(r)) = doc.pointer(&current).and_then(|n| n.get("$ref")) {
            current = direct_pointer(doc, r.trim_start_matches('#'));
        }
        current = format!("{current}/{segment}");
    }
    current
}

/// Validates `instance` against the schema at `pointer` inside the yaml (refs resolve in the
/// whole document).
fn assert_valid(pointer: &str, instance: &Value) {
    let mut root = spec().clone();
    root["$ref"] = json!(format!("#{pointer}"));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&root)
        .unwrap_or_else(|e| panic!("schema {pointer}: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid against {pointer}:\n{}\n{instance:#}",
        errors.join("\n")
    );
}

const SYNC_SEARCH_ANSWER: &str =
    "/paths/~1registry~1sync~1search/post/responses/default/content/application~1json/schema";
const SYNC_TXN_ANSWER: &str =
    "/paths/~1registry~1sync~1txn~1status/post/responses/default/content/application~1json/schema";
const ACK: &str = "/components/responses/Response/content/application~1json/schema";
const ERRORS: &str = "/components/responses/HttpErrorResponse/content/application~1json/schema";

fn callback_schema(path: &str) -> String {
    format!(
        "/paths/~1registry~1{}/post/requestBody/content/application~1json/schema",
        path.replace('/', "~1")
    )
}

// ---------------------------------------------------------------------------------------------
// A DCI client built on kendra-wire

struct Dci {
    sb: TestSandbox,
    token: String,
    signer: DciSigner,
    registry_keys: HashMap<String, DciPublicKey>,
}

impl Dci {
    async fn start() -> Self {
        let sb = TestSandbox::start().await;
        let info = sb.info["dci"].clone();
        let token = fetch_token(&sb, &info["client_id"], &info["client_secret"]).await;
        let key = DciSigningKey::from_base64(info["private_key"].as_str().unwrap()).unwrap();
        assert_eq!(
            key.public_key().to_base64(),
            info["public_key"].as_str().unwrap()
        );
        let signer = DciSigner::new(
            key,
            KeyId::new(
                info["sender_id"].as_str().unwrap(),
                info["unique_key_id"].as_str().unwrap(),
            )
            .unwrap(),
        );
        let mut registry_keys = HashMap::new();
        registry_keys.insert(
            info["registry_key_id"].as_str().unwrap().to_owned(),
            DciPublicKey::from_base64(info["registry_public_key"].as_str().unwrap()).unwrap(),
        );
        Dci {
            sb,
            token,
            signer,
            registry_keys,
        }
    }

    fn now(&self) -> i64 {
        self.sb.sandbox.shared().clock.now().timestamp()
    }

    fn sign(&self, mut body: Value) -> Value {
        let now = self.now();
        self.signer
            .sign_envelope(&mut body, now, now + 300)
            .unwrap();
        body
    }

    async fn raw(&self, path: &str, body: &Value, token: Option<&str>) -> reqwest::Response {
        let mut request = self.sb.http.post(self.sb.url(path)).json(body);
        if let Some(token) = token {
            request = request.header(
                "Authorization",
                kendra_wire::dci::authorization_header(token).unwrap(),
            );
        }
        request.send().await.unwrap()
    }

    /// Signs, sends with the bearer token, returns (status, body text).
    async fn send(&self, path: &str, body: Value) -> (u16, String) {
        let r = self.raw(path, &self.sign(body), Some(&self.token)).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Opens a signed answer with kendra-wire: verifies the registry's signature.
    fn open(&self, text: &str) -> Value {
        let (body, verified) = verify_envelope_json(text, &self.registry_keys, self.now())
            .unwrap_or_else(|e| panic!("registry signature: {e}\n{text}"));
        assert_eq!(verified.key_id.sender_id, "social");
        body
    }

    async fn sync_search(&self, message: Value) -> Value {
        let (status, text) = self
            .send("/registry/sync/search", envelope("search", "", message))
            .await;
        assert_eq!(status, 200, "{text}");
        let body = self.open(&text);
        assert_valid(SYNC_SEARCH_ANSWER, &body);
        body
    }
}

async fn fetch_token(sb: &TestSandbox, id: &Value, secret: &Value) -> String {
    let r = sb
        .http
        .post(sb.url("/registry/oauth2/client/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id.as_str().unwrap()),
            ("client_secret", secret.as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    body["access_token"].as_str().unwrap().to_owned()
}

fn envelope(action: &str, sender_uri: &str, message: Value) -> Value {
    json!({
        "header": {
            "version": "1.0.0",
            "message_id": format!("m-{}", rand_id()),
            "message_ts": "2025-01-01T10:00:00.000Z",
            "action": action,
            "sender_id": "sp-system",
            "sender_uri": sender_uri,
            "receiver_id": "social",
            "total_count": 1,
            "is_msg_encrypted": false,
        },
        "message": message,
    })
}

fn rand_id() -> u64 {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn search_message(criteria: Value) -> Value {
    json!({
        "transaction_id": "T-100",
        "search_request": [{
            "reference_id": "R-1",
            "timestamp": "2025-01-01T10:00:00Z",
            "search_criteria": criteria,
        }],
    })
}

fn id_query(kind: &str, value: &str) -> Value {
    json!({"query_type": "idtype-value", "query": {"type": kind, "value": value}})
}

fn errors_of(status: u16, text: &str) -> (u16, String) {
    let body: Value = serde_json::from_str(text).unwrap_or_else(|_| panic!("{text}"));
    assert_valid(ERRORS, &body);
    (
        status,
        body["errors"][0]["code"].as_str().unwrap().to_owned(),
    )
}

// ---------------------------------------------------------------------------------------------
// A callback listener on 127.0.0.1:0

/// (path, body, Authorization header) per callback received.
type Callback = (String, String, Option<String>);

#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<Callback>>>);

struct Listener {
    base: String,
    received: Received,
}

async fn listener() -> Listener {
    async fn take(
        State((received, path)): State<(Received, &'static str)>,
        headers: axum::http::HeaderMap,
        body: Bytes,
    ) -> &'static str {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        received.0.lock().unwrap().push((
            path.to_owned(),
            String::from_utf8(body.to_vec()).unwrap(),
            auth,
        ));
        "{}"
    }
    let received = Received::default();
    let mut app = Router::new();
    for path in [
        "/cb/on-search",
        "/cb/on-subscribe",
        "/cb/on-unsubscribe",
        "/cb/notify",
        "/cb/txn/on-status",
    ] {
        app = app.route(path, post(take).with_state((received.clone(), path)));
    }
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = socket.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(socket, app).await;
    });
    Listener {
        base: format!("http://{addr}/cb"),
        received,
    }
}

impl Listener {
    /// Waits for the next callback on `path` (at most 10 s) and returns its body text.
    async fn wait(&self, path: &str, count: usize) -> String {
        for _ in 0..200 {
            {
                let got = self.received.0.lock().unwrap();
                let hits: Vec<_> = got.iter().filter(|(p, _, _)| p == path).collect();
                if hits.len() >= count {
                    let (_, body, auth) = hits[count - 1];
                    assert!(auth.as_deref().is_some_and(|a| a.starts_with("Bearer ")));
                    return body.clone();
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no callback {count} on {path}");
    }
}

// ---------------------------------------------------------------------------------------------
// Tests

#[tokio::test]
async fn info_exposes_credentials_keys_and_paths() {
    let sb = TestSandbox::start().await;
    let dci = &sb.info["dci"];
    for key in [
        "base_url",
        "client_id",
        "client_secret",
        "private_key",
        "public_key",
        "registry_public_key",
        "key_id",
    ] {
        assert!(dci[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
    }
    assert_eq!(dci["paths"]["sync_search"], "/registry/sync/search");
    assert_eq!(dci["households"].as_array().unwrap().len(), 8);
}

#[tokio::test]
async fn token_endpoint_refuses_bad_credentials_and_grants() {
    let sb = TestSandbox::start().await;
    let url = sb.url("/registry/oauth2/client/token");
    let r = sb
        .http
        .post(&url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "sp-system"),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_client");
    let r = sb
        .post_json(
            "/registry/oauth2/client/token",
            &json!({"grant_type": "password", "client_id": "sp-system", "client_secret": "x"}),
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "unsupported_grant_type"
    );
}

#[tokio::test]
async fn identifier_search_returns_a_signed_valid_answer() {
    let dci = Dci::start().await;
    let body = dci
        .sync_search(search_message(id_query("UIN", "847951632")))
        .await;
    assert_eq!(body["header"]["action"], "on-search");
    assert_eq!(body["header"]["status"], "succ");
    assert_eq!(body["header"]["receiver_id"], "sp-system");
    let item = &body["message"]["search_response"][0];
    assert_eq!(item["status"], "succ");
    assert_eq!(item["reference_id"], "R-1");
    let person = &item["data"]["reg_records"][0];
    assert_eq!(person["name"]["given_name"], "Rameshwar");
    assert_eq!(person["local_name"], "रामेश्वर मांझी");
    assert_eq!(person["address"]["sub_region_code"], "Gaya");
    assert_eq!(item["pagination"]["total_count"], 1);
}

#[tokio::test]
async fn predicate_and_expression_queries_sort_and_paginate() {
    let dci = Dci::start().await;
    let criteria = json!({
        "query_type": "predicate",
        "query": [{"seq_num": 1,
            "expression1": {"attribute_name": "poverty_score", "operator": "lt", "attribute_value": "2.5"},
            "condition": "and",
            "expression2": {"attribute_name": "sex", "operator": "eq", "attribute_value": "f"}}],
        "sort": [{"attribute_name": "birth_date", "sort_order": "desc"}],
        "pagination": {"page_size": 3, "page_number": 2},
    });
    let body = dci.sync_search(search_message(criteria)).await;
    let item = &body["message"]["search_response"][0];
    assert_eq!(item["status"], "succ", "{item}");
    // Women in households scoring under 2.5: Gaya (2), Koraput (2), Purulia (1), Jhabua (2).
    assert_eq!(item["pagination"]["total_count"], 7);
    let born: Vec<&str> = item["data"]["reg_records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["birth_date"].as_str().unwrap())
        .collect();
    assert_eq!(born.len(), 3);
    assert!(born.windows(2).all(|w| w[0] >= w[1]), "{born:?}");

    // The yaml's own NoSql-style expression, over households.
    let criteria = json!({
        "query_type": "expression",
        "response_entity": "Household",
        "query": {"type": "ns:org:QueryType:NoSql", "value": {"expression": {"collection": "Household",
            "query": {"$and": [{"poverty_score": {"$lt": 5}}, {"household_size": {"$lt": 5}}]}}}},
        "sort": [{"attribute_name": "poverty_score", "sort_order": "asc"}],
    });
    let body = dci.sync_search(search_message(criteria)).await;
    let records = body["message"]["search_response"][0]["data"]["reg_records"]
        .as_array()
        .unwrap()
        .clone();
    let ids: Vec<&str> = records
        .iter()
        .map(|h| h["household_identifier"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "HH-OD-KOR-0003",
            "HH-WB-PUR-0005",
            "HH-UP-BRH-0002",
            "HH-JH-RAN-0007"
        ]
    );
    assert_eq!(records[0]["member_list"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn bad_queries_get_rjct_reason_codes_in_a_valid_answer() {
    let dci = Dci::start().await;
    let mut message = search_message(id_query("PAN", "ABCDE1234F"));
    let requests = message["search_request"].as_array_mut().unwrap();
    let mut paged = requests[0].clone();
    paged["reference_id"] = json!("R-2");
    paged["search_criteria"] = json!({"query_type": "idtype-value",
        "query": {"type": "UIN", "value": "847951632"}, "pagination": {"page_size": 0}});
    let mut sorted = requests[0].clone();
    sorted["reference_id"] = json!("R-3");
    sorted["search_criteria"] = json!({"query_type": "idtype-value",
        "query": {"type": "UIN", "value": "847951632"}, "sort": [{"attribute_name": "shoe_size"}]});
    let mut duplicate = requests[0].clone();
    duplicate["search_criteria"] = id_query("UIN", "847951632");
    let mut stamp = requests[0].clone();
    stamp["reference_id"] = json!("R-5");
    stamp["timestamp"] = json!("yesterday");
    requests.extend([paged, sorted, duplicate, stamp]);
    let body = dci.sync_search(message).await;
    let codes: Vec<&str> = body["message"]["search_response"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status_reason_code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "rjct.search_criteria.invalid",
            "rjct.pagination.invalid",
            "rjct.sort.invalid",
            "rjct.reference_id.duplicate",
            "rjct.timestamp.invalid"
        ]
    );
    let first = &body["message"]["search_response"][0]["status_reason_message"];
    assert!(first.as_str().unwrap().contains("\"PAN\""), "{first}");
}

#[tokio::test]
async fn bearer_token_is_required_and_expires_with_the_sandbox_clock() {
    let dci = Dci::start().await;
    let body = dci.sign(envelope("search", "", search_message(id_query("UIN", "1"))));
    let r = dci.raw("/registry/sync/search", &body, None).await;
    let status = r.status().as_u16();
    assert_eq!(
        errors_of(status, &r.text().await.unwrap()),
        (401, "err.request.unauthorized".into())
    );
    let r = dci
        .raw("/registry/sync/search", &body, Some("not.a.token"))
        .await;
    let status = r.status().as_u16();
    assert_eq!(
        errors_of(status, &r.text().await.unwrap()),
        (401, "err.request.unauthorized".into())
    );
    dci.sb.advance_clock(3601).await;
    let body = dci.sign(envelope("search", "", search_message(id_query("UIN", "1"))));
    let r = dci
        .raw("/registry/sync/search", &body, Some(&dci.token))
        .await;
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    assert!(text.contains("expired"), "{text}");
    assert_eq!(
        errors_of(status, &text),
        (401, "err.request.unauthorized".into())
    );
}

#[tokio::test]
async fn signatures_are_checked_against_registered_keys() {
    let dci = Dci::start().await;
    let plain = envelope("search", "", search_message(id_query("UIN", "847951632")));
    // Unsigned.
    let r = dci
        .raw("/registry/sync/search", &plain, Some(&dci.token))
        .await;
    let status = r.status().as_u16();
    assert_eq!(
        errors_of(status, &r.text().await.unwrap()),
        (401, "err.signature.missing".into())
    );
    // Tampered after signing.
    let mut tampered = dci.sign(plain.clone());
    tampered["message"]["transaction_id"] = json!("T-changed");
    let r = dci
        .raw("/registry/sync/search", &tampered, Some(&dci.token))
        .await;
    let status = r.status().as_u16();
    assert_eq!(
        errors_of(status, &r.text().await.unwrap()),
        (401, "err.signature.invalid".into())
    );
    // An unregistered key, then registered through the onboarding route.
    let other = DciSigner::new(
        DciSigningKey::from_seed([9; 32]),
        KeyId::new("sp-system", "key-2").unwrap(),
    );
    let mut body = plain.clone();
    let now = dci.now();
    other.sign_envelope(&mut body, now, now + 300).unwrap();
    let r = dci
        .raw("/registry/sync/search", &body, Some(&dci.token))
        .await;
    let status = r.status().as_u16();
    assert_eq!(
        errors_of(status, &r.text().await.unwrap()),
        (403, "err.sender_id.invalid".into())
    );
    let r = dci
        .sb
        .post_json(
            "/_sandbox/dci/senders",
            &json!({"sender_id": "sp-system", "unique_key_id": "key-2",
                "public_key": DciSigningKey::from_seed([9; 32]).public_key().to_base64()}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = dci
        .raw("/registry/sync/search", &body, Some(&dci.token))
        .await;
    assert_eq!(r.status(), 200);
    dci.open(&r.text().await.unwrap());
    // Expired signature (sandbox clock moved 10 minutes on).
    let stale = dci.sign(plain);
    dci.sb.advance_clock(600).await;
    let r = dci
        .raw("/registry/sync/search", &stale, Some(&dci.token))
        .await;
    let status = r.status().as_u16();
    assert_eq!(
        errors_of(status, &r.text().await.unwrap()),
        (401, "err.signature.invalid".into())
    );
}

#[tokio::test]
async fn official_example_requests_are_refused_as_printed_and_accepted_once_signed() {
    let dci = Dci::start().await;
    let mut seen = 0;
    for entry in std::fs::read_dir(format!("{SPECS}/examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with("req.json") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        // As printed: the placeholder signature is malformed.
        let r = dci
            .sb
            .http
            .post(dci.sb.url("/registry/sync/search"))
            .header("Authorization", format!("Bearer {}", dci.token))
            .header("Content-Type", "application/json")
            .body(text.clone())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        assert_eq!(
            errors_of(status, &r.text().await.unwrap()),
            (401, "err.signature.invalid".into()),
            "{name}"
        );
        // Re-signed by the test client: accepted, answered, valid.
        let body: Value = kendra_wire::dci::parse_strict("example", &text).unwrap();
        let (status, answer) = dci.send("/registry/sync/search", body).await;
        assert_eq!(status, 200, "{name}: {answer}");
        let answer = dci.open(&answer);
        assert_valid(SYNC_SEARCH_ANSWER, &answer);
        let item = &answer["message"]["search_response"][0];
        assert_eq!(item["status"], "succ", "{name}: {item}");
        if name == "processflow2req.json" {
            assert_eq!(
                item["data"]["reg_records"][0]["identifier"][0]["identifier_value"],
                "847951632"
            );
        }
        if name == "processflow1-2req.json" {
            assert_eq!(item["pagination"]["total_count"], 20);
        }
    }
    assert_eq!(seen, 5);
}

#[tokio::test]
async fn async_search_acks_then_delivers_a_signed_on_search() {
    let dci = Dci::start().await;
    let cb = listener().await;
    let (status, text) = dci
        .send(
            "/registry/search",
            envelope(
                "search",
                &cb.base,
                search_message(id_query("RATION_CARD", "OD-2110045903")),
            ),
        )
        .await;
    assert_eq!(status, 200, "{text}");
    let ack: Value = serde_json::from_str(&text).unwrap();
    assert_valid(ACK, &ack);
    assert_eq!(ack["message"]["ack_status"], "ACK");
    let callback = cb.wait("/cb/on-search", 1).await;
    let body = dci.open(&callback);
    assert_valid(&callback_schema("on-search"), &body);
    assert_eq!(
        body["message"]["correlation_id"],
        ack["message"]["correlation_id"]
    );
    assert_eq!(
        body["message"]["search_response"][0]["pagination"]["total_count"],
        3
    );
    // Delivery outcome recorded.
    let log = dci.sb.get_json("/_sandbox/dci/callbacks").await;
    let d = &log["deliveries"][0];
    assert_eq!(d["action"], "on-search");
    for _ in 0..50 {
        if dci.sb.get_json("/_sandbox/dci/callbacks").await["deliveries"][0]["status"]
            == "delivered"
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = dci.sb.get_json("/_sandbox/dci/callbacks").await;
    assert_eq!(log["deliveries"][0]["status"], "delivered");
    assert_eq!(log["deliveries"][0]["http_status"], 200);

    // No sender_uri and none registered: ERR ack with err.sender_uri.invalid.
    let (status, text) = dci
        .send(
            "/registry/search",
            envelope("search", "", search_message(id_query("UIN", "1"))),
        )
        .await;
    assert_eq!(status, 400);
    let ack: Value = serde_json::from_str(&text).unwrap();
    assert_valid(ACK, &ack);
    assert_eq!(ack["message"]["error"]["code"], "err.sender_uri.invalid");

    // A callback nobody answers is recorded as failed.
    let (status, _) = dci
        .send(
            "/registry/search",
            envelope(
                "search",
                "http://127.0.0.1:9/cb",
                search_message(id_query("UIN", "1")),
            ),
        )
        .await;
    assert_eq!(status, 200);
    let mut last = Value::Null;
    for _ in 0..100 {
        last = dci.sb.get_json("/_sandbox/dci/callbacks").await["deliveries"][1].clone();
        if last["status"] == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(last["status"], "failed", "{last}");
    assert!(last["error"].as_str().unwrap().contains("connect"));
}

#[tokio::test]
async fn subscribe_notify_unsubscribe_and_txn_status() {
    let dci = Dci::start().await;
    let cb = listener().await;
    let subscribe = json!({
        "transaction_id": "T-SUB-1",
        "subscribe_request": [{
            "reference_id": "S-1",
            "timestamp": "2025-01-01T10:00:00Z",
            "subscribe_criteria": {
                "reg_type": "ns:org:RegistryType:Social",
                "reg_event_type": "REGISTER",
                "frequency": {"start_time": "2025-01-01T00:00:00Z", "end_time": "2025-12-31T00:00:00Z", "frequency": "0 0 0 5,15 * ? *"},
                "filter_type": "predicate",
                "filter": [{"expression1": {"attribute_name": "district", "operator": "eq", "attribute_value": "Gaya"}}],
                "notify_record_type": "spdci-extensions-dci:Person",
            },
        }, {
            "reference_id": "S-2",
            "timestamp": "2025-01-01T10:00:00Z",
            "subscribe_criteria": {"reg_event_type": "BIRTH", "filter_type": "idtype-value",
                "filter": {"type": "UIN", "value": "847951632"}},
        }],
    });
    let (status, text) = dci
        .send(
            "/registry/subscribe",
            envelope("subscribe", &cb.base, subscribe),
        )
        .await;
    assert_eq!(status, 200, "{text}");
    assert_valid(ACK, &serde_json::from_str(&text).unwrap());
    let on_subscribe = dci.open(&cb.wait("/cb/on-subscribe", 1).await);
    assert_valid(&callback_schema("on-subscribe"), &on_subscribe);
    let answers = &on_subscribe["message"]["subscribe_response"];
    assert_eq!(answers[0]["status"], "succ");
    assert_eq!(
        answers[1]["status_reason_code"],
        "rjct.notify_types.invalid"
    );
    let code = answers[0]["subscriptions"][0]["code"]
        .as_str()
        .unwrap()
        .to_owned();

    // A change in Gaya reaches the subscriber; one in Barmer does not.
    let r = dci
        .sb
        .post_json(
            "/_sandbox/dci/events",
            &json!({"event_type": "REGISTER", "uin": "847953017", "set": {"mobile": "9414000000"}}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["notified"], json!([]));
    let r = dci
        .sb
        .post_json(
            "/_sandbox/dci/events",
            &json!({"event_type": "REGISTER", "uin": "847951640", "set": {"poverty_score": "1.8"}}),
        )
        .await;
    let event: Value = r.json().await.unwrap();
    assert_eq!(event["notified"][0]["subscription_code"], code.as_str());
    let notify = dci.open(&cb.wait("/cb/notify", 1).await);
    assert_valid(&callback_schema("notify"), &notify);
    let data = &notify["message"]["notify_event"][0]["data"];
    assert_eq!(data["reg_event_type"], "REGISTER");
    assert_eq!(data["reg_records"]["poverty_score"], "1.8");
    assert_eq!(data["reg_records"]["name"]["given_name"], "Sunita");

    // Sync txn status for the subscribe and for an unknown transaction.
    let txn = |attribute_type: &str, value: Value, txn_type: &str| {
        json!({"transaction_id": "T-TXN-1", "txnstatus_request": {"reference_id": "Q-1",
            "txn_type": txn_type, "attribute_type": attribute_type, "attribute_value": value}})
    };
    let (status, text) = dci
        .send(
            "/registry/sync/txn/status",
            envelope(
                "txn-status",
                "",
                txn("transaction_id", json!("T-SUB-1"), "subscibe"),
            ),
        )
        .await;
    assert_eq!(status, 200, "{text}");
    let answer = dci.open(&text);
    assert_valid(SYNC_TXN_ANSWER, &answer);
    let items = &answer["message"]["txnstatus_response"]["txn_status"]["search_response"];
    assert_eq!(items[0]["status"], "succ");
    assert_eq!(items[1]["status"], "rjct");
    let (_, text) = dci
        .send(
            "/registry/sync/txn/status",
            envelope(
                "txn-status",
                "",
                txn("transaction_id", json!("nope"), "search"),
            ),
        )
        .await;
    let answer = dci.open(&text);
    assert_valid(SYNC_TXN_ANSWER, &answer);
    assert_eq!(
        answer["message"]["txnstatus_response"]["txn_status"]["search_response"][0]
            ["status_reason_code"],
        "rjct.reference_id.invalid"
    );

    // Async txn status for a search, by reference_id_list.
    dci.sync_search(search_message(id_query("UIN", "847951632")))
        .await;
    let (status, _) = dci
        .send(
            "/registry/txn/status",
            envelope(
                "txn-status",
                &cb.base,
                txn("reference_id_list", json!(["R-1"]), "search"),
            ),
        )
        .await;
    assert_eq!(status, 200);
    let on_status = dci.open(&cb.wait("/cb/txn/on-status", 1).await);
    assert_valid(&callback_schema("txn/on-status"), &on_status);
    let status_items = &on_status["message"]["txnstatus_response"]["txn_status"];
    assert_eq!(status_items["transaction_id"], "T-100");
    assert_eq!(
        status_items["search_response"][0]["data"]["reg_records"][0]["identifier"][0]
            ["identifier_value"],
        "847951632"
    );

    // Unsubscribe (the yaml's misspelt `timesstamp` accepted), then again: already unsubscribed.
    let unsubscribe = json!({"transaction_id": "T-UNSUB-1", "timesstamp": "2025-01-02T10:00:00Z",
        "subscription_codes": [code]});
    let (status, _) = dci
        .send(
            "/registry/unsubscribe",
            envelope("unsubscribe", &cb.base, unsubscribe.clone()),
        )
        .await;
    assert_eq!(status, 200);
    let first = dci.open(&cb.wait("/cb/on-unsubscribe", 1).await);
    assert_valid(&callback_schema("on-unsubscribe"), &first);
    assert_eq!(first["message"]["status"], "succ");
    assert_eq!(
        first["message"]["subscription_status"][0]["status"],
        "unsubscribe"
    );
    dci.send(
        "/registry/unsubscribe",
        envelope("unsubscribe", &cb.base, unsubscribe),
    )
    .await;
    let second = dci.open(&cb.wait("/cb/on-unsubscribe", 2).await);
    assert_valid(&callback_schema("on-unsubscribe"), &second);
    assert_eq!(
        second["message"]["status_reason_code"],
        "rjct.event.already_unsubscribed"
    );
    // No more notifications after unsubscribing.
    let r = dci
        .sb
        .post_json(
            "/_sandbox/dci/events",
            &json!({"event_type": "REGISTER", "uin": "847951640", "set": {"poverty_score": "1.7"}}),
        )
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["notified"], json!([]));
}

#[tokio::test]
async fn new_household_member_notifies_household_subscribers() {
    let dci = Dci::start().await;
    let cb = listener().await;
    let subscribe = json!({"transaction_id": "T-SUB-2", "subscribe_request": [{
        "reference_id": "S-1", "timestamp": "2025-01-01T10:00:00Z",
        "subscribe_criteria": {"reg_event_type": "NewHouseHoldMember", "response_entity": "Household",
            "filter_type": "idtype-value", "filter": {"type": "HOUSEHOLD_ID", "value": "HH-MH-NAN-0006"}}}]});
    dci.send(
        "/registry/subscribe",
        envelope("subscribe", &cb.base, subscribe),
    )
    .await;
    dci.open(&cb.wait("/cb/on-subscribe", 1).await);
    let r = dci
        .sb
        .post_json(
            "/_sandbox/dci/events",
            &json!({"event_type": "NewHouseHoldMember", "household_identifier": "HH-MH-NAN-0006",
                "member": {"given_name": "Shravani", "surname": "Pawar", "local_name": "श्रावणी पवार",
                    "sex": "f", "birth_date": "2025-03-01", "relationship_head": "daughter"}}),
        )
        .await;
    let event: Value = r.json().await.unwrap();
    assert_eq!(event["notified"].as_array().unwrap().len(), 1, "{event}");
    let notify = dci.open(&cb.wait("/cb/notify", 1).await);
    assert_valid(&callback_schema("notify"), &notify);
    let household = &notify["message"]["notify_event"][0]["data"]["reg_records"];
    assert_eq!(household["household_size"], 6);
    // The new member is searchable.
    let body = dci
        .sync_search(search_message(id_query(
            "UIN",
            event["uin"].as_str().unwrap(),
        )))
        .await;
    assert_eq!(
        body["message"]["search_response"][0]["data"]["reg_records"][0]["name"]["given_name"],
        "Shravani"
    );
}

#[tokio::test]
async fn wrong_action_receiver_and_shape_are_refused() {
    let dci = Dci::start().await;
    let (status, text) = dci
        .send(
            "/registry/sync/search",
            envelope("subscribe", "", search_message(id_query("UIN", "1"))),
        )
        .await;
    assert_eq!(status, 200);
    let body = dci.open(&text);
    assert_valid(SYNC_SEARCH_ANSWER, &body);
    assert_eq!(body["header"]["status"], "rjct");
    assert_eq!(body["header"]["status_reason_code"], "rjct.action.invalid");
    let mut other = envelope("search", "", search_message(id_query("UIN", "1")));
    other["header"]["receiver_id"] = json!("crvs");
    let (status, text) = dci.send("/registry/sync/search", other).await;
    assert_eq!(
        errors_of(status, &text),
        (400, "err.receiver_id.invalid".into())
    );
    let (status, text) = dci
        .send(
            "/registry/sync/search",
            envelope("search", "", json!({"transaction_id": "T"})),
        )
        .await;
    assert_eq!(errors_of(status, &text), (400, "err.request.bad".into()));
}

#[tokio::test]
async fn faults_failed_http_500_and_malformed() {
    let dci = Dci::start().await;
    dci.sb
        .fault(json!({"endpoint": "/registry/*", "kind": "failed", "times": 3}))
        .await;
    let (status, text) = dci
        .send(
            "/registry/sync/search",
            envelope("search", "", search_message(id_query("UIN", "1"))),
        )
        .await;
    assert_eq!(status, 200);
    let body = dci.open(&text);
    assert_valid(SYNC_SEARCH_ANSWER, &body);
    assert_eq!(body["header"]["status"], "rjct");
    assert_eq!(
        body["message"]["search_response"][0]["status_reason_code"],
        "rjct.search_criteria.invalid"
    );
    let (_, text) = dci
        .send(
            "/registry/sync/txn/status",
            envelope(
                "txn-status",
                "",
                json!({"transaction_id": "T", "txnstatus_request": {}}),
            ),
        )
        .await;
    let body = dci.open(&text);
    assert_valid(SYNC_TXN_ANSWER, &body);
    assert_eq!(body["header"]["status"], "rjct");
    let (status, text) = dci
        .send(
            "/registry/search",
            envelope("search", "", search_message(id_query("UIN", "1"))),
        )
        .await;
    assert_eq!(status, 200);
    let ack: Value = serde_json::from_str(&text).unwrap();
    assert_valid(ACK, &ack);
    assert_eq!(ack["message"]["ack_status"], "ERR");

    dci.sb
        .fault(json!({"endpoint": "/registry/sync/search", "kind": "http_500", "times": 1}))
        .await;
    let (status, _) = dci
        .send(
            "/registry/sync/search",
            envelope("search", "", search_message(id_query("UIN", "1"))),
        )
        .await;
    assert_eq!(status, 500);
    dci.sb
        .fault(json!({"endpoint": "/registry/sync/search", "kind": "malformed", "times": 1}))
        .await;
    let (_, text) = dci
        .send(
            "/registry/sync/search",
            envelope("search", "", search_message(id_query("UIN", "1"))),
        )
        .await;
    assert!(serde_json::from_str::<Value>(&text).is_err());
    // And back to normal.
    dci.sync_search(search_message(id_query("UIN", "847951632")))
        .await;
    let stats = dci.sb.get_json("/_sandbox/stats").await;
    assert_eq!(
        stats["requests"]["/registry/sync/search"]["fault_failed"],
        1
    );
}

#[test]
fn the_yaml_check_catches_what_it_should() {
    let bad = json!({"header": {"message_id": "1", "message_ts": "2025-01-01T00:00:00Z",
        "action": "on-search", "status": "bogus"},
        "message": {"transaction_id": "T", "correlation_id": "C",
            "search_response": [{"reference_id": "R", "timestamp": "2025-01-01T00:00:00Z", "status": "succ",
                "status_reason_code": "rjct.not.a.code"}]}});
    let mut root = spec().clone();
    root["$ref"] = json!(format!("#{SYNC_SEARCH_ANSWER}"));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&root)
        .unwrap();
    let errors: Vec<String> = validator.iter_errors(&bad).map(|e| e.to_string()).collect();
    assert!(errors.iter().any(|e| e.contains("bogus")), "{errors:?}");
    assert!(errors.len() >= 2, "{errors:?}");
}
