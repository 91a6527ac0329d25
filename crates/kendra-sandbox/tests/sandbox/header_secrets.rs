//! The header-secrets gateway, driven through kendra-wire's `HeaderSecretsClient`.

use chrono::{DateTime, Duration, Utc};
use kendra_wire::cipher_profile::KeyMaterial;
use kendra_wire::header_secrets::{EpochUnit, HeaderSecretsAnswer, HeaderSecretsClient};
use kendra_wire::isp::IspVariant;
use serde_json::{json, Value};

use crate::support::TestSandbox;

const STATUS: &str = "/hs/v1/application/status";
const ECHO: &str = "/hs/v1/echo";

/// A client built from what `/_sandbox/info` shows, as a tester would.
fn client(t: &TestSandbox, label: &str) -> HeaderSecretsClient {
    client_with(t, label, |_| {})
}

fn client_with(t: &TestSandbox, label: &str, edit: impl FnOnce(&mut Value)) -> HeaderSecretsClient {
    let mut c = t.info["header_secrets"]["clients"][label].clone();
    edit(&mut c);
    let text = |k: &str| c[k].as_str().unwrap().to_owned();
    let key = match c["cipher_profile"]["scheme"].as_str().unwrap() {
        "bsk" => KeyMaterial::BskRaw {
            key_name: "key",
            key: text("key").as_bytes(),
            iv_name: "iv",
            iv: text("iv").as_bytes(),
        }
        .key()
        .unwrap(),
        _ => KeyMaterial::IspSecret {
            secret: text("secret").as_bytes(),
            variant: IspVariant::Canonical,
        }
        .key()
        .unwrap(),
    };
    let unit: EpochUnit = serde_json::from_value(c["epoch_unit"].clone()).unwrap();
    HeaderSecretsClient::new(
        &text("client_id"),
        &text("client_secret"),
        &text("pass_key"),
        key,
        unit,
    )
    .unwrap()
}

async fn call(
    t: &TestSandbox,
    c: &HeaderSecretsClient,
    path: &str,
    payload: &Value,
    at: DateTime<Utc>,
) -> (u16, HeaderSecretsAnswer) {
    let mut request = t
        .http
        .post(t.url(path))
        .header("content-type", "application/json")
        .body(c.seal_body(&payload.to_string()));
    for (name, value) in c.headers(at) {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, c.open_answer(&body).unwrap())
}

fn refused(answer: HeaderSecretsAnswer) -> Value {
    match answer {
        HeaderSecretsAnswer::Unencrypted(v) => {
            assert_eq!(v["status"], "FAILED");
            v
        }
        HeaderSecretsAnswer::Decrypted(text) => panic!("expected a refusal, got {text}"),
    }
}

fn decrypted(answer: HeaderSecretsAnswer) -> Value {
    match answer {
        HeaderSecretsAnswer::Decrypted(text) => serde_json::from_str(&text).unwrap(),
        HeaderSecretsAnswer::Unencrypted(v) => panic!("refused: {v}"),
    }
}

#[tokio::test]
async fn both_cipher_profiles_look_up_and_echo() {
    let t = TestSandbox::start().await;
    let info = &t.info["header_secrets"];
    assert_eq!(info["clients"]["bsk_style"]["epoch_unit"], "seconds");
    assert_eq!(info["clients"]["isp_style"]["epoch_unit"], "milliseconds");
    for label in ["bsk_style", "isp_style"] {
        let c = client(&t, label);
        let (status, a) = call(
            &t,
            &c,
            STATUS,
            &json!({"application_no": "HS2024UP000103"}),
            Utc::now(),
        )
        .await;
        assert_eq!(status, 200);
        let v = decrypted(a);
        assert_eq!(v["applicant_name_hindi"], "मोहम्मद इरफ़ान अंसारी");
        assert_eq!(v["status_code"], "S109");

        let payload = json!({"ping": "नमस्ते", "n": 20221202153322882u64});
        let (status, a) = call(&t, &c, ECHO, &payload, Utc::now()).await;
        assert_eq!(status, 200);
        let v = decrypted(a);
        assert_eq!(v["echo"], payload);
        assert_eq!(v["client_id"], info["clients"][label]["client_id"]);
    }
}

#[tokio::test]
async fn stale_and_future_epochs_are_refused_by_the_sandbox_clock() {
    let t = TestSandbox::start().await;
    for label in ["bsk_style", "isp_style"] {
        let c = client(&t, label);
        let (status, a) = call(
            &t,
            &c,
            ECHO,
            &json!({}),
            Utc::now() - Duration::seconds(310),
        )
        .await;
        assert_eq!(status, 401);
        let v = refused(a);
        assert_eq!(v["error_code"], "epoch_stale");
        assert!(v["message"]
            .as_str()
            .unwrap()
            .contains("at most 300 seconds"));
        let (status, a) = call(
            &t,
            &c,
            ECHO,
            &json!({}),
            Utc::now() + Duration::seconds(120),
        )
        .await;
        assert_eq!(status, 401);
        assert_eq!(refused(a)["error_code"], "epoch_in_future");
    }
    // Headers made "now" by the real clock are stale once the sandbox clock has moved on.
    let c = client(&t, "bsk_style");
    t.advance_clock(6 * 60).await;
    let (_, a) = call(&t, &c, ECHO, &json!({}), Utc::now()).await;
    assert_eq!(refused(a)["error_code"], "epoch_stale");
    let (status, _) = call(
        &t,
        &c,
        ECHO,
        &json!({}),
        Utc::now() + Duration::seconds(360),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn credentials_keys_and_bodies_are_checked_and_refused_unencrypted() {
    let t = TestSandbox::start().await;
    let wrong_pass = client_with(&t, "bsk_style", |c| c["pass_key"] = json!("PK-GUESSED"));
    let (status, a) = call(&t, &wrong_pass, ECHO, &json!({}), Utc::now()).await;
    assert_eq!(status, 401);
    assert_eq!(refused(a)["error_code"], "pass_key_mismatch");

    let wrong_secret = client_with(&t, "bsk_style", |c| c["client_secret"] = json!("nope"));
    let (status, a) = call(&t, &wrong_secret, ECHO, &json!({}), Utc::now()).await;
    assert_eq!(status, 401);
    assert_eq!(refused(a)["error_code"], "client_credentials_mismatch");

    // The ISP client's pass_key with the BSK client's key: header_secrets does not decrypt.
    let wrong_key = client_with(&t, "bsk_style", |c| {
        c["pass_key"] = t.info["header_secrets"]["clients"]["isp_style"]["pass_key"].clone();
    });
    let (status, a) = call(&t, &wrong_key, ECHO, &json!({}), Utc::now()).await;
    assert_eq!(status, 400);
    let v = refused(a);
    // Almost always bad padding; by chance the padding may fit and the text be garbage instead.
    assert!(
        ["bad_padding", "not_utf8", "invalid_json"].contains(&v["error_code"].as_str().unwrap()),
        "{v}"
    );

    // Seconds where the profile expects milliseconds.
    let wrong_unit = client_with(&t, "isp_style", |c| c["epoch_unit"] = json!("seconds"));
    let (status, a) = call(&t, &wrong_unit, ECHO, &json!({}), Utc::now()).await;
    assert_eq!(status, 400);
    assert!(refused(a)["message"]
        .as_str()
        .unwrap()
        .contains("looks like seconds"));

    let c = client(&t, "bsk_style");
    let (status, a) = call(
        &t,
        &c,
        STATUS,
        &json!({"application_no": "HS1999XX000000"}),
        Utc::now(),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(refused(a)["error_code"], "application_not_found");
    let (status, a) = call(&t, &c, STATUS, &json!({"ticket": 1}), Utc::now()).await;
    assert_eq!(status, 400);
    assert_eq!(
        refused(a)["message"],
        "RequestData is missing the field \"application_no\""
    );

    // Missing headers and a body without RequestData.
    let r = t.post_json(ECHO, &json!({"RequestData": "x"})).await;
    assert_eq!(r.status(), 401);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["message"], "the pass_key header is missing");
    let mut request = t.http.post(t.url(ECHO)).body(r#"{"Data":"x"}"#);
    for (name, value) in c.headers(Utc::now()) {
        request = request.header(name, value);
    }
    let r = request.send().await.unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["message"],
        "the request body is missing the field \"RequestData\""
    );
    let r = t
        .http
        .post(t.url(ECHO))
        .header("pass_key", c.headers(Utc::now())[0].1.clone())
        .body(c.seal_body("{}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error_code"], "missing_field");
}

#[tokio::test]
async fn faults_on_gateway_paths() {
    let t = TestSandbox::start().await;
    let c = client(&t, "isp_style");
    for path in [STATUS, ECHO] {
        t.fault(json!({"endpoint": path, "kind": "failed", "times": 1}))
            .await;
        let (status, a) = call(
            &t,
            &c,
            path,
            &json!({"application_no": "HS2024UP000101"}),
            Utc::now(),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(refused(a)["error_code"], "service_unavailable");
    }
    let stats = t.get_json("/_sandbox/stats").await;
    assert_eq!(stats["requests"][ECHO]["fault_failed"], 1);

    t.fault(json!({"endpoint": "/hs/*", "kind": "http_500", "times": 1}))
        .await;
    let (status, a) = call(&t, &c, ECHO, &json!({}), Utc::now()).await;
    assert_eq!(status, 500);
    assert!(matches!(a, HeaderSecretsAnswer::Unencrypted(_)));

    t.fault(json!({"endpoint": ECHO, "kind": "malformed", "times": 1}))
        .await;
    let mut request = t.http.post(t.url(ECHO)).body(c.seal_body("{}"));
    for (name, value) in c.headers(Utc::now()) {
        request = request.header(name, value);
    }
    let r = request.send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(c.open_answer(&r.bytes().await.unwrap()).is_err());

    let (status, _) = call(&t, &c, ECHO, &json!({}), Utc::now()).await;
    assert_eq!(status, 200);
}
