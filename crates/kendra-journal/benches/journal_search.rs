//! Journal search latency at 10k and at 1M tickets, and the ratio (goal: ≤ 3× for every kind).
//! Run: `cargo bench -p kendra-journal --bench journal_search`. Exits non-zero past 3×.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use kendra_journal::applications::{IspStatusUpdate, NewBskTicket};
use kendra_journal::search::SearchQuery;
use kendra_journal::{Actor, CitizenDetails, CitizenKey, Clock, Journal, Peer};

const START_MS: i64 = 1_700_000_000_000;
const BATCH: u64 = 1_000;
const BATCH_SPAN_MS: i64 = 60_000;
const QUERIES: u64 = 300;
const KINDS: [&str; 8] = [
    "ticket_no",
    "application_no",
    "request_id",
    "mobile",
    "status",
    "peer",
    "date_range",
    "status+date_range",
];

fn ticket_no(i: u64) -> String {
    format!("20240101{i:09}")
}

fn mobile(i: u64) -> String {
    format!("9{:09}", i * 7919 % 1_000_000_000)
}

/// Every 5th ticket also has an ISP application; statuses cycle through four values.
fn populate(j: &Journal, n: u64) {
    let actor = Actor::Cli;
    let mut i = 0;
    while i < n {
        let end = (i + BATCH).min(n);
        j.write(&actor, |tx| {
            for k in i..end {
                let t = ticket_no(k);
                let citizen = CitizenDetails {
                    mobile: Some(mobile(k)),
                    ..Default::default()
                };
                tx.record_bsk_ticket(&NewBskTicket {
                    user_id: "1001",
                    ticket_no: &t,
                    service_code: Some("SC01"),
                    profile: Some("bench"),
                    citizen: Some(&citizen),
                })?;
                tx.set_bsk_app_no("1001", &t, &format!("APP{k}"))?;
                tx.record_bsk_status("1001", &t, ["1", "2", "3", "4"][(k % 4) as usize], None)?;
                if k % 5 == 0 {
                    tx.record_isp_status(&IspStatusUpdate {
                        request_id: &format!("3{k:013}"),
                        status_code: "S104",
                        ..Default::default()
                    })?;
                }
            }
            Ok(())
        })
        .unwrap();
        j.clock().advance_ms(BATCH_SPAN_MS);
        i = end;
    }
    j.analyze().unwrap();
}

fn query(kind: &str, n: u64, r: u64) -> SearchQuery {
    let k = r * 2_654_435_761 % n;
    let t_ms = START_MS + (k / BATCH) as i64 * BATCH_SPAN_MS;
    let mut q = SearchQuery {
        limit: 50,
        ..Default::default()
    };
    match kind {
        "ticket_no" => q.ticket_no = Some(ticket_no(k)),
        "application_no" => q.application_no = Some(format!("APP{k}")),
        "request_id" => q.request_id = Some(format!("3{:013}", k / 5 * 5)),
        "mobile" => q.mobile = Some(mobile(k)),
        "status" => q.status = Some(["1", "2", "3", "4"][(r % 4) as usize].into()),
        "peer" => q.peer = Some(if r % 2 == 0 { Peer::Bsk } else { Peer::Isp }),
        "date_range" => {
            q.from_ms = Some(t_ms);
            q.to_ms = Some(t_ms + BATCH_SPAN_MS);
        }
        _ => {
            q.status = Some("2".into());
            q.from_ms = Some(t_ms);
            q.to_ms = Some(t_ms + 2 * BATCH_SPAN_MS);
        }
    }
    q
}

fn measure(n: u64) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open_with_clock(dir.path(), Clock::manual(START_MS))
        .unwrap()
        .with_citizen_key(&CitizenKey::from_bytes([9; 32]));
    let t = Instant::now();
    populate(&j, n);
    let size = std::fs::metadata(j.path()).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(j.path().with_extension("sqlite3-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "populated {n} tickets in {:.1} s ({} MB on disk)",
        t.elapsed().as_secs_f64(),
        size / 1_000_000
    );
    KINDS
        .iter()
        .map(|kind| {
            for r in 0..20 {
                assert!(
                    !j.search(&query(kind, n, r)).unwrap().is_empty(),
                    "{kind} finds rows"
                );
            }
            let t = Instant::now();
            for r in 0..QUERIES {
                std::hint::black_box(j.search(&query(kind, n, r)).unwrap());
            }
            t.elapsed() / QUERIES as u32
        })
        .collect()
}

fn main() {
    let small = measure(10_000);
    let large = measure(1_000_000);
    println!(
        "\n{:<20} {:>12} {:>12} {:>8}",
        "search", "10k (µs)", "1M (µs)", "1M/10k"
    );
    let mut worst = 0.0f64;
    for ((kind, s), l) in KINDS.iter().zip(&small).zip(&large) {
        let ratio = l.as_secs_f64() / s.as_secs_f64();
        worst = worst.max(ratio);
        println!(
            "{kind:<20} {:>12.1} {:>12.1} {:>7.2}×",
            s.as_secs_f64() * 1e6,
            l.as_secs_f64() * 1e6,
            ratio
        );
    }
    println!("worst ratio {worst:.2}× (goal ≤ 3×)");
    if worst > 3.0 {
        std::process::exit(1);
    }
}
