use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::bulk_import::ImportFormat;
use kendra_journal::outbox::queue::{DeliveryOutcome, DeliveryReport};
use kendra_journal::outbox::retry_policy::RetryPolicy;
use kendra_journal::outbox::{FailureClass, OutboxState};
use kendra_journal::{Actor, Error};

use crate::{open, queue_status};

fn fail(class: FailureClass) -> DeliveryReport {
    DeliveryReport {
        outcome: DeliveryOutcome::Failed {
            class,
            detail: "statusMessage FAILED: applicant_id invalid".into(),
        },
        exchange: None,
        started_ms: 0,
        finished_ms: 1,
    }
}

#[test]
fn order_rules_are_checked_against_queued_items_and_name_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    queue_status(&j, "20240101000001", "S104").unwrap();
    let e = queue_status(&j, "20240101000001", "S104").unwrap_err();
    assert!(matches!(e, Error::OrderRule { .. }));
    assert!(e.to_string().contains("rule 1"), "{e}");
    let e = queue_status(&j, "20240101000002", "S112").unwrap_err();
    assert!(e.to_string().contains("S104 must come before S112"), "{e}");
    queue_status(&j, "20240101000001", "S109").unwrap();
    assert!(queue_status(&j, "20240101000001", "S105")
        .unwrap_err()
        .to_string()
        .contains("rule 3"));
    queue_status(&j, "20240101000001", "S114").unwrap();
    queue_status(&j, "20240101000001", "S112").unwrap();
    assert!(queue_status(&j, "20240101000001", "S113")
        .unwrap_err()
        .to_string()
        .contains("rule 2"));
    // A refused status leaves neither the history row nor the audit row behind.
    let hits = j
        .search(&kendra_journal::search::SearchQuery {
            request_id: Some("20240101000001".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(j.status_history(hits[0].application_ref).unwrap().len(), 4);
}

#[test]
fn held_items_are_resent_edited_or_cancelled_with_an_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    let a = queue_status(&j, "20240101000001", "S104").unwrap();
    let b = queue_status(&j, "20240101000001", "S105").unwrap();
    let claimed = j.claim_due(10).unwrap();
    assert_eq!(claimed.len(), 1, "one item per request at a time");
    j.record_attempt(
        &claimed[0],
        &fail(FailureClass::Http4xx),
        &RetryPolicy::default(),
    )
    .unwrap();
    let held = j
        .list_outbox(&OutboxFilter {
            states: vec![OutboxState::Held],
            failure_class: Some(FailureClass::Http4xx),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(held.iter().map(|i| i.id).collect::<Vec<_>>(), [a]);
    assert!(
        j.claim_due(10).unwrap().is_empty(),
        "a held head blocks its request"
    );

    let admin = Actor::Operator("Neha".into());
    let mut fixed = held[0].payload.clone();
    fixed["applicant_id"] = "AB12345678".into();
    let mut wrong = fixed.clone();
    wrong["status_code"] = "S105".into();
    assert!(matches!(
        j.edit_payload(&admin, a, &wrong),
        Err(Error::PayloadKeyChanged {
            field: "status_code",
            ..
        })
    ));
    j.edit_payload(&admin, a, &fixed).unwrap();
    assert_eq!(j.payload_history(a).unwrap().len(), 1);
    let item = j.outbox_item(a).unwrap();
    assert_eq!(item.state, OutboxState::Queued);
    assert_eq!(item.payload["applicant_id"], "AB12345678");
    assert_eq!(
        j.audit_log(Some(&format!("outbox:{a}")), 10).unwrap()[0].actor,
        "Neha"
    );

    let claimed = j.claim_due(10).unwrap();
    assert_eq!(claimed[0].id, a);
    let ok = DeliveryReport {
        outcome: DeliveryOutcome::Delivered,
        exchange: None,
        started_ms: 0,
        finished_ms: 1,
    };
    j.record_attempt(&claimed[0], &ok, &RetryPolicy::default())
        .unwrap();
    assert!(matches!(
        j.resend_now(&admin, &[a]),
        Err(Error::OutboxState { .. })
    ));
    assert!(matches!(
        j.cancel(&admin, a, "dup"),
        Err(Error::OutboxState { .. })
    ));

    j.cancel(&admin, b, "sent by hand on the portal").unwrap();
    assert_eq!(
        j.outbox_item(b).unwrap().cancel_reason.as_deref(),
        Some("sent by hand on the portal")
    );
    assert!(j.claim_due(10).unwrap().is_empty());
    // A cancelled status no longer counts for the order rules.
    queue_status(&j, "20240101000001", "S105").unwrap();

    let mut csv = Vec::new();
    j.export_outbox_csv(&OutboxFilter::default(), &mut csv)
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.contains("sent by hand on the portal"));
    let json: serde_json::Value =
        serde_json::from_str(&j.export_outbox_json(&OutboxFilter::default()).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(json[0]["state"], "delivered");
}

#[test]
fn resend_all_failed_makes_waiting_items_due_now() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    let a = queue_status(&j, "20240101000001", "S104").unwrap();
    let c = j.claim_due(1).unwrap();
    j.record_attempt(&c[0], &fail(FailureClass::Network), &RetryPolicy::default())
        .unwrap();
    assert_eq!(j.outbox_item(a).unwrap().state, OutboxState::RetryWait);
    assert!(j.claim_due(1).unwrap().is_empty(), "not due yet");
    assert_eq!(j.resend_all_failed(&Actor::Cli).unwrap(), 1);
    assert_eq!(j.claim_due(1).unwrap()[0].attempts, 2);
}

const GOOD_CSV: &str =
    "request_id,status_code,service_code,applicant_id,application_id,action_taken_time,remarks
20240101000001,S104,sc109,AB12345678,APP1,2024-01-0210:30:00,
20240101000001,S105,sc109,AB12345678,APP1,2024-01-02 11:00:00,forwarded
20240101000002,S104,sc109,AB12345679,APP2,2024-01-02 11:00:00,
";

#[test]
fn bulk_import_applies_all_rows_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    let bad_csv = format!("{GOOD_CSV}20240101000002,S104,sc109,AB12345679,APP2,2024-01-02 11:00:00,\n20240101000003,S999,sc109,,APP3,yesterday,\n");
    let e = j
        .import_isp_statuses(&Actor::Cli, "isp", ImportFormat::Csv, &bad_csv)
        .unwrap_err();
    let Error::ImportRejected { errors } = &e else {
        panic!("{e}")
    };
    assert_eq!(errors.iter().map(|e| e.row).collect::<Vec<_>>(), [4, 5]);
    assert!(errors[0].message.contains("rule 1"), "{}", errors[0]);
    assert!(errors[1].message.contains("applicant_id is blank"));
    assert!(errors[1].message.contains("S999"));
    assert!(errors[1].message.contains("action_taken_time"));
    assert!(
        j.list_outbox(&OutboxFilter::default()).unwrap().is_empty(),
        "nothing partially applied"
    );
    assert!(j.search(&Default::default()).unwrap().is_empty());

    let report = j
        .import_isp_statuses(&Actor::Cli, "isp", ImportFormat::Csv, GOOD_CSV)
        .unwrap();
    assert_eq!(report.item_ids.len(), 3);
    let json = r#"[{"request_id":"20240101000002","status_code":"S105","service_code":"sc109",
        "applicant_id":"AB12345679","application_id":"APP2","action_taken_time":"2024-01-03 09:00:00"},
        {"request_id":20240101000003,"status_code":"S104"}, "x"]"#;
    let Error::ImportRejected { errors } = j
        .import_isp_statuses(&Actor::Cli, "isp", ImportFormat::Json, json)
        .unwrap_err()
    else {
        panic!()
    };
    assert_eq!(errors.len(), 2);
    assert!(errors[0].message.contains("must be a string"));
    assert_eq!(j.list_outbox(&OutboxFilter::default()).unwrap().len(), 3);
}
