//! The admin screens' handlers against a real journal, and against the in-process sandbox for
//! the delivery runs: faults on → statuses fail (class and attempt kept) → faults off → resend
//! all failed → delivered; the journal then shows the application's history and exchanges.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::sync::Arc;

use kendra_sandbox::faults::{FaultKind, FaultSpec};
use kendra_sandbox::{RunningSandbox, SandboxConfig};

use super::*;
use crate::{Desk, ErrorCode};

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(kendra_secrets::MemoryStore::new());
    let desk = Desk::open(dir.path(), store).unwrap();
    (dir, desk)
}

const HEADER: &str = "request_id,service_code,applicant_id,application_id,status_code,remarks,pendency_level,pending_with_officer,action_taken_time";

fn csv_rows(rows: &[(&str, &str)]) -> String {
    let mut text = format!("{HEADER}\n");
    for (request_id, code) in rows {
        text.push_str(&format!(
            "{request_id},10101,UPA7K3M9Q2,INC/2026/{request_id},{code},checked,1,NA,2026-11-23 11:00:00\n"
        ));
    }
    text
}

fn import(desk: &Desk, profile: &str, text: String) -> OutboxImportResult {
    outbox_import(
        desk,
        OutboxImportRequest {
            profile: profile.into(),
            format: OutboxImportFormat::Csv,
            text,
        },
    )
    .unwrap()
}

#[test]
fn a_bad_row_rejects_the_whole_import_and_names_every_bad_row() {
    let (_dir, desk) = desk();
    let text = format!(
        "{}20240101000002,10101,UPA,INC/2,S999,,1,NA,2026-11-23 11:00:00\n20240101000003,10101,UPA,INC/3,S105,,1,NA,23/11/2026\n",
        csv_rows(&[("20240101000001", "S105")])
    );
    let result = import(&desk, "sandbox-isp", text);
    assert!(result.queued.is_empty());
    let rows: Vec<u32> = result.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [2, 3]);
    assert!(
        result.problems[0].message.contains("S999"),
        "{:?}",
        result.problems
    );
    let overview = outbox_overview(&desk, OutboxQuery::default()).unwrap();
    assert_eq!(overview.counts.total, 0, "nothing was applied");
}

#[test]
fn overview_counts_filters_edit_cancel_export_and_audit() {
    let (_dir, desk) = desk();
    let queued = import(
        &desk,
        "sandbox-isp",
        csv_rows(&[("20240101000001", "S105"), ("20240101000002", "S105")]),
    );
    assert_eq!(queued.queued.len(), 2, "{:?}", queued.problems);

    let overview = outbox_overview(&desk, OutboxQuery::default()).unwrap();
    assert_eq!(overview.counts.total, 2);
    let queued_count = overview
        .counts
        .by_state
        .iter()
        .find(|c| c.key == "queued")
        .unwrap();
    assert_eq!(queued_count.count, 2);
    assert_eq!(
        overview.counts.by_state.len(),
        6,
        "every state, zero included"
    );
    assert_eq!(overview.rows[0].ordering_key, "20240101000001");
    assert!(overview.rows[0].created_at.ends_with("+05:30"));

    let one = outbox_overview(
        &desk,
        OutboxQuery {
            request: Some("20240101000002".into()),
            ..OutboxQuery::default()
        },
    )
    .unwrap();
    assert_eq!(one.rows.len(), 1);
    let limited = outbox_overview(
        &desk,
        OutboxQuery {
            limit: Some(1),
            ..OutboxQuery::default()
        },
    )
    .unwrap();
    assert!(limited.more && limited.rows.len() == 1);
    let bad = outbox_overview(
        &desk,
        OutboxQuery {
            from_date: Some("23/11/2026".into()),
            ..OutboxQuery::default()
        },
    )
    .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);

    // Edit: the request_id may not change; a remark may, and the original is kept.
    let id = one.rows[0].id.clone();
    let item = outbox_item(&desk, id.clone()).unwrap();
    let changed_key = item.payload.replace("20240101000002", "20240101000009");
    let err = outbox_edit(&desk, id.clone(), changed_key).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("request_id"), "{err}");
    let fixed = item.payload.replace("checked", "checked again");
    let edited = outbox_edit(&desk, id.clone(), fixed).unwrap();
    assert!(edited.payload.contains("checked again"));
    assert_eq!(edited.earlier_payloads.len(), 1);
    assert!(edited.earlier_payloads[0].contains("\"checked\""));
    assert_eq!(edited.audit[0].action, "outbox.edit_payload");
    assert_eq!(
        outbox_edit(&desk, id.clone(), "not json".into())
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );

    // Cancel: a reason is required; then the item is cancelled and cannot be resent.
    assert!(outbox_cancel(&desk, id.clone(), "  ".into()).is_err());
    let cancelled = outbox_cancel(&desk, id.clone(), "duplicate of a paper entry".into()).unwrap();
    assert_eq!(cancelled.row.state, "cancelled");
    assert_eq!(
        cancelled.row.cancel_reason.as_deref(),
        Some("duplicate of a paper entry")
    );
    assert!(outbox_resend(&desk, vec![id.clone()]).is_err());
    assert!(outbox_resend(&desk, vec![]).is_err());
    assert_eq!(
        outbox_resend(&desk, vec![overview.rows[0].id.clone()]).unwrap(),
        1
    );

    let csv = outbox_export(&desk, OutboxQuery::default(), OutboxExportFormat::Csv).unwrap();
    assert_eq!(csv.records, 2);
    assert!(csv.text.starts_with("id,peer,profile"));
    assert!(csv.file_name.ends_with(".csv"));
    let json = outbox_export(
        &desk,
        OutboxQuery {
            states: vec!["cancelled".into()],
            ..OutboxQuery::default()
        },
        OutboxExportFormat::Json,
    )
    .unwrap();
    assert_eq!(json.records, 1);
    assert!(json.text.contains("\"ordering_key\": \"20240101000002\""));

    let audit = outbox_audit(&desk, Some(10)).unwrap();
    let actions: Vec<&str> = audit.iter().take(4).map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "outbox.resend",
            "outbox.cancel",
            "outbox.edit_payload",
            "outbox.import"
        ]
    );
    assert_eq!(audit[0].actor, "operator");

    // The journal knows both requests from the import.
    let hits = journal_search(
        &desk,
        JournalQuery {
            request_id: Some("20240101000001".into()),
            ..JournalQuery::default()
        },
    )
    .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].current_status.as_deref(), Some("S105"));
    let app = journal_application(&desk, hits[0].clone()).unwrap();
    assert_eq!(app.history.len(), 1);
    assert_eq!(app.outbox.len(), 1);
    let today = &app.hit.created_at[..10];
    let export = journal_export(
        &desk,
        JournalExportRequest {
            from_date: today.into(),
            to_date: today.into(),
            format: JournalExportFormat::Csv,
        },
    )
    .unwrap();
    assert_eq!(export.records, 2);
    assert_eq!(export.text.lines().count(), 3);
    let api7 = journal_export(
        &desk,
        JournalExportRequest {
            from_date: today.into(),
            to_date: today.into(),
            format: JournalExportFormat::Api7,
        },
    )
    .unwrap();
    assert_eq!((api7.text.trim(), api7.records), ("[]", 0));
}

/// `POST {base}{path}` with a JSON body over a plain socket; the answer's JSON body.
fn post(base: &str, path: &str, body: &str) -> serde_json::Value {
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (_, body) = answer.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_fail_the_run_then_resending_all_failed_delivers_everything() {
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let (_dir, desk) = desk();
    let info = kendra_sandbox::control::info_document(sandbox.shared());
    desk.profiles().import_sandbox(&info).unwrap();
    let base = sandbox.base_url().to_owned();

    // Two citizens arrive from the portal; the department validates their session keys.
    let mut requests = Vec::new();
    for _ in 0..2 {
        let base = base.clone();
        let applied = tokio::task::spawn_blocking(move || post(&base, "/_sandbox/isp/apply", "{}"))
            .await
            .unwrap();
        let key = applied["sessionkey"].as_str().unwrap().to_owned();
        let intake = outbox_isp_validate(&desk, "sandbox-isp".into(), key)
            .await
            .unwrap();
        assert!(intake.newly_recorded);
        requests.push(intake);
    }
    let bad_key = outbox_isp_validate(&desk, "sandbox-isp".into(), "  ".into()).await;
    assert_eq!(bad_key.unwrap_err().code, ErrorCode::InvalidInput);

    let mut text = format!("{HEADER}\n");
    for r in &requests {
        text.push_str(&format!(
            "{},{},{},INC/26/{},S105,under review,1,NA,2026-11-23 11:00:00\n",
            r.request_id,
            r.service_code,
            r.applicant_id,
            &r.request_id[8..]
        ));
    }
    assert_eq!(import(&desk, "sandbox-isp", text).queued.len(), 2);

    // The portal answers FAILED to every status: the run records the attempt and its class.
    let fault = sandbox.shared().faults.add(FaultSpec {
        endpoint: "/ispws/isp/v1/returnServiceStatus".into(),
        kind: FaultKind::Failed,
        times: None,
        fraction: None,
    });
    let mut ticks = Vec::new();
    let run = outbox_drain(&desk, |t| ticks.push(t)).await.unwrap();
    assert_eq!(
        (run.attempts, run.delivered, run.retry_scheduled),
        (2, 0, 2)
    );
    assert!(!run.stopped && run.next_due_at.is_some());
    assert_eq!(ticks.last().unwrap().attempts, 2);
    assert_eq!(ticks[0].pending_at_start, 2);
    let overview = outbox_overview(&desk, OutboxQuery::default()).unwrap();
    assert_eq!(
        overview.counts.by_failure_class,
        [OutboxCount {
            key: "peer_failed".into(),
            count: 2
        }]
    );
    let item = outbox_item(&desk, overview.rows[0].id.clone()).unwrap();
    assert_eq!(item.row.state, "retry_wait");
    let attempt = &item.attempts[0];
    assert_eq!(attempt.failure_class.as_deref(), Some("peer_failed"));
    let exchange = attempt.exchange.as_ref().expect("the attempt's exchange");
    assert_eq!(exchange.outcome, "FAILED");
    assert!(exchange
        .request_body
        .as_deref()
        .unwrap()
        .contains(&requests[0].request_id));
    assert!(
        exchange.response_body.is_some(),
        "the peer's answer is shown"
    );

    // Faults off; resend all failed; the next run delivers both.
    sandbox.shared().faults.remove(fault.id);
    assert_eq!(outbox_resend_all_failed(&desk).unwrap(), 2);
    let run = outbox_drain(&desk, |_| {}).await.unwrap();
    assert_eq!((run.delivered, run.held, run.retry_scheduled), (2, 0, 0));
    let overview = outbox_overview(&desk, OutboxQuery::default()).unwrap();
    let delivered = overview
        .counts
        .by_state
        .iter()
        .find(|c| c.key == "delivered")
        .unwrap();
    assert_eq!(delivered.count, 2);
    assert!(overview.counts.by_failure_class.is_empty());

    // The journal shows the application's history and both exchanges with the portal.
    let hits = journal_search(
        &desk,
        JournalQuery {
            request_id: Some(requests[0].request_id.clone()),
            ..JournalQuery::default()
        },
    )
    .unwrap();
    let app = journal_application(&desk, hits[0].clone()).unwrap();
    assert_eq!(app.history.last().unwrap().status_code, "S105");
    let outcomes: Vec<&str> = app
        .exchanges
        .iter()
        .filter(|e| e.endpoint.contains("returnServiceStatus"))
        .map(|e| e.outcome.as_str())
        .collect();
    assert_eq!(outcomes, ["FAILED", "SUCCESSFUL"], "{:?}", app.exchanges);
    assert!(
        app.exchanges
            .iter()
            .any(|e| e.endpoint.contains("getRequestValidated")),
        "the validation call names the request in its answer"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn a_stopped_run_ends_at_once_and_only_one_run_per_journal() {
    let (_dir, desk) = desk();
    let slot = outbox_drain::tests_support::take(desk.data_dir()).unwrap();
    let busy = outbox_drain(&desk, |_| {}).await.unwrap_err();
    assert!(busy.message.contains("already"), "{busy}");
    assert!(outbox_drain_stop(&desk));
    let never = std::future::pending::<()>();
    assert_eq!(outbox_drain::tests_support::run(never, &slot).await, None);
    drop(slot);
    assert!(!outbox_drain_stop(&desk));
    let run = outbox_drain(&desk, |_| {}).await.unwrap();
    assert_eq!((run.attempts, run.stopped), (0, false));
}
