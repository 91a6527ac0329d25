//! The department side of UP ISP against the sandbox: session key → validate → common details →
//! S104 … S112 through the outbox → redirect link; a token expiring mid-session; the portal's
//! FAILED and a network fault ending in the outbox, not lost.

use std::collections::BTreeMap;
use std::sync::Arc;

use kendra_client::{Acknowledgement, DeliveredStatus, IspStatusDelivery, ServiceStatus};
use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::retry_policy::RetryPolicy;
use kendra_journal::outbox::OutboxState;
use kendra_journal::{Actor, CitizenKey, Journal, Peer};
use kendra_outbox::{queue_isp_status, DrainSummary, PeerClients};
use kendra_workflows::isp_department::{
    redirect_link, IspDepartment, RedirectOutcome, ValidatedApplication,
};
use kendra_workflows::Error;
use serde_json::json;

use crate::sandbox_fixture::SandboxDesk;

const PROFILE: &str = "sandbox-isp";

async fn session_key(desk: &SandboxDesk) -> String {
    let applied = desk.control("/_sandbox/isp/apply", json!({})).await;
    applied["sessionkey"].as_str().unwrap().to_owned()
}

fn delivery(request: &ValidatedApplication, code: &str) -> IspStatusDelivery {
    let time = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(11, 0, 0)
        .unwrap();
    let application_id = format!("INC/2026/{}", &request.request_id[8..]);
    match code {
        "S104" => IspStatusDelivery::Acknowledgement(Acknowledgement {
            request_id: request.request_id.clone(),
            applicant_id: request.applicant_id.clone(),
            service_code: request.service_code.clone(),
            application_id,
            application_url: String::new(),
            status_code: "S104".into(),
            remarks: String::new(),
            pendency_level: "1".into(),
            pending_with_officer: "NA".into(),
            action_taken_time: time,
            selected_district_for_processing_application: "162".into(),
            designated_code: "D101".into(),
            designated_location_code: "1623".into(),
            designated_target_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            first_appellate_code: "D201".into(),
            first_appellate_location_code: "162".into(),
            first_appellate_days: "25".into(),
            second_appellate_code: "D301".into(),
            second_appellate_location_code: "162".into(),
            second_appellate_days: "25".into(),
            dummy_fields: BTreeMap::new(),
        }),
        "S112" => IspStatusDelivery::Delivered(DeliveredStatus {
            request_id: request.request_id.clone(),
            applicant_id: request.applicant_id.clone(),
            service_code: request.service_code.clone(),
            application_id,
            certificate_url: String::new(),
            certificate_no: "IC/LKO/2026/000917".into(),
            status_code: "S112".into(),
            action_taken_time: time,
            dbt_amount: None,
            remarks: String::new(),
            certificate_expiry_date: "999999".into(),
            dummy_fields: BTreeMap::new(),
        }),
        other => IspStatusDelivery::ServiceStatus(ServiceStatus {
            request_id: request.request_id.clone(),
            service_code: request.service_code.clone(),
            applicant_id: request.applicant_id.clone(),
            application_id,
            status_code: other.into(),
            remarks: "तहसीलदार को भेजा गया".into(),
            pendency_level: "1".into(),
            pending_with_officer: "Rajesh Verma, Tehsildar".into(),
            action_taken_time: time,
            dummy_fields: BTreeMap::new(),
        }),
    }
}

/// One drain run over a second handle on the same journal file, as `kendra outbox drain` does.
async fn drain(desk: &SandboxDesk) -> DrainSummary {
    let journal = Arc::new(
        Journal::open(desk.dir.path())
            .unwrap()
            .with_citizen_key(&CitizenKey::from_bytes([3; 32])),
    );
    let clients = Arc::new(
        PeerClients::new().with_isp(PROFILE, desk.profiles().isp_client(PROFILE).unwrap()),
    );
    kendra_outbox::drain(journal, clients, RetryPolicy::default(), 1, |_| {})
        .await
        .unwrap()
}

#[tokio::test]
async fn validate_details_statuses_and_redirect() {
    let desk = SandboxDesk::start().await;
    let client = desk.profiles().isp_client(PROFILE).unwrap();
    let department = IspDepartment::new(&desk.journal, Actor::Cli, PROFILE, &client);

    let key = session_key(&desk).await;
    let validated = department.validate(&key).await.unwrap();
    assert!(validated.newly_recorded);
    assert_eq!(validated.request_id.len(), 14);
    assert_eq!(validated.service_code, "10101");

    let details = department.details(&validated.request_id).await.unwrap();
    assert_eq!(
        details.applicant_id.as_deref(),
        Some(validated.applicant_id.as_str())
    );
    assert!(details.name_hindi.is_some(), "Hindi name shown");
    let gender = details.fields.iter().find(|f| f.name == "gender").unwrap();
    assert!(
        gender.meaning.is_some(),
        "gender code explained: {gender:?}"
    );
    assert!(
        details.fields.len() >= 70,
        "{} fields",
        details.fields.len()
    );
    // The applicant's personal fields are kept, encrypted, with the request.
    let hits = desk
        .journal
        .search(&kendra_journal::search::SearchQuery {
            request_id: Some(validated.request_id.clone()),
            limit: 5,
            ..Default::default()
        })
        .unwrap();
    let citizen = desk
        .journal
        .citizen_of(hits[0].application_ref)
        .unwrap()
        .unwrap();
    assert!(citizen.mobile.is_some() && citizen.name.is_some());

    // Validating the same session again (the citizen reloaded the page) records nothing twice.
    let again = department.validate(&key).await;
    if let Ok(again) = again {
        assert!(!again.newly_recorded);
    }

    // S104 → S105 → S112 through the outbox, in order.
    for code in ["S104", "S105", "S112"] {
        queue_isp_status(
            &desk.journal,
            &Actor::Cli,
            PROFILE,
            &delivery(&validated, code),
        )
        .unwrap();
    }
    let summary = drain(&desk).await;
    assert_eq!(summary.delivered, 3, "{summary:?}");

    let link = redirect_link(
        &desk.base(),
        &key,
        RedirectOutcome::Success,
        "आवेदन स्वीकार: APP-7731 & शुल्क = 0",
    )
    .unwrap();
    assert!(link.contains("/getMessageFromDepartment?sessionkey="));
    assert!(link.contains("return_success_or_failed=SUCCESS"));
    assert!(!link.contains(' ') && !link.contains("& "));

    // Every call is in the journal, bodies readable with the key.
    let exchanges = desk
        .journal
        .exchanges(Some(Peer::Isp), 0, i64::MAX, 100)
        .unwrap();
    let endpoints: Vec<&str> = exchanges
        .iter()
        .map(|e| e.record.endpoint.as_str())
        .collect();
    assert!(
        endpoints.contains(&"getRequestValidatedAndRequestID"),
        "{endpoints:?}"
    );
    assert!(
        endpoints.contains(&"getApplicantCommonDetails"),
        "{endpoints:?}"
    );
    let details_exchange = exchanges
        .iter()
        .find(|e| e.record.endpoint == "getApplicantCommonDetails")
        .unwrap();
    assert!(details_exchange
        .record
        .response_body
        .as_deref()
        .unwrap()
        .contains("applicant_id"));
}

#[tokio::test]
async fn a_token_expiring_mid_session_is_renewed_once_transparently() {
    let desk = SandboxDesk::start().await;
    let client = desk.profiles().isp_client(PROFILE).unwrap();
    let department = IspDepartment::new(&desk.journal, Actor::Cli, PROFILE, &client);
    let validated = department
        .validate(&session_key(&desk).await)
        .await
        .unwrap();
    // The portal's clock passes the token's 60 minutes; Kendra's does not notice.
    desk.control("/_sandbox/clock", json!({"advance_secs": 3601}))
        .await;
    department.details(&validated.request_id).await.unwrap();
    let exchanges = desk
        .journal
        .exchanges(Some(Peer::Isp), 0, i64::MAX, 100)
        .unwrap();
    let seen: Vec<(&str, Option<u16>)> = exchanges
        .iter()
        .map(|e| (e.record.endpoint.as_str(), e.record.http_status))
        .collect();
    assert_eq!(
        &seen[seen.len() - 3..],
        [
            ("getApplicantCommonDetails", Some(401)),
            ("authenticate", Some(200)),
            ("getApplicantCommonDetails", Some(200)),
        ]
    );
    assert_eq!(seen.iter().filter(|(e, _)| *e == "authenticate").count(), 2);
}

#[tokio::test]
async fn refusals_and_bad_input_are_plain_sentences() {
    let desk = SandboxDesk::start().await;
    let client = desk.profiles().isp_client(PROFILE).unwrap();
    let department = IspDepartment::new(&desk.journal, Actor::Cli, PROFILE, &client);
    let err = department.validate("  ").await.unwrap_err();
    assert!(matches!(err, Error::Input { .. }), "{err}");
    let err = department.details("REQ-1").await.unwrap_err();
    assert!(err.to_string().starts_with("request_id:"), "{err}");
    // An unknown session key: the portal's own words, with the detail kept.
    let err = department.validate("NoSuchKey123").await.unwrap_err();
    assert!(matches!(err, Error::Client(_)), "{err:?}");
    assert!(err.detail().is_some());
    // The failed call is journaled too.
    let exchanges = desk
        .journal
        .exchanges(Some(Peer::Isp), 0, i64::MAX, 100)
        .unwrap();
    assert!(exchanges.iter().any(|e| e.record.outcome == "FAILED"));
}

#[tokio::test]
async fn portal_failed_and_a_network_fault_end_in_the_outbox_not_lost() {
    let desk = SandboxDesk::start().await;
    let client = desk.profiles().isp_client(PROFILE).unwrap();
    let department = IspDepartment::new(&desk.journal, Actor::Cli, PROFILE, &client);
    let validated = department
        .validate(&session_key(&desk).await)
        .await
        .unwrap();
    let ack = delivery(&validated, "S104");
    queue_isp_status(&desk.journal, &Actor::Cli, PROFILE, &ack).unwrap();

    for (fault, class) in [
        (
            json!({"endpoint": "/ispws/isp/v1/returnApplicationAcknowledgement", "kind": "failed", "times": 1}),
            "peer_failed",
        ),
        (
            json!({"endpoint": "/ispws/isp/v1/returnApplicationAcknowledgement", "kind": "reset", "times": 1}),
            "network",
        ),
    ] {
        desk.control("/_sandbox/faults", fault).await;
        let summary = drain(&desk).await;
        assert_eq!(summary.delivered, 0, "{summary:?}");
        let items = desk.journal.list_outbox(&OutboxFilter::default()).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].last_failure_class.map(|c| c.as_str()), Some(class));
        assert_ne!(items[0].state, OutboxState::Delivered);
        desk.journal
            .resend_now(&Actor::Cli, &[items[0].id])
            .unwrap();
    }
    let summary = drain(&desk).await;
    assert_eq!(summary.delivered, 1);
    let attempts = desk
        .journal
        .outbox_attempts(desk.journal.list_outbox(&OutboxFilter::default()).unwrap()[0].id);
    assert_eq!(
        attempts.unwrap().len(),
        3,
        "both failures kept in the history"
    );
}
