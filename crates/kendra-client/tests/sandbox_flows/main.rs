//! kendra-client against the real sandbox: the ISP flow, token renewal, BSK API-2 in both
//! transports, every fault mode classified, the size limit, and a scan for leaked secrets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bsk_push;
mod fault_classes;
mod isp_flow;
mod secret_leaks;

use std::collections::BTreeMap;

use kendra_client::{
    Acknowledgement, Api2Submission, BskClient, BskSecrets, BskSettings, BskTransport,
    DeliveredStatus, IspClient, IspSecrets, IspSettings, ServiceStatus, ValidatedRequest,
};
use kendra_sandbox::{RunningSandbox, SandboxConfig};
use secrecy::SecretString;
use serde_json::{json, Value};

pub struct Fixture {
    pub sandbox: RunningSandbox,
    pub info: Value,
    http: reqwest::Client,
}

impl Fixture {
    pub async fn start() -> Self {
        let sandbox = RunningSandbox::start(SandboxConfig::default())
            .await
            .unwrap();
        let info = kendra_sandbox::control::info_document(sandbox.shared());
        Self {
            sandbox,
            info,
            http: reqwest::Client::new(),
        }
    }

    pub fn base(&self) -> String {
        self.sandbox.base_url().to_owned()
    }

    pub fn info_text(&self, pointer: &str) -> String {
        self.info
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("info has no {pointer}"))
            .to_owned()
    }

    pub fn isp_settings(&self) -> IspSettings {
        IspSettings::new(self.base(), self.info_text("/isp/dept_id"))
    }

    pub fn isp_secrets(&self) -> IspSecrets {
        IspSecrets {
            password: SecretString::from(self.info_text("/isp/password")),
            secret_key: SecretString::from(self.info_text("/isp/secret_key")),
        }
    }

    pub fn isp_client(&self) -> IspClient {
        IspClient::new(self.isp_settings(), self.isp_secrets()).unwrap()
    }

    pub fn isp_client_with(&self, change: impl FnOnce(&mut IspSettings)) -> IspClient {
        let mut settings = self.isp_settings();
        change(&mut settings);
        IspClient::new(settings, self.isp_secrets()).unwrap()
    }

    pub fn bsk_secrets(&self) -> BskSecrets {
        let s = |p: &str| Some(SecretString::from(self.info_text(p)));
        BskSecrets {
            key: s("/bsk/key"),
            iv: s("/bsk/iv"),
            passcode: s("/bsk/passcode"),
            jwt_secret: s("/bsk/jwt_secret"),
        }
    }

    pub fn bsk_client_with(
        &self,
        transport: BskTransport,
        change: impl FnOnce(&mut BskSettings),
    ) -> BskClient {
        let mut settings = BskSettings::new(
            format!("{}/bsk/portal/api-2/submission", self.base()),
            transport,
        );
        change(&mut settings);
        BskClient::new(settings, self.bsk_secrets()).unwrap()
    }

    pub fn every_secret(&self) -> Vec<String> {
        [
            "/isp/password",
            "/isp/secret_key",
            "/bsk/key",
            "/bsk/iv",
            "/bsk/passcode",
            "/bsk/jwt_secret",
        ]
        .iter()
        .map(|p| self.info_text(p))
        .collect()
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.base()))
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
            .get(format!("{}{path}", self.base()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A citizen clicks "apply": a fresh session key.
    pub async fn apply(&self) -> String {
        let answer = self.post("/_sandbox/isp/apply", json!({})).await;
        answer["sessionkey"].as_str().unwrap().to_owned()
    }

    pub async fn fault(&self, fault: Value) {
        self.post("/_sandbox/faults", fault).await;
    }

    pub async fn advance_clock(&self, seconds: i64) {
        self.post("/_sandbox/clock", json!({ "advance_secs": seconds }))
            .await;
    }

    /// apply → validate: a request ready for statuses.
    pub async fn validated_request(&self, client: &IspClient) -> ValidatedRequest {
        let sessionkey = self.apply().await;
        client
            .validate_session_key(&kendra_client::SessionKeyValidation { sessionkey })
            .await
            .into_result()
            .unwrap()
    }
}

pub fn time(text: &str) -> chrono::NaiveDateTime {
    kendra_client::isp_requests::parse_action_time(text).unwrap()
}

pub fn acknowledgement(request: &ValidatedRequest) -> Acknowledgement {
    Acknowledgement {
        request_id: request.request_id.clone(),
        applicant_id: request.applicant_id.clone(),
        service_code: request.service_code.clone(),
        application_id: "REV/2024/000123".into(),
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
    }
}

pub fn status(request: &ValidatedRequest, code: &str) -> ServiceStatus {
    ServiceStatus {
        request_id: request.request_id.clone(),
        service_code: request.service_code.clone(),
        applicant_id: request.applicant_id.clone(),
        application_id: "REV/2024/000123".into(),
        status_code: code.into(),
        remarks: "जाँच पूरी".into(),
        pendency_level: "1".into(),
        pending_with_officer: "Rajesh Verma, Tehsildar".into(),
        action_taken_time: time("2024-05-02 11:20:00"),
        dummy_fields: BTreeMap::new(),
    }
}

pub fn delivered(request: &ValidatedRequest) -> DeliveredStatus {
    DeliveredStatus {
        request_id: request.request_id.clone(),
        applicant_id: request.applicant_id.clone(),
        service_code: request.service_code.clone(),
        application_id: "REV/2024/000123".into(),
        certificate_url: "http://example.invalid/cert.pdf".into(),
        certificate_no: "IC/LKO/2024/000917".into(),
        status_code: "S112".into(),
        action_taken_time: time("2024-05-03 16:00:00"),
        dbt_amount: None,
        remarks: String::new(),
        certificate_expiry_date: "999999".into(),
        dummy_fields: BTreeMap::new(),
    }
}

/// The sandbox's open tickets waiting for an API-2 push.
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
