//! The leak test: secrets for the ISP and both BSK transports, flows with successes, failures,
//! a held item and a token renewal, then a scan of the journal file, its WAL, an outbox export
//! (CSV and JSON) and the log this test writes, for every secret as raw bytes and as standard
//! and URL-safe base64. The issued ISP tokens are among the secrets.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::{Actor, Journal};
use kendra_outbox::{queue_bsk_push, queue_isp_status};
use serde_json::json;

use crate::{
    delivery, drain_until_empty, policy, submission, Fixture, BSK_V4_PROFILE, BSK_V5_PROFILE,
    ISP_PROFILE,
};

/// Every token the sandbox could have issued in `[from, to]` (seconds of its clock).
fn isp_tokens(dept_id: &str, jwt_secret: &str, from: i64, to: i64) -> Vec<String> {
    let secret =
        kendra_wire::jwt_hs256::Hs256Secret::new("the ISP JWT secret", jwt_secret.as_bytes())
            .unwrap();
    (from..=to)
        .map(|iat| {
            let mut claims = kendra_wire::jwt_hs256::Claims::new();
            claims.insert("sub".into(), json!(dept_id));
            claims.insert("iss".into(), json!("ISP-UP"));
            claims.insert("iat".into(), json!(iat));
            claims.insert("exp".into(), json!(iat + 60 * 60));
            kendra_wire::jwt_hs256::sign(&claims, &secret).unwrap()
        })
        .collect()
}

fn encodings(secret: &str) -> Vec<(String, &'static str)> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let b = secret.as_bytes();
    vec![
        (secret.to_owned(), "raw"),
        (STANDARD.encode(b), "base64"),
        (STANDARD_NO_PAD.encode(b), "base64 without padding"),
        (URL_SAFE.encode(b), "url-safe base64"),
        (URL_SAFE_NO_PAD.encode(b), "url-safe base64 without padding"),
    ]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.len() <= haystack.len()
        && haystack
            .windows(needle.len())
            .any(|w| w[0] == needle[0] && w == needle)
}

fn scan(path: &Path, secrets: &[(String, String)]) -> usize {
    let bytes = std::fs::read(path).unwrap();
    for (name, secret) in secrets {
        for (form, how) in encodings(secret) {
            assert!(
                !contains(&bytes, form.as_bytes()),
                "{name} found as {how} in {}",
                path.display()
            );
        }
    }
    bytes.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_journal_its_wal_an_export_or_the_log() {
    let fx = Fixture::start().await;
    let peers = &fx.peers;
    let clock = || fx.sandbox.shared().clock.now().timestamp();
    let first_second = clock();
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(
        Journal::open(&dir.path().join("data"))
            .unwrap()
            .with_citizen_key(&kendra_journal::CitizenKey::generate()),
    );
    let log_path = dir.path().join("outbox.log");
    let mut log = std::fs::File::create(&log_path).unwrap();
    let isp = peers.isp_client();
    let clients = Arc::new(peers.clients());
    writeln!(log, "clients: {clients:?}").unwrap();
    let actor = Actor::Operator("leak-test".into());

    // ISP: successes, FAILED and 5xx retried, a refusal logged.
    let mut requests = Vec::new();
    for _ in 0..3 {
        requests.push(peers.new_request(&isp).await);
    }
    for code in ["S104", "S105", "S112"] {
        for r in &requests {
            queue_isp_status(&journal, &actor, ISP_PROFILE, &delivery(r, code)).unwrap();
        }
    }
    let refused = queue_isp_status(
        &journal,
        &actor,
        ISP_PROFILE,
        &delivery(&requests[0], "S104"),
    )
    .unwrap_err();
    writeln!(
        log,
        "refused: {refused} / {refused:?} / {:?}",
        refused.detail()
    )
    .unwrap();
    peers
        .fault(json!({ "endpoint": "/ispws/isp/v1/*", "kind": "failed", "times": 2 }))
        .await;
    peers
        .fault(json!({ "endpoint": "/ispws/isp/v1/*", "kind": "http_500", "times": 1 }))
        .await;
    // BSK: v5 and v4 successes, a portal refusal (wrong service) and a held 400.
    let v5 = submission("9054233544", "20241210113005128", "AMD/001", 2);
    let v4 = submission("9734518820", "20241211094512306", "HFW/003", 2);
    let wrong = submission("7908812345", "20241212160233771", "AMD/001", 2);
    queue_bsk_push(&journal, &actor, BSK_V5_PROFILE, &v5).unwrap();
    queue_bsk_push(&journal, &actor, BSK_V4_PROFILE, &v4).unwrap();
    queue_bsk_push(&journal, &actor, BSK_V4_PROFILE, &wrong).unwrap();
    peers
        .fault(json!({ "endpoint": "/bsk/portal/api-2/*", "kind": "http_400", "times": 1 }))
        .await;
    let policy = policy(20, Some(2));
    let runs = drain_until_empty(&journal, &clients, &policy, 4).await;
    writeln!(log, "runs: {runs:?}").unwrap();

    // A token renewal: the portal's clock moves past the token's hour, the next call gets a
    // 401, signs in again and resends.
    let before_jump = clock();
    peers
        .post("/_sandbox/clock", json!({ "advance_secs": 61 * 60 }))
        .await;
    let after_jump = clock();
    let late = peers.new_request(&isp).await;
    queue_isp_status(&journal, &actor, ISP_PROFILE, &delivery(&late, "S104")).unwrap();
    let summary = kendra_outbox::drain(
        Arc::clone(&journal),
        Arc::clone(&clients),
        policy.clone(),
        4,
        |tick| writeln!(log, "tick: {tick:?}").unwrap(),
    )
    .await
    .unwrap();
    writeln!(log, "summary: {summary:?}").unwrap();
    assert_eq!(summary.delivered, 1);
    let last_second = clock();

    let items = journal.list_outbox(&OutboxFilter::default()).unwrap();
    for item in &items {
        writeln!(log, "item: {item:?}").unwrap();
        for attempt in journal.outbox_attempts(item.id).unwrap() {
            writeln!(log, "  attempt: {attempt:?}").unwrap();
        }
    }
    let held = items
        .iter()
        .filter(|i| i.last_failure_class.is_some())
        .count();
    assert!(held >= 2, "failures were exercised");
    let exchanges = journal.exchanges(None, 0, i64::MAX, 10_000).unwrap();
    let endpoints: Vec<_> = exchanges
        .iter()
        .map(|e| e.record.endpoint.as_str())
        .collect();
    assert!(
        endpoints.iter().filter(|e| **e == "authenticate").count() >= 2,
        "{endpoints:?}"
    );
    assert!(exchanges.iter().any(|e| e.record.http_status == Some(401)));
    for e in &exchanges {
        writeln!(log, "exchange: {e:?}").unwrap();
    }
    drop(log);

    let export_json = dir.path().join("outbox.json");
    std::fs::write(
        &export_json,
        journal
            .export_outbox_json(&OutboxFilter::default())
            .unwrap(),
    )
    .unwrap();
    let export_csv = dir.path().join("outbox.csv");
    journal
        .export_outbox_csv(
            &OutboxFilter::default(),
            std::fs::File::create(&export_csv).unwrap(),
        )
        .unwrap();

    let mut secrets: Vec<(String, String)> = [
        "/isp/password",
        "/isp/secret_key",
        "/isp/jwt_secret",
        "/bsk/key",
        "/bsk/iv",
        "/bsk/passcode",
        "/bsk/jwt_secret",
    ]
    .iter()
    .map(|p| ((*p).to_owned(), peers.text(p)))
    .collect();
    let dept = peers.text("/isp/dept_id");
    let jwt = peers.text("/isp/jwt_secret");
    let tokens = [
        isp_tokens(&dept, &jwt, first_second - 2, before_jump + 2),
        isp_tokens(&dept, &jwt, after_jump - 2, last_second + 2),
    ]
    .concat();
    secrets.extend(
        tokens
            .into_iter()
            .map(|t| ("an issued ISP token".to_owned(), t)),
    );

    let db = journal.path().to_owned();
    let wal = db.with_file_name(format!("{}-wal", db.file_name().unwrap().to_string_lossy()));
    assert!(scan(&wal, &secrets) > 0, "the WAL holds the run");
    for path in [&db, &export_json, &export_csv, &log_path] {
        assert!(scan(path, &secrets) > 0, "{} is empty", path.display());
    }
    journal.checkpoint().unwrap();
    scan(&db, &secrets);
}
