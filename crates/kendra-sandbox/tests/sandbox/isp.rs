//! The UP ISP portal, driven through kendra-wire's ISP envelope and answer types.

use std::sync::Arc;

use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::field_names::{known, TolerantObject};
use kendra_wire::isp::{derive_key, IspAnswer, IspKeyCache, IspOutcome, IspRequest, IspVariant};
use kendra_wire::jwt_hs256;
use serde_json::{json, Value};

use crate::support::TestSandbox;

const VALIDATE: &str = "/ispws/isp/v1/getRequestValidatedAndRequestID";
const DETAILS: &str = "/ispws/isp/v1/getApplicantCommonDetails";
const ACK: &str = "/ispws/isp/v1/returnApplicationAcknowledgement";
const STATUS: &str = "/ispws/isp/v1/returnServiceStatus";
const DELIVERED: &str = "/ispws/isp/v1/returnDeliveredServiceStatus";

struct Portal {
    t: TestSandbox,
    key: Arc<AesCbcKey>,
    dept_id: String,
    token: String,
}

/// A request the department has validated.
struct Req {
    request_id: String,
    applicant_id: String,
    service_code: String,
}

impl Portal {
    async fn start() -> Self {
        let t = TestSandbox::start().await;
        let isp = &t.info["isp"];
        let dept_id = isp["dept_id"].as_str().unwrap().to_owned();
        let key = IspKeyCache::global()
            .get(
                isp["secret_key"].as_str().unwrap().as_bytes(),
                IspVariant::Canonical,
            )
            .unwrap();
        let token = login(&t).await;
        Self {
            t,
            key,
            dept_id,
            token,
        }
    }

    /// Seals `payload`, posts it with the bearer token, opens the answer.
    async fn call(&self, path: &str, payload: &Value) -> (u16, IspAnswer) {
        let request = IspRequest::seal(&self.dept_id, &payload.to_string(), &self.key);
        self.send(path, &request.to_json(), Some(&self.token)).await
    }

    async fn send(&self, path: &str, body: &str, token: Option<&str>) -> (u16, IspAnswer) {
        let mut r = self
            .t
            .http
            .post(self.t.url(path))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(token) = token {
            r = r.bearer_auth(token);
        }
        let response = r.send().await.unwrap();
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap();
        let answer = IspAnswer::open(&bytes, Some(&self.key))
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&bytes)));
        (status, answer)
    }

    async fn apply(&self, body: Value) -> String {
        let r = self.t.post_json("/_sandbox/isp/apply", &body).await;
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        v["sessionkey"].as_str().unwrap().to_owned()
    }

    async fn validated(&self, service_code: Option<&str>) -> Req {
        let sessionkey = self.apply(json!({ "service_code": service_code })).await;
        let (status, a) = self
            .call(VALIDATE, &json!({ "sessionkey": sessionkey }))
            .await;
        assert_eq!(
            (status, &a.outcome),
            (200, &IspOutcome::Successful),
            "{a:?}"
        );
        let data: Value = serde_json::from_str(a.data.as_deref().unwrap()).unwrap();
        Req {
            request_id: data["request_id"].as_str().unwrap().to_owned(),
            applicant_id: data["applicant_id"].as_str().unwrap().to_owned(),
            service_code: data["service_code"].as_str().unwrap().to_owned(),
        }
    }

    async fn push(&self, r: &Req, code: &str, extra: Value) -> IspAnswer {
        let (path, mut body) = match code {
            "S104" => (ACK, ack_body(r)),
            "S112" => (DELIVERED, delivered_body(r)),
            _ => (STATUS, status_body(r, code)),
        };
        merge(&mut body, extra);
        let (status, a) = self.call(path, &body).await;
        assert_eq!(status, 200);
        a
    }
}

async fn login(t: &TestSandbox) -> String {
    let isp = &t.info["isp"];
    let r = t
        .post_json(
            "/ispws/authenticate",
            &json!({"username": isp["dept_id"], "password": isp["password"]}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let a = IspAnswer::open(&r.bytes().await.unwrap(), None).unwrap();
    assert_eq!(a.outcome, IspOutcome::Successful);
    assert_eq!(a.error, "");
    a.token.unwrap()
}

fn merge(body: &mut Value, extra: Value) {
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
}

fn status_body(r: &Req, code: &str) -> Value {
    json!({
        "request_id": r.request_id, "service_code": r.service_code, "applicant_id": r.applicant_id,
        "application_id": "REV/2024/000123", "status_code": code,
        "remarks": "तहसील स्तर पर जाँच हेतु अग्रसारित", "pendency_level": "1",
        "pending_with_officer": "Rajesh Verma, Tehsildar", "action_taken_time": "2024-05-02 11:20:00",
        "d1": "9415000001",
    })
}

fn ack_body(r: &Req) -> Value {
    json!({
        "request_id": r.request_id, "applicant_id": r.applicant_id, "service_code": r.service_code,
        "application_id": "REV/2024/000123", "application_url": "http://dept.example/app/123.pdf",
        "status_code": "S104", "remarks": "", "pendency_level": "1", "pending_with_officer": "NA",
        "action_taken_time": "2024-05-0110:15:00",
        "selected_district_for_processing_application": "162", "designated_code": "D101",
        "designated_location_code": "1623", "designated_target_date": "2024-05-15",
        "first_appellate_code": "D201", "first_appellate_location_code": "162",
        "first_appellate_days": "25", "second_appellate_code": "D301",
        "second_appellate_location_code": "162", "second_appellate_days": "25", "d1": "NA",
    })
}

fn delivered_body(r: &Req) -> Value {
    json!({
        "request_id": r.request_id, "applicant_id": r.applicant_id, "service_code": r.service_code,
        "application_id": "REV/2024/000123", "certificate_url": "https://dept.example/cert/123.pdf",
        "certificate_no": "IC/162/2024/0456", "status_code": "S112",
        "action_taken_time": "2024-05-1016:00:00", "remarks": "Certificate issued",
        "certificate_expiry_date": "2025-05-09",
    })
}

#[tokio::test]
async fn authenticate_issues_a_60_minute_token_and_answers_the_manuals_failure() {
    let t = TestSandbox::start().await;
    let token = login(&t).await;
    let isp = &t.info["isp"];
    let secret =
        jwt_hs256::Hs256Secret::new("jwt", isp["jwt_secret"].as_str().unwrap().as_bytes()).unwrap();
    let claims = jwt_hs256::verify(&token, &secret).unwrap();
    assert_eq!(claims["sub"], isp["dept_id"]);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3600
    );

    for body in [
        json!({"username": isp["dept_id"], "password": "wrong"}),
        json!({"username": "UPXXX0001", "password": isp["password"]}),
        json!({"username": isp["dept_id"]}),
    ] {
        let r = t.post_json("/ispws/authenticate", &body).await;
        assert_eq!(r.status(), 400);
        let v: Value = r.json().await.unwrap();
        assert_eq!(
            v["error"],
            "To generate token valid user Name and password is required"
        );
        assert_eq!(v["statusMessage"], "FAILED");
        assert_eq!(v["data"], Value::Null);
        let ts = v["timestamp"].as_str().unwrap();
        assert!(
            chrono::NaiveDateTime::parse_from_str(ts, "%d-%m-%Y %H:%M:%S").is_ok(),
            "{ts}"
        );
    }
}

#[tokio::test]
async fn every_service_needs_a_live_bearer_token() {
    let p = Portal::start().await;
    let body = IspRequest::seal(&p.dept_id, r#"{"request_id":"20240501000001"}"#, &p.key).to_json();
    for path in [VALIDATE, DETAILS, ACK, STATUS, DELIVERED] {
        let (status, a) = p.send(path, &body, None).await;
        assert_eq!(status, 401, "{path}");
        assert!(
            a.error.contains("Authorization header is missing"),
            "{}",
            a.error
        );
        let (status, a) = p.send(path, &body, Some("not.a.token")).await;
        assert_eq!(status, 401);
        assert!(a.error.starts_with("invalid token"), "{}", a.error);
    }
    // Signed with another secret.
    let forged = jwt_hs256::sign(
        &json!({"sub": p.dept_id, "exp": chrono::Utc::now().timestamp() + 600})
            .as_object()
            .unwrap()
            .clone(),
        &jwt_hs256::Hs256Secret::new("jwt", b"guess").unwrap(),
    )
    .unwrap();
    assert_eq!(p.send(DETAILS, &body, Some(&forged)).await.0, 401);
    // Still fine at 59 minutes, refused at 61.
    p.t.advance_clock(59 * 60).await;
    assert_eq!(p.send(DETAILS, &body, Some(&p.token)).await.0, 200);
    p.t.advance_clock(2 * 60).await;
    let (status, a) = p.send(DETAILS, &body, Some(&p.token)).await;
    assert_eq!(status, 401);
    assert!(a.error.contains("the token expired at"), "{}", a.error);
    let fresh = login(&p.t).await;
    assert_eq!(p.send(DETAILS, &body, Some(&fresh)).await.0, 200);
}

#[tokio::test]
async fn apply_validate_details_and_a_whole_legal_life() {
    let p = Portal::start().await;
    let r = p.validated(None).await;
    assert_eq!(r.request_id.len(), 14);
    assert!(r.request_id.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(r.applicant_id.len(), 10);
    assert_eq!(r.service_code, p.t.info["isp"]["default_service_code"]);

    let (status, a) = p.call(DETAILS, &json!({"request_id": r.request_id})).await;
    assert_eq!((status, &a.outcome), (200, &IspOutcome::Successful));
    let details: Value = serde_json::from_str(a.data.as_deref().unwrap()).unwrap();
    let o = details.as_object().unwrap();
    assert_eq!(o.len(), 77);
    assert_eq!(details["applicant_id"], r.applicant_id.as_str());
    assert_eq!(details["first_name_hindi"], "रमेश");
    assert_eq!(details["service_name_hindi"], "आय प्रमाण पत्र");
    assert_eq!(details["member_id"].as_str().unwrap().len(), 14);
    assert!(o.contains_key("permanent_rajasvagram") && o.contains_key("d20"));

    let life = ["S104", "S105", "S109", "S114", "S107", "S115", "S112"];
    for code in life {
        let a = p.push(&r, code, json!({})).await;
        assert_eq!(a.outcome, IspOutcome::Successful, "{code}: {}", a.error);
        assert_eq!(a.data, None);
    }
    let stats = p.t.get_json("/_sandbox/stats").await;
    assert_eq!(stats["isp_statuses"][&r.request_id], json!(life));
    assert_eq!(stats["requests"][STATUS]["http_200"], 5);

    let a = p.push(&r, "S113", json!({})).await;
    assert_eq!(a.outcome, IspOutcome::Failed);
    assert_eq!(
        a.error,
        "status_code S113 refused: Annexure A rule 2: after S110/S112 no other status code is accepted (this request already has S112)"
    );
    let stats = p.t.get_json("/_sandbox/stats").await;
    assert_eq!(stats["requests"][STATUS]["failed"], 1);
}

#[tokio::test]
async fn session_keys_validate_once_and_expire() {
    let p = Portal::start().await;
    let key = p.apply(json!({})).await;
    assert_eq!(key.len(), 32);
    let (_, a) = p.call(VALIDATE, &json!({"sessionkey": key})).await;
    assert_eq!(a.outcome, IspOutcome::Successful);
    let (_, a) = p.call(VALIDATE, &json!({"sessionkey": key})).await;
    assert_eq!(a.outcome, IspOutcome::Failed);
    assert!(
        a.error.contains("has already been validated (request_id"),
        "{}",
        a.error
    );

    let late = p.apply(json!({"service_code": "10102"})).await;
    p.t.advance_clock(16 * 60).await;
    let (_, a) = p.call(VALIDATE, &json!({"sessionkey": late})).await;
    assert!(a.error.contains("expired at"), "{}", a.error);
    let (_, a) = p
        .call(VALIDATE, &json!({"sessionkey": "NoSuchKey123"}))
        .await;
    assert!(a
        .error
        .contains("not valid: the portal issued no such session key"));
    let (_, a) = p.call(VALIDATE, &json!({"session": "x"})).await;
    assert_eq!(a.error, "sessionkey is required but missing");

    let r =
        p.t.post_json("/_sandbox/isp/apply", &json!({"service_code": "99999"}))
            .await;
    assert_eq!(r.status(), 400);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("registered services: 10101"));
}

#[tokio::test]
async fn annexure_a_violations_are_failed_with_the_rule() {
    let p = Portal::start().await;
    let r = p.validated(Some("10103")).await;
    let cases = [
        ("S110", "rule 1: S104 must be sent before S110/S112"),
        ("S102", ""),
        ("S105", "rule 4: after S102 (fee pending) only S103"),
        ("S103", ""),
        ("S104", ""),
        ("S104", "rule 1: S104 is accepted only once"),
        ("S109", ""),
        ("S115", "rule 3: after S109 (objection raised) only S114"),
        ("S114", ""),
        ("S110", ""),
        ("S105", "rule 2: after S110/S112"),
    ];
    for (code, rule) in cases {
        let a = p.push(&r, code, json!({})).await;
        if rule.is_empty() {
            assert_eq!(a.outcome, IspOutcome::Successful, "{code}: {}", a.error);
        } else {
            assert_eq!(a.outcome, IspOutcome::Failed, "{code}");
            assert!(a.error.contains(rule), "{code}: {}", a.error);
        }
    }
    let stats = p.t.get_json("/_sandbox/stats").await;
    assert_eq!(
        stats["isp_statuses"][&r.request_id],
        json!(["S102", "S103", "S104", "S109", "S114", "S110"])
    );

    // Each code through its own service only.
    let r = p.validated(None).await;
    let (_, a) = p.call(STATUS, &status_body(&r, "S104")).await;
    assert!(
        a.error
            .contains("S104 must be sent to returnApplicationAcknowledgement"),
        "{}",
        a.error
    );
    let mut ack = ack_body(&r);
    ack["status_code"] = json!("S105");
    let (_, a) = p.call(ACK, &ack).await;
    assert!(a.error.contains("accepts only status code S104"));
    p.push(&r, "S104", json!({})).await;
    let (_, a) = p.call(STATUS, &status_body(&r, "S112")).await;
    assert!(a
        .error
        .contains("must be sent to returnDeliveredServiceStatus"));
    let mut delivered = delivered_body(&r);
    delivered["status_code"] = json!("S110");
    let (_, a) = p.call(DELIVERED, &delivered).await;
    assert!(a.error.contains("accepts only status code S112"));
}

#[tokio::test]
async fn fields_are_validated_by_the_manuals_tables() {
    let p = Portal::start().await;
    let r = p.validated(Some("sc109")).await;
    assert_eq!(r.service_code, "sc109");
    let a = p
        .push(&r, "S104", json!({"remarks": "x".repeat(2001)}))
        .await;
    assert_eq!(
        a.error,
        "remarks is 2001 characters long; at most 2000 are allowed"
    );
    let a = p
        .push(&r, "S104", json!({"application_id": "A".repeat(21)}))
        .await;
    assert_eq!(
        a.error,
        "application_id is 21 characters long; at most 20 are allowed"
    );
    let a = p
        .push(
            &r,
            "S104",
            json!({"action_taken_time": "01/05/2024 10:15", "first_appellate_days": "twenty"}),
        )
        .await;
    assert!(
        a.error.contains(
            "action_taken_time \"01/05/2024 10:15\" is not a time in the format yyyy-mm-ddhh:mm:ss"
        ),
        "{}",
        a.error
    );
    assert!(a
        .error
        .contains("; first_appellate_days \"twenty\" is not a number of days"));
    let mut missing = ack_body(&r);
    missing
        .as_object_mut()
        .unwrap()
        .remove("designated_target_date");
    let (_, a) = p.call(ACK, &missing).await;
    assert_eq!(a.error, "designated_target_date is required but missing");
    let a = p
        .push(&r, "S104", json!({"applicant_id": "UPZZZZZZZZ"}))
        .await;
    assert!(a
        .error
        .starts_with("applicant_id \"UPZZZZZZZZ\" does not belong to request_id"));
    let a = p.push(&r, "S104", json!({"service_code": "10101"})).await;
    assert!(a
        .error
        .contains("service_code \"10101\" does not match request_id"));
    let a = p
        .push(&r, "S104", json!({"remarks": "क".repeat(2000)}))
        .await;
    assert_eq!(a.outcome, IspOutcome::Successful, "{}", a.error);
    let a = p
        .push(&r, "S105", json!({"application_id": "OTHER/1"}))
        .await;
    assert!(
        a.error.contains("differs from \"REV/2024/000123\""),
        "{}",
        a.error
    );
    let (_, a) = p
        .call(DETAILS, &json!({"request_id": "20990101000001"}))
        .await;
    assert!(a
        .error
        .starts_with("request_id \"20990101000001\" is not known to the portal"));
    let (_, a) = p.call(DETAILS, &json!({"request_id": "123"})).await;
    assert!(a.error.contains("must be a 14-digit string"));

    // A DBT service must report its amount on delivery.
    let r = p.validated(Some("20417")).await;
    p.push(&r, "S104", json!({})).await;
    let a = p.push(&r, "S112", json!({})).await;
    assert_eq!(
        a.error,
        "dbt_amount is required: service 20417 is a DBT service"
    );
    let a = p
        .push(&r, "S112", json!({"dbt_amount": "1000.00", "certificate_expiry_date": "999999", "certificate_url": "", "certificate_no": ""}))
        .await;
    assert_eq!(a.outcome, IspOutcome::Successful, "{}", a.error);
}

#[tokio::test]
async fn envelope_department_and_cipher_problems_are_named() {
    let p = Portal::start().await;
    let (status, a) = p
        .send(STATUS, r#"{"dept_id":"UPREV0417"}"#, Some(&p.token))
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        a.error,
        "the ISP request body is missing the field \"e_data\""
    );
    let (status, _) = p.send(STATUS, "not json", Some(&p.token)).await;
    assert_eq!(status, 400);

    let other = IspRequest::seal("UPHLT0001", "{}", &p.key).to_json();
    let (status, a) = p.send(STATUS, &other, Some(&p.token)).await;
    assert_eq!((status, a.outcome), (200, IspOutcome::Failed));
    assert_eq!(
        a.error,
        "dept_id \"UPHLT0001\" is not registered with the portal"
    );

    // The .NET sample's 17-byte salt: the portal says which mistake it is.
    let secret = p.t.info["isp"]["secret_key"].as_str().unwrap();
    let typo = derive_key(secret.as_bytes(), IspVariant::Salt17).unwrap();
    let body = IspRequest::seal(&p.dept_id, r#"{"request_id":"20240501000001"}"#, &typo).to_json();
    let (_, a) = p.send(DETAILS, &body, Some(&p.token)).await;
    assert!(
        a.error
            .starts_with("e_data could not be decrypted with the department's secret key"),
        "{}",
        a.error
    );
    assert!(a.error.contains("salt17 variant"), "{}", a.error);

    let wrong = derive_key(b"another secret", IspVariant::Canonical).unwrap();
    let body = IspRequest::seal(&p.dept_id, "{}", &wrong).to_json();
    let (_, a) = p.send(DETAILS, &body, Some(&p.token)).await;
    assert!(!a.error.contains("variant"), "{}", a.error);
    let (_, a) = p.call(DETAILS, &json!(["request_id"])).await;
    assert_eq!(
        a.error,
        "the decrypted e_data must be a JSON object, not a list"
    );
}

#[tokio::test]
async fn the_ocr_spelling_of_rajasvagram_can_be_asked_for() {
    let p = Portal::start().await;
    let sessionkey = p.apply(json!({"ocr_spelling": true})).await;
    let (_, a) = p.call(VALIDATE, &json!({"sessionkey": sessionkey})).await;
    let data: Value = serde_json::from_str(a.data.as_deref().unwrap()).unwrap();
    let (_, a) = p
        .call(DETAILS, &json!({"request_id": data["request_id"]}))
        .await;
    let details: Value = serde_json::from_str(a.data.as_deref().unwrap()).unwrap();
    let mut o = TolerantObject::new("details", &details).unwrap();
    assert!(o.require_text(known::ISP_PERMANENT_RAJASVAGRAM).is_ok());
    assert_eq!(o.variants()[0].received, "permanent_rajasthagran");
}

#[tokio::test]
async fn faults_on_isp_paths() {
    let p = Portal::start().await;
    let r = p.validated(None).await;
    p.push(&r, "S104", json!({})).await;
    for path in [
        "/ispws/authenticate",
        VALIDATE,
        DETAILS,
        ACK,
        STATUS,
        DELIVERED,
    ] {
        p.t.fault(json!({"endpoint": path, "kind": "failed", "times": 1}))
            .await;
    }
    let auth =
        p.t.post_json(
            "/ispws/authenticate",
            &json!({"username": p.dept_id, "password": p.t.info["isp"]["password"]}),
        )
        .await;
    assert_eq!(auth.status(), 400);
    let v: Value = auth.json().await.unwrap();
    assert_eq!(
        v["error"],
        "To generate token valid user Name and password is required"
    );
    for (path, body) in [
        (VALIDATE, json!({"sessionkey": "x"})),
        (DETAILS, json!({"request_id": r.request_id})),
        (ACK, ack_body(&r)),
        (STATUS, status_body(&r, "S105")),
        (DELIVERED, delivered_body(&r)),
    ] {
        let (status, a) = p.call(path, &body).await;
        assert_eq!((status, &a.outcome), (200, &IspOutcome::Failed), "{path}");
        assert!(a.error.contains("try again later"));
    }
    // Nothing was recorded by the failed calls: S105 goes through now.
    assert_eq!(
        p.push(&r, "S105", json!({})).await.outcome,
        IspOutcome::Successful
    );
    let stats = p.t.get_json("/_sandbox/stats").await;
    assert_eq!(stats["requests"][STATUS]["fault_failed"], 1);
    assert_eq!(
        stats["isp_statuses"][&r.request_id],
        json!(["S104", "S105"])
    );

    p.t.fault(json!({"endpoint": STATUS, "kind": "http_500", "times": 1}))
        .await;
    let request = IspRequest::seal(&p.dept_id, &status_body(&r, "S106").to_string(), &p.key);
    let resp =
        p.t.http
            .post(p.t.url(STATUS))
            .bearer_auth(&p.token)
            .body(request.to_json())
            .send()
            .await
            .unwrap();
    assert_eq!(resp.status(), 500);
    p.t.fault(json!({"endpoint": STATUS, "kind": "malformed", "times": 1}))
        .await;
    let resp =
        p.t.http
            .post(p.t.url(STATUS))
            .bearer_auth(&p.token)
            .body(request.to_json())
            .send()
            .await
            .unwrap();
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.unwrap();
    assert!(IspAnswer::open(&bytes, Some(&p.key)).is_err());
    // The malformed answer hid a real acceptance.
    assert_eq!(
        p.t.sandbox.shared().stats.isp_statuses(&r.request_id),
        ["S104", "S105", "S106"]
    );
}
