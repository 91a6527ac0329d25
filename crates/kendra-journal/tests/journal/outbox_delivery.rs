use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kendra_journal::exchanges::{Direction, ExchangeRecord};
use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::retry_policy::{Backoff, ClassPolicy, RetryPolicy};
use kendra_journal::outbox::worker::{Deliverer, DeliveryOutcome, DeliveryReport, OutboxWorker};
use kendra_journal::outbox::{FailureClass, OutboxItem, OutboxState};
use kendra_journal::Peer;

use crate::{open, queue_status};

/// Records every call (item id, request, code) in arrival order; fails items as scripted.
#[derive(Default)]
struct FakePortal {
    calls: Mutex<Vec<(i64, String, String)>>,
    /// item id → failures left before it succeeds.
    failures: Mutex<HashMap<i64, (u32, FailureClass)>>,
    /// After this many calls, further calls never finish (the "crash" point).
    hang_after: Option<usize>,
}

impl Deliverer for FakePortal {
    async fn deliver(&self, item: &OutboxItem) -> DeliveryReport {
        let n = {
            let mut calls = self.calls.lock().unwrap();
            calls.push((
                item.id,
                item.ordering_key.clone(),
                item.status_code.clone().unwrap_or_default(),
            ));
            calls.len()
        };
        tokio::time::sleep(Duration::from_millis(1)).await;
        if self.hang_after.is_some_and(|h| n > h) {
            std::future::pending::<()>().await;
        }
        let failure = {
            let mut f = self.failures.lock().unwrap();
            match f.get_mut(&item.id) {
                Some((left, class)) if *left > 0 => {
                    *left -= 1;
                    Some(*class)
                }
                _ => None,
            }
        };
        let outcome = match failure {
            Some(class) => DeliveryOutcome::Failed {
                class,
                detail: "HTTP 503".into(),
            },
            None => DeliveryOutcome::Delivered,
        };
        DeliveryReport {
            exchange: Some(ExchangeRecord {
                direction: Direction::Outgoing,
                peer: Peer::Isp,
                profile: Some(item.profile.clone()),
                endpoint: item.endpoint_kind.clone(),
                started_ms: 1,
                finished_ms: Some(3),
                http_status: Some(if failure.is_some() { 503 } else { 200 }),
                outcome: if failure.is_some() {
                    "FAILED".into()
                } else {
                    "SUCCESSFUL".into()
                },
                request_body: Some(item.payload.to_string()),
                response_body: None,
            }),
            outcome,
            started_ms: 1,
            finished_ms: 3,
        }
    }
}

fn instant_retries() -> RetryPolicy {
    RetryPolicy::default().with(
        FailureClass::Http5xx,
        ClassPolicy::Backoff(Backoff {
            initial_ms: 0,
            max_ms: 0,
            multiplier: 1.0,
            jitter: 0.0,
            max_attempts: None,
        }),
    )
}

const CODES: [&str; 4] = ["S104", "S105", "S115", "S112"];

fn queue_many(j: &kendra_journal::Journal, requests: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for code in CODES {
        for r in 0..requests {
            ids.push(queue_status(j, &format!("2024010100{r:04}"), code).unwrap());
        }
    }
    ids
}

fn assert_in_order_per_request(calls: &[(i64, String, String)]) {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (_, req, code) in calls {
        let pos = CODES.iter().position(|c| c == code).unwrap();
        let prev = last.insert(req, pos);
        assert!(
            prev.is_none_or(|p| p <= pos),
            "{req}: {code} after {:?}",
            prev.map(|p| CODES[p])
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drain_delivers_everything_in_order_per_request_with_retries() {
    let dir = tempfile::tempdir().unwrap();
    let j = Arc::new(open(dir.path()));
    let ids = queue_many(&j, 30);
    let portal = Arc::new(FakePortal::default());
    // The first S104 of request 0 fails twice with a 5xx: its S105 must wait behind it.
    portal
        .failures
        .lock()
        .unwrap()
        .insert(ids[0], (2, FailureClass::Http5xx));
    let worker = OutboxWorker::new(Arc::clone(&j), Arc::clone(&portal), instant_retries());
    let mut seen = 0;
    let summary = worker.drain(8, |p| seen = p.attempts).await.unwrap();
    assert_eq!(summary.delivered, 120);
    assert_eq!(summary.retry_scheduled, 2);
    assert_eq!(summary.attempts, 122);
    assert_eq!(seen, 122);
    let calls = portal.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 122);
    assert_in_order_per_request(&calls);
    let attempts = j.outbox_attempts(ids[0]).unwrap();
    assert_eq!(
        attempts
            .iter()
            .map(|a| a.outcome.as_str())
            .collect::<Vec<_>>(),
        ["failed", "failed", "delivered"]
    );
    assert_eq!(attempts[0].failure_class.as_deref(), Some("http_5xx"));
    assert!(attempts.iter().all(|a| a.exchange_id.is_some()));
    let delivered = j
        .list_outbox(&OutboxFilter {
            states: vec![OutboxState::Delivered],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(delivered.len(), 120);
    // Nothing is ever claimable again once delivered.
    assert!(j.claim_due(100).unwrap().is_empty());
    let again = worker.drain(8, |_| {}).await.unwrap();
    assert_eq!(again.attempts, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_item_stops_its_request_only() {
    let dir = tempfile::tempdir().unwrap();
    let j = Arc::new(open(dir.path()));
    let ids = queue_many(&j, 3);
    let portal = Arc::new(FakePortal::default());
    portal
        .failures
        .lock()
        .unwrap()
        .insert(ids[0], (1, FailureClass::Http4xx));
    let summary = OutboxWorker::new(Arc::clone(&j), Arc::clone(&portal), RetryPolicy::default())
        .drain(4, |_| {})
        .await
        .unwrap();
    assert_eq!(summary.held, 1);
    assert_eq!(
        summary.delivered, 8,
        "requests 1 and 2 went through; request 0 waits for a human"
    );
    let pending = j
        .list_outbox(&OutboxFilter {
            ordering_key: Some("20240101000000".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        pending.iter().map(|i| i.state).collect::<Vec<_>>(),
        [
            OutboxState::Held,
            OutboxState::Queued,
            OutboxState::Queued,
            OutboxState::Queued
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_loses_nothing_and_repeats_only_what_was_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let total = {
        let j = Arc::new(open(dir.path()));
        queue_many(&j, 50).len()
    };
    let mut all_calls = Vec::new();
    let mut repeated_allowed = std::collections::HashSet::new();
    for hang_after in [37, 61, 15] {
        // A run that stops mid-flight: its process state is dropped, the file is all that stays.
        let j = Arc::new(open(dir.path()));
        let portal = Arc::new(FakePortal {
            hang_after: Some(hang_after),
            ..Default::default()
        });
        let worker = OutboxWorker::new(Arc::clone(&j), Arc::clone(&portal), RetryPolicy::default());
        let run = tokio::spawn(async move { worker.drain(6, |_| {}).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        run.abort();
        let _ = run.await;
        all_calls.extend(portal.calls.lock().unwrap().clone());
        drop(j);
        let reopened = open(dir.path());
        let in_flight = reopened
            .list_outbox(&OutboxFilter {
                states: vec![OutboxState::InFlight],
                ..Default::default()
            })
            .unwrap();
        assert!(
            !in_flight.is_empty(),
            "the crash caught deliveries in flight"
        );
        repeated_allowed.extend(in_flight.iter().map(|i| i.id));
    }
    let j = Arc::new(open(dir.path()));
    let portal = Arc::new(FakePortal::default());
    let summary = OutboxWorker::new(Arc::clone(&j), Arc::clone(&portal), RetryPolicy::default())
        .drain(6, |_| {})
        .await
        .unwrap();
    assert!(!summary.recovered.is_empty());
    all_calls.extend(portal.calls.lock().unwrap().clone());
    let delivered = j
        .list_outbox(&OutboxFilter {
            states: vec![OutboxState::Delivered],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(delivered.len(), total, "nothing lost");
    let mut per_item: HashMap<i64, usize> = HashMap::new();
    for (id, _, _) in &all_calls {
        *per_item.entry(*id).or_default() += 1;
    }
    for (id, n) in per_item {
        if n > 1 {
            assert!(
                repeated_allowed.contains(&id),
                "item {id} sent {n} times but was never in flight at a crash"
            );
        }
    }
    assert!(delivered
        .iter()
        .filter(|i| i.possibly_delivered)
        .all(|i| repeated_allowed.contains(&i.id)));
    assert_in_order_per_request(&all_calls);
}
