use std::collections::BTreeSet;
use std::sync::Arc;

use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::{FailureClass, OutboxState};
use kendra_journal::{Actor, Journal, Peer};
use kendra_outbox::{queue_bsk_push, queue_isp_status, Error};
use serde_json::json;

use crate::{
    delivery, drain_until_empty, policy, submission, Fixture, BSK_V5_PROFILE, ISP_PROFILE,
};

const CODES: [&str; 4] = ["S104", "S105", "S106", "S112"];

fn operator() -> Actor {
    Actor::Operator("asha".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statuses_arrive_in_queue_order_through_faults_and_a_held_400_is_fixed_and_resent() {
    let fx = Fixture::start().await;
    let peers = &fx.peers;
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(
        Journal::open(dir.path())
            .unwrap()
            .with_citizen_key(&kendra_journal::CitizenKey::from_bytes([7; 32])),
    );
    let isp = peers.isp_client();
    let clients = Arc::new(peers.clients());

    // --- 1. several sessions, S104 → statuses → S112 each, queued interleaved ---------------
    let mut requests = Vec::new();
    for _ in 0..4 {
        requests.push(peers.new_request(&isp).await);
    }
    for code in CODES {
        for r in &requests {
            queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(r, code)).unwrap();
        }
    }
    // Refusals name the rule or the field; nothing is written.
    let r0 = &requests[0];
    let err =
        queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(r0, "S105")).unwrap_err();
    assert!(err.to_string().contains("Annexure A rule 2"), "{err}");
    let mut blank = delivery(r0, "S105");
    if let kendra_client::IspStatusDelivery::ServiceStatus(s) = &mut blank {
        s.pending_with_officer.clear();
    }
    let err = queue_isp_status(&journal, &operator(), ISP_PROFILE, &blank).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("pending_with_officer"), "{err}");
    let err = queue_isp_status(&journal, &operator(), "", &delivery(r0, "S105")).unwrap_err();
    assert!(matches!(err, Error::MissingProfile { .. }), "{err:?}");
    assert_eq!(
        journal.list_outbox(&OutboxFilter::default()).unwrap().len(),
        16
    );

    let mut ticks = Vec::new();
    let summary = kendra_outbox::drain(
        Arc::clone(&journal),
        Arc::clone(&clients),
        policy(50, None),
        4,
        |t| ticks.push(t),
    )
    .await
    .unwrap();
    assert_eq!((summary.delivered, summary.attempts), (16, 16));
    assert_eq!(ticks.len(), 16);
    assert_eq!(ticks[0].pending_at_start, 16);
    assert_eq!(ticks.last().unwrap().delivered, 16);
    let codes = peers.isp_codes().await;
    for r in &requests {
        assert_eq!(codes[&r.request_id], CODES, "{}", r.request_id);
    }
    // Every exchange journaled, the sign-in too (recorded before its attempt).
    let exchanges = journal
        .exchanges(Some(Peer::Isp), 0, i64::MAX, 1000)
        .unwrap();
    let endpoints: Vec<_> = exchanges
        .iter()
        .map(|e| e.record.endpoint.as_str())
        .collect();
    assert_eq!(
        endpoints.iter().filter(|e| **e == "authenticate").count(),
        1
    );
    assert_eq!(endpoints.len(), 17, "{endpoints:?}");
    assert!(exchanges
        .iter()
        .all(|e| e.record.profile.as_deref() == Some(ISP_PROFILE)));
    // The status history holds what was queued.
    let hits = journal
        .search(&kendra_journal::search::SearchQuery {
            request_id: Some(r0.request_id.clone()),
            ..Default::default()
        })
        .unwrap();
    let history = journal.status_history(hits[0].application_ref).unwrap();
    let recorded: Vec<_> = history.iter().map(|h| h.status_code.as_str()).collect();
    assert_eq!(recorded, CODES);

    // --- 2. faults on: every failure classified and retried later; faults off: all delivered -
    let mut faulted = Vec::new();
    for _ in 0..6 {
        faulted.push(peers.new_request(&isp).await);
    }
    for code in CODES {
        for r in &faulted {
            queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(r, code)).unwrap();
        }
    }
    let v1 = "/ispws/isp/v1";
    for (endpoint, kind) in [
        ("returnApplicationAcknowledgement", "http_500"),
        ("returnServiceStatus", "reset"),
        ("returnDeliveredServiceStatus", "failed"),
    ] {
        peers
            .fault(json!({ "endpoint": format!("{v1}/{endpoint}"), "kind": kind, "times": 1 }))
            .await;
    }
    // No random faults here: each request must reach S112 in the first drain for the `failed`
    // rule to fire (random faults are the crash test's business).
    let slow_retry = policy(400, None);
    let first = kendra_outbox::drain(
        Arc::clone(&journal),
        Arc::clone(&clients),
        slow_retry.clone(),
        4,
        |_| {},
    )
    .await
    .unwrap();
    assert!(first.retry_scheduled >= 3, "{first:?}");
    assert!(first.next_due_ms.unwrap() > journal.now_ms() - 1_000);
    let waiting = journal
        .list_outbox(&OutboxFilter {
            states: vec![OutboxState::RetryWait],
            ..OutboxFilter::default()
        })
        .unwrap();
    assert!(!waiting.is_empty());
    let mut classes = BTreeSet::new();
    for item in journal.list_outbox(&OutboxFilter::default()).unwrap() {
        for a in journal.outbox_attempts(item.id).unwrap() {
            if let Some(c) = a.failure_class {
                assert!(a.detail.as_deref().is_some_and(|d| !d.is_empty()));
                classes.insert(c);
            }
        }
    }
    for class in ["http_5xx", "network", "peer_failed"] {
        assert!(classes.contains(class), "{class} not seen in {classes:?}");
    }
    peers.clear_faults().await;
    drain_until_empty(&journal, &clients, &slow_retry, 4).await;
    let codes = peers.isp_codes().await;
    for r in &faulted {
        // None lost, none repeated: every injected fault struck before the portal accepted.
        assert_eq!(codes[&r.request_id], CODES, "{}", r.request_id);
    }
    let retried = journal
        .list_outbox(&OutboxFilter::default())
        .unwrap()
        .into_iter()
        .filter(|i| i.attempts > 1)
        .count();
    assert!(retried >= 3);

    // --- 3. a 400 waits for a human, who edits the payload and resends ---------------------
    let r = peers.new_request(&isp).await;
    queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(&r, "S104")).unwrap();
    drain_until_empty(&journal, &clients, &slow_retry, 4).await;
    peers
        .fault(json!({ "endpoint": format!("{v1}/returnServiceStatus"), "kind": "http_400", "times": 1 }))
        .await;
    let id = queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(&r, "S105")).unwrap();
    let err =
        queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(&r, "S104")).unwrap_err();
    assert!(err.to_string().contains("Annexure A rule 1"), "{err}");
    let s102 = queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(&r, "S102")).unwrap();
    let err =
        queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(&r, "S106")).unwrap_err();
    assert!(err.to_string().contains("Annexure A rule 4"), "{err}");
    journal
        .cancel(&operator(), s102, "queued by mistake")
        .unwrap();
    let summary = kendra_outbox::drain(
        Arc::clone(&journal),
        Arc::clone(&clients),
        slow_retry.clone(),
        4,
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(summary.held, 1);
    assert_eq!(
        summary.next_due_ms, None,
        "a held item is not retried by itself"
    );
    let held = journal.outbox_item(id).unwrap();
    assert_eq!(held.state, OutboxState::Held);
    assert_eq!(held.last_failure_class, Some(FailureClass::Http4xx));
    assert!(held.last_failure_detail.as_deref().unwrap().contains("400"));
    let mut fixed = held.payload.clone();
    fixed["remarks"] = json!("corrected by the admin");
    journal
        .edit_payload(&Actor::Operator("admin".into()), id, &fixed)
        .unwrap();
    drain_until_empty(&journal, &clients, &slow_retry, 4).await;
    let sent = journal.outbox_item(id).unwrap();
    assert_eq!(sent.state, OutboxState::Delivered);
    assert_eq!(journal.payload_history(id).unwrap(), vec![held.payload]);
    assert_eq!(peers.isp_codes().await[&r.request_id], ["S104", "S105"]);
    let last = journal.outbox_attempts(id).unwrap().pop().unwrap();
    let exchange = journal
        .exchanges(Some(Peer::Isp), 0, i64::MAX, 10_000)
        .unwrap()
        .into_iter()
        .find(|e| Some(e.id) == last.exchange_id)
        .unwrap();
    assert!(exchange
        .record
        .request_body
        .unwrap()
        .contains("corrected by the admin"));

    // --- 4. a crash after the portal accepted S104/S112 but before the journal knew ----------
    let r = peers.new_request(&isp).await;
    for code in ["S104", "S112"] {
        let id = queue_isp_status(&journal, &operator(), ISP_PROFILE, &delivery(&r, code)).unwrap();
        let claimed = journal.claim_due(100).unwrap();
        assert_eq!(claimed.iter().map(|i| i.id).collect::<Vec<_>>(), [id]);
        // The "killed" run got it to the portal, then died before recording the attempt.
        isp.deliver_status(&delivery(&r, code))
            .await
            .result
            .unwrap();
        let summary = kendra_outbox::drain(
            Arc::clone(&journal),
            Arc::clone(&clients),
            slow_retry.clone(),
            4,
            |_| {},
        )
        .await
        .unwrap();
        assert_eq!(
            (summary.recovered.clone(), summary.delivered),
            (vec![id], 1)
        );
        let item = journal.outbox_item(id).unwrap();
        assert!(item.possibly_delivered);
        assert_eq!(item.state, OutboxState::Delivered);
        let last = journal.outbox_attempts(id).unwrap().pop().unwrap();
        let exchange = journal
            .exchanges(Some(Peer::Isp), 0, i64::MAX, 10_000)
            .unwrap()
            .into_iter()
            .find(|e| Some(e.id) == last.exchange_id)
            .unwrap();
        assert_eq!(exchange.record.outcome, "already_received");
        assert!(exchange.record.response_body.unwrap().contains("already"));
    }
    assert_eq!(peers.isp_codes().await[&r.request_id], ["S104", "S112"]);

    // --- 5. BSK API-2: draft then final for one ticket, in order ---------------------------
    let draft = submission("9054233544", "20241210113005128", "AMD/001", 2);
    let mut final_push = draft.clone();
    final_push.application_status = 3;
    final_push.paid_amt = Some("200.00".into());
    final_push.dept_pay_ref_no = Some("23424423424".into());
    final_push.trans_no = Some("1234353435".into());
    final_push.bank_ref_no = Some("4653443656".into());
    queue_bsk_push(&journal, &operator(), BSK_V5_PROFILE, &draft).unwrap();
    queue_bsk_push(&journal, &operator(), BSK_V5_PROFILE, &final_push).unwrap();
    let mut bad = draft.clone();
    bad.userid = "12345".into();
    let err = queue_bsk_push(&journal, &operator(), BSK_V5_PROFILE, &bad).unwrap_err();
    assert!(err.to_string().contains("userid"), "{err}");
    drain_until_empty(&journal, &clients, &slow_retry, 4).await;
    let stats = peers.stats().await;
    let pushes = stats["bsk_pushes"]["9054233544/20241210113005128"]
        .as_array()
        .unwrap();
    assert_eq!(pushes.len(), 2, "{pushes:?}");
    assert_eq!(pushes[1]["paidAmt"], "200.00");
    let pending = journal
        .list_outbox(&OutboxFilter {
            states: vec![
                OutboxState::Queued,
                OutboxState::RetryWait,
                OutboxState::Held,
            ],
            ..OutboxFilter::default()
        })
        .unwrap();
    assert!(pending.is_empty(), "{pending:?}");
}
