//! The crash test: thousands of statuses for hundreds of requests, a drainer child process killed
//! with SIGKILL at random moments while the sandbox injects faults, restarted until the outbox is
//! empty. The sandbox lives in this (parent) process so its stats survive the kills.
//!
//! What counts as a duplicate: an item the journal flags `possibly_delivered` (it was in flight at
//! a kill) may reach the portal twice. A repeated ordinary status is accepted again and shows up
//! twice in a row in `/_sandbox/stats`; a repeated S104/S112 is refused by the portal ("S104 …
//! already received", "already has S112"), which the deliverer records as delivered with the
//! outcome `already_received` — so it shows once in the stats and nothing is lost or held.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::OutboxState;
use kendra_journal::{Actor, Journal, Peer};
use kendra_outbox::queue_isp_status;
use rand::Rng;
use serde_json::json;

use crate::{delivery, drain_until_empty, policy, Fixture, Peers, ISP_PROFILE};

const DIR_VAR: &str = "KENDRA_OUTBOX_CRASH_DIR";
const SANDBOX_VAR: &str = "KENDRA_OUTBOX_CRASH_SANDBOX";
const DRAINER_TEST: &str = "crash::drainer_child";
const REQUESTS: usize = 300;
const CODES: [&str; 10] = [
    "S104", "S105", "S106", "S107", "S108", "S111", "S113", "S115", "S118", "S112",
];
const KILLS: usize = 5;

/// The drainer, run only as a child process of the crash test (it does nothing otherwise).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drainer_child() {
    let (Ok(dir), Ok(sandbox)) = (std::env::var(DIR_VAR), std::env::var(SANDBOX_VAR)) else {
        return;
    };
    let peers = Peers::at(&sandbox).await;
    let journal = Arc::new(Journal::open(std::path::Path::new(&dir)).unwrap());
    let clients = Arc::new(peers.clients());
    let runs = drain_until_empty(&journal, &clients, &policy(20, None), 8).await;
    let recovered: usize = runs.iter().map(|r| r.recovered.len()).sum();
    let delivered: usize = runs.iter().map(|r| r.delivered).sum();
    println!(
        "drainer: recovered {recovered}, delivered {delivered} in {} runs",
        runs.len()
    );
}

fn spawn_drainer(dir: &std::path::Path, sandbox: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", DRAINER_TEST, "--nocapture", "--test-threads=1"])
        .env(DIR_VAR, dir)
        .env(SANDBOX_VAR, sandbox)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_the_drainer_repeatedly_and_lose_nothing() {
    let started = Instant::now();
    let fx = Fixture::start().await;
    let peers = &fx.peers;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let isp = peers.isp_client();
    let mut requests = Vec::new();
    for _ in 0..REQUESTS {
        requests.push(peers.new_request(&isp).await);
    }
    let actor = Actor::Operator("crash-test".into());
    for code in CODES {
        for r in &requests {
            queue_isp_status(&journal, &actor, ISP_PROFILE, &delivery(r, code)).unwrap();
        }
    }
    let queued = REQUESTS * CODES.len();
    eprintln!("crash: {queued} statuses queued in {:?}", started.elapsed());

    for kind in ["http_500", "reset", "failed"] {
        peers
            .fault(json!({ "endpoint": "/ispws/isp/v1/*", "kind": kind, "fraction": 0.08 }))
            .await;
    }

    let mut kills = 0;
    let mut finished = false;
    for k in 0..KILLS {
        let mut child = spawn_drainer(dir.path(), &peers.base);
        // The first kill lands among the S104s (queued first), the others anywhere.
        let range = if k == 0 { 250..700 } else { 300..1_500 };
        let wait = rand::thread_rng().gen_range(range);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        if child.try_wait().unwrap().is_some() {
            finished = true;
            break;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        let delivered = journal
            .list_outbox(&OutboxFilter {
                states: vec![OutboxState::Delivered],
                ..OutboxFilter::default()
            })
            .unwrap()
            .len();
        eprintln!("crash: kill {kills} after {wait} ms, {delivered}/{queued} delivered");
    }
    assert!(
        kills >= 3,
        "the drainer finished before it could be killed often enough"
    );
    if !finished {
        let child = spawn_drainer(dir.path(), &peers.base);
        let out = tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .unwrap()
            .unwrap();
        assert!(out.status.success(), "the last drainer failed: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout
            .find("drainer:")
            .map(|at| stdout[at..].lines().next().unwrap_or(""));
        eprintln!("crash: last {}", line.unwrap_or("drainer printed nothing"));
    }

    // The journal: everything delivered, nothing held, cancelled or waiting.
    let items = journal.list_outbox(&OutboxFilter::default()).unwrap();
    assert_eq!(items.len(), queued);
    let not_delivered: Vec<_> = items
        .iter()
        .filter(|i| i.state != OutboxState::Delivered)
        .map(|i| (i.id, i.state, i.last_failure_detail.clone()))
        .collect();
    assert!(not_delivered.is_empty(), "{not_delivered:?}");
    let mut in_flight_at_a_kill: BTreeMap<(String, String), bool> = BTreeMap::new();
    for i in &items {
        in_flight_at_a_kill.insert(
            (i.ordering_key.clone(), i.status_code.clone().unwrap()),
            i.possibly_delivered,
        );
    }
    let flagged = items.iter().filter(|i| i.possibly_delivered).count();

    // The portal: every request has exactly the queued codes in order; a repeat only right after
    // the first copy and only of an item that was in flight at a kill.
    let codes = peers.isp_codes().await;
    let mut repeats = 0;
    for r in &requests {
        let got = &codes[&r.request_id];
        let mut i = 0;
        for (n, code) in got.iter().enumerate() {
            if i < CODES.len() && code == CODES[i] {
                i += 1;
                continue;
            }
            let previous = n.checked_sub(1).map(|p| &got[p]);
            let explained = previous == Some(code)
                && in_flight_at_a_kill[&(r.request_id.clone(), code.clone())];
            assert!(explained, "{}: unexplained {code} in {got:?}", r.request_id);
            repeats += 1;
        }
        assert_eq!(i, CODES.len(), "{}: lost a status: {got:?}", r.request_id);
    }
    assert!(
        repeats <= flagged,
        "{repeats} repeats, {flagged} items in flight at a kill"
    );
    let recognised = journal
        .exchanges(Some(Peer::Isp), 0, i64::MAX, u32::MAX)
        .unwrap()
        .iter()
        .filter(|e| e.record.outcome == kendra_outbox::exchange_record::ALREADY_RECEIVED)
        .count();
    eprintln!(
        "crash: {kills} kills, {flagged} items in flight at a kill, {repeats} accepted twice, \
         {recognised} refused repeats recognised as delivered; {:?} in all",
        started.elapsed()
    );
}
