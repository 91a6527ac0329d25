//! kendra-outbox against the real sandbox: ordered delivery through faults and a held 400, a
//! crash test that kills a drainer child process with SIGKILL, and a leak scan.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod crash;
mod flow;
mod leaks;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use kendra_client::{
    Acknowledgement, Api2Submission, BskClient, BskSecrets, BskSettings, BskTransport,
    DeliveredStatus, IspClient, IspSecrets, IspSettings, IspStatusDelivery, ServiceStatus,
    SessionKeyValidation, ValidatedRequest,
};
use kendra_journal::outbox::retry_policy::{Backoff, ClassPolicy, RetryPolicy};
use kendra_journal::outbox::FailureClass;
use kendra_journal::Journal;
use kendra_outbox::{DrainSummary, PeerClients};
use secrecy::SecretString;
use serde_json::{json, Value};

pub const ISP_PROFILE: &str = "isp-main";
pub const BSK_V5_PROFILE: &str = "bsk-v5";
pub const BSK_V4_PROFILE: &str = "bsk-v4";

/// The sandbox's peers as seen over HTTP (the sandbox may live in another process).
pub struct Peers {
    pub base: String,
    pub info: Value,
    http: reqwest::Client,
}

impl Peers {
    pub async fn at(base: &str) -> Self {
        let http = reqwest::Client::new();
        let info = http
            .get(format!("{base}/_sandbox/info"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Self {
            base: base.to_owned(),
            info,
            http,
        }
    }

    pub fn text(&self, pointer: &str) -> String {
        self.info
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("info has no {pointer}"))
            .to_owned()
    }

    pub fn isp_client(&self) -> IspClient {
        IspClient::new(
            IspSettings::new(&self.base, self.text("/isp/dept_id")),
            IspSecrets {
                password: SecretString::from(self.text("/isp/password")),
                secret_key: SecretString::from(self.text("/isp/secret_key")),
            },
        )
        .unwrap()
    }

    pub fn bsk_client(&self, transport: BskTransport) -> BskClient {
        let s = |p: &str| Some(SecretString::from(self.text(p)));
        BskClient::new(
            BskSettings::new(
                format!("{}/bsk/portal/api-2/submission", self.base),
                transport,
            ),
            BskSecrets {
                key: s("/bsk/key"),
                iv: s("/bsk/iv"),
                passcode: s("/bsk/passcode"),
                jwt_secret: s("/bsk/jwt_secret"),
            },
        )
        .unwrap()
    }

    /// The registry a caller builds from its profiles.
    pub fn clients(&self) -> PeerClients {
        PeerClients::new()
            .with_isp(ISP_PROFILE, self.isp_client())
            .with_bsk(BSK_V5_PROFILE, self.bsk_client(BskTransport::V5Form))
            .with_bsk(BSK_V4_PROFILE, self.bsk_client(BskTransport::V4Jwt))
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.json().await.unwrap_or(Value::Null)
    }

    pub async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn fault(&self, fault: Value) {
        self.post("/_sandbox/faults", fault).await;
    }

    pub async fn clear_faults(&self) {
        self.http
            .delete(format!("{}/_sandbox/faults", self.base))
            .send()
            .await
            .unwrap();
    }

    pub async fn stats(&self) -> Value {
        self.get("/_sandbox/stats").await
    }

    /// The codes the portal accepted for a request, in order.
    pub async fn isp_codes(&self) -> BTreeMap<String, Vec<String>> {
        serde_json::from_value(self.stats().await["isp_statuses"].clone()).unwrap()
    }

    /// A citizen applies and the department validates the session key: a fresh request_id.
    pub async fn new_request(&self, client: &IspClient) -> ValidatedRequest {
        let applied = self.post("/_sandbox/isp/apply", json!({})).await;
        let sessionkey = applied["sessionkey"].as_str().unwrap().to_owned();
        client
            .validate_session_key(&SessionKeyValidation { sessionkey })
            .await
            .into_result()
            .unwrap()
    }
}

pub struct Fixture {
    pub sandbox: kendra_sandbox::RunningSandbox,
    pub peers: Peers,
}

impl Fixture {
    pub async fn start() -> Self {
        let sandbox =
            kendra_sandbox::RunningSandbox::start(kendra_sandbox::SandboxConfig::default())
                .await
                .unwrap();
        let peers = Peers::at(sandbox.base_url()).await;
        Self { sandbox, peers }
    }
}

pub fn time(text: &str) -> chrono::NaiveDateTime {
    kendra_client::isp_requests::parse_action_time(text).unwrap()
}

/// The delivery of `code` for a request, with the fields the portal checks.
pub fn delivery(request: &ValidatedRequest, code: &str) -> IspStatusDelivery {
    let application_id = format!("REV/2024/{}", &request.request_id[8..]);
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
            action_taken_time: time("2024-05-01 10:15:00"),
            selected_district_for_processing_application: "162".into(),
            designated_code: "D101".into(),
            designated_location_code: "1623".into(),
            designated_target_date: chrono::NaiveDate::from_ymd_opt(2024, 5, 15).unwrap(),
            first_appellate_code: "D201".into(),
            first_appellate_location_code: "162".into(),
            first_appellate_days: "25".into(),
            second_appellate_code: "D301".into(),
            second_appellate_location_code: "162".into(),
            second_appellate_days: "25".into(),
            dummy_fields: BTreeMap::from([("d1".to_owned(), "NA".to_owned())]),
        }),
        "S112" => IspStatusDelivery::Delivered(DeliveredStatus {
            request_id: request.request_id.clone(),
            applicant_id: request.applicant_id.clone(),
            service_code: request.service_code.clone(),
            application_id,
            certificate_url: "http://example.invalid/cert.pdf".into(),
            certificate_no: "IC/LKO/2024/000917".into(),
            status_code: "S112".into(),
            action_taken_time: time("2024-05-03 16:00:00"),
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
            remarks: "जाँच पूरी".into(),
            pendency_level: "1".into(),
            pending_with_officer: "Rajesh Verma, Tehsildar".into(),
            action_taken_time: time("2024-05-02 11:20:00"),
            dummy_fields: BTreeMap::new(),
        }),
    }
}

/// An API-2 push for one of the sandbox's open tickets.
pub fn submission(userid: &str, ticket: &str, service: &str, status: u8) -> Api2Submission {
    Api2Submission {
        userid: userid.into(),
        ticket_no: ticket.into(),
        service_code: service.into(),
        app_no: format!("{}/2024/5521", service.replace('/', "")),
        app_sub_time: chrono::NaiveDateTime::parse_from_str("20241210120512", "%Y%m%d%H%M%S")
            .unwrap(),
        application_status: status,
        paid_amt: None,
        dept_pay_ref_no: None,
        trans_no: None,
        bank_ref_no: None,
    }
}

fn backoff(initial_ms: u64, max_attempts: Option<u32>) -> ClassPolicy {
    ClassPolicy::Backoff(Backoff {
        initial_ms,
        max_ms: initial_ms * 4,
        multiplier: 2.0,
        jitter: 0.2,
        max_attempts,
    })
}

/// Every transient class (and the peer's `FAILED`) retried after `initial_ms`, doubling; a 4xx
/// and a local validation failure held for a human.
pub fn policy(initial_ms: u64, peer_failed_max: Option<u32>) -> RetryPolicy {
    RetryPolicy::default()
        .with(FailureClass::Network, backoff(initial_ms, None))
        .with(FailureClass::Timeout, backoff(initial_ms, None))
        .with(FailureClass::Http5xx, backoff(initial_ms, None))
        .with(
            FailureClass::PeerFailed,
            backoff(initial_ms, peer_failed_max),
        )
}

/// Drains until nothing is waiting for a retry (held items stay held).
pub async fn drain_until_empty(
    journal: &Arc<Journal>,
    clients: &Arc<PeerClients>,
    policy: &RetryPolicy,
    concurrency: usize,
) -> Vec<DrainSummary> {
    let mut runs = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    loop {
        let summary = kendra_outbox::drain(
            Arc::clone(journal),
            Arc::clone(clients),
            policy.clone(),
            concurrency,
            |_| {},
        )
        .await
        .unwrap();
        let next = summary.next_due_ms;
        runs.push(summary);
        let Some(next) = next else { break };
        assert!(
            std::time::Instant::now() < deadline,
            "the outbox never emptied"
        );
        let wait = (next - journal.now_ms()).clamp(1, 5_000);
        tokio::time::sleep(Duration::from_millis(wait as u64)).await;
    }
    runs
}
