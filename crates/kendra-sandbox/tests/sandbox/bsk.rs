//! The BSK peer through kendra-wire's BSK layer: v4 (passcode + HS256 JWT) and v5 (agId +
//! encData) requests sealed with kendra-wire, answers opened with kendra-wire.

use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::bsk::{bsk_cipher, BskTransport, V4Jwt, V5Form};
use kendra_wire::field_names::{known, TolerantObject};
use kendra_wire::jwt_hs256::Hs256Secret;
use serde_json::{json, Value};

use crate::support::TestSandbox;

const BOTH: [BskTransport; 2] = [BskTransport::V4Jwt, BskTransport::V5Form];

struct Answer {
    http: u16,
    /// The answer's JSON text, decrypted when it came as `{"encData"}`.
    text: String,
    json: Value,
    encrypted: bool,
    variants_header: Option<String>,
}

struct Bsk {
    t: TestSandbox,
    v4: V4Jwt,
    v5: V5Form,
    cipher: AesCbcKey,
}

impl Bsk {
    async fn start() -> Self {
        let t = TestSandbox::start().await;
        let info = &t.info["bsk"];
        let key = info["key"].as_str().unwrap().as_bytes().to_vec();
        let iv = info["iv"].as_str().unwrap().as_bytes().to_vec();
        let cipher = bsk_cipher("bsk.key", &key, "bsk.iv", &iv).unwrap();
        let secret = Hs256Secret::new(
            "bsk.jwt_secret",
            info["jwt_secret"].as_str().unwrap().as_bytes(),
        )
        .unwrap();
        Self {
            v4: V4Jwt::new(info["passcode"].as_str().unwrap(), secret),
            v5: V5Form::new(bsk_cipher("bsk.key", &key, "bsk.iv", &iv).unwrap()),
            cipher,
            t,
        }
    }

    fn path(&self, api: &str) -> String {
        self.t.info["bsk"]["paths"][api]["path"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn send_raw(&self, path: &str, content_type: &str, body: String) -> Answer {
        let response = self
            .t
            .http
            .post(self.t.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let http = response.status().as_u16();
        let variants_header = response
            .headers()
            .get("x-sandbox-field-variants")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        self.open(http, body, variants_header)
    }

    /// Opens an answer: `{"encData"}` is decrypted with kendra-wire, anything else is plain.
    fn open(&self, http: u16, body: String, variants_header: Option<String>) -> Answer {
        let outer: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        let enc = TolerantObject::new("answer", &outer)
            .ok()
            .and_then(|mut o| {
                o.get(kendra_wire::field_names::Field::new("encData", &[]))
                    .cloned()
            });
        let (text, encrypted) = match enc {
            Some(Value::String(enc)) => (self.cipher.decrypt_text("encData", &enc).unwrap(), true),
            _ => (body, false),
        };
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            http,
            text,
            json,
            encrypted,
            variants_header,
        }
    }

    async fn call(&self, api: &str, transport: BskTransport, payload: Value) -> Answer {
        let sealed = match transport {
            BskTransport::V4Jwt => self.v4.seal(payload.as_object().unwrap()).unwrap(),
            BskTransport::V5Form => self.v5.seal(&payload.to_string()),
        };
        let answer = self
            .send_raw(&self.path(api), sealed.content_type, sealed.body)
            .await;
        if answer.json["statusCode"] == 400 {
            assert!(!answer.encrypted, "refusals are plain: {}", answer.text);
        } else if answer.http == 200 && !answer.json.is_null() {
            assert_eq!(
                answer.encrypted,
                transport == BskTransport::V5Form,
                "{}",
                answer.text
            );
        }
        answer
    }

    async fn inbox_otp(&self, mobile: &str) -> String {
        let m = self.t.last_message_to(mobile).await;
        assert_eq!(m["peer"], "bsk");
        assert_eq!(m["channel"], "sms");
        m["otp"].as_str().unwrap().to_owned()
    }
}

fn assert_refused(a: &Answer, needle: &str) {
    assert_eq!(a.http, 200, "{}", a.text);
    assert_eq!(a.json["statusCode"], 400, "{}", a.text);
    let message = a.json["message"].as_str().unwrap();
    assert!(message.contains(needle), "{message:?} lacks {needle:?}");
}

#[tokio::test]
async fn info_lists_credentials_paths_and_seed() {
    let b = Bsk::start().await;
    let info = &b.t.info["bsk"];
    assert_eq!(info["key"].as_str().unwrap().len(), 32);
    assert_eq!(info["iv"].as_str().unwrap().len(), 16);
    assert!(info["base_url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert!(!info["passcode"].as_str().unwrap().is_empty());
    for (key, api) in [
        ("api_1", "API-1"),
        ("api_2", "API-2"),
        ("api_3", "API-3"),
        ("api_4", "API-4"),
        ("api_5a", "API-5A"),
        ("api_5b", "API-5B"),
        ("api_6", "API-6"),
        ("api_7", "API-7"),
    ] {
        assert_eq!(info["paths"][key]["api"], api);
        assert!(info["paths"][key]["path"]
            .as_str()
            .unwrap()
            .starts_with("/bsk/"));
    }
    assert!(info["transports"]["v4_jwt"].is_object() && info["transports"]["v5_form"].is_object());
    let departments = info["departments"].as_array().unwrap();
    assert_eq!(departments.len(), 57);
    let services = info["services"].as_array().unwrap();
    for d in departments {
        assert!(
            services.iter().any(|s| s["deptCode"] == d["deptCode"]),
            "{d}"
        );
    }
    assert!(info["deos"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["userId"].as_str().unwrap().len() == 10));
}

#[tokio::test]
async fn api1_initiates_in_both_transports_and_tolerates_spellings() {
    let b = Bsk::start().await;
    for (i, transport) in BOTH.into_iter().enumerate() {
        let ticket = 20250105101500123u64 + i as u64;
        let a = b
            .call(
                "api_1",
                transport,
                json!({"userid": 9054233544u64, "ticketNo": ticket, "serviceCode": "AMD/003",
                       "name": "অরিন্দম রায়", "mobile": "9350778824", "email": "arindam.ray@cmail.com",
                       "gender": "male", "age": 48}),
            )
            .await;
        assert_eq!(a.http, 200, "{}", a.text);
        assert_eq!(a.json["message"], "Initiated");
        assert_eq!(a.json["applicationStatus"], 1);
        assert!(
            a.text.contains(&format!("\"ticketNo\":{ticket}")),
            "{}",
            a.text
        );
        assert_eq!(a.json["appSubTime"].as_u64().unwrap().to_string().len(), 14);
        assert_eq!(a.variants_header.as_deref(), Some("userid as userId"));
        // A retry is answered again; another service on the same ticket is refused.
        let again = b
            .call("api_1", transport, json!({"userId": "9054233544", "tokenNo": ticket.to_string(), "ServiceCode": "AMD003", "name": "x", "mobile": 9350778824u64}))
            .await;
        assert_eq!(
            again.json["appSubTime"], a.json["appSubTime"],
            "{}",
            again.text
        );
        let clash = b
            .call("api_1", transport, json!({"userId": 9054233544u64, "ticketNo": ticket, "serviceCode": "HFW/002", "name": "x", "mobile": "9350778824"}))
            .await;
        assert_refused(&clash, "already initiated for service AMD/003");
    }
    let bad = b
        .call("api_1", BskTransport::V4Jwt, json!({"userId": 905423354u64, "ticketNo": 20250105101500123u64, "serviceCode": "AMD/003", "name": "x", "mobile": "9350778824"}))
        .await;
    assert_refused(&bad, "field \"userId\" is 905423354");
    let bad = b
        .call("api_1", BskTransport::V5Form, json!({"userId": 9054233544u64, "ticketNo": 20251305101500u64, "serviceCode": "ZZZ/001", "name": "x", "mobile": "9350778824"}))
        .await;
    assert_refused(&bad, "ticketNo");
    let bad = b
        .call("api_1", BskTransport::V5Form, json!({"userId": 9054233544u64, "ticketNo": 20250105101500u64, "serviceCode": "ZZZ/001", "name": "x", "mobile": "9350778824"}))
        .await;
    assert_refused(&bad, "\"ZZZ/001\", which is not a registered service");
    let bad = b
        .call("api_1", BskTransport::V4Jwt, json!({"userId": 9054233544u64, "ticketNo": 20250105101500u64, "serviceCode": "AMD/001", "mobile": "9350778824"}))
        .await;
    assert_refused(&bad, "missing the field \"name\"");
}

#[tokio::test]
async fn api3_answers_the_stage_timeline() {
    let b = Bsk::start().await;
    for transport in BOTH {
        // The spec's example spellings: userId, tokenNo.
        let a = b
            .call("api_3", transport, json!({"userId": 9054233544u64, "tokenNo": 20241210113005128u64, "serviceCode": "AMD/003", "applicationNo": "AP7373633/003"}))
            .await;
        assert_eq!(a.http, 200, "{}", a.text);
        assert_eq!(a.json["ServiceCode"], "AMD/003");
        assert_eq!(a.json["serviceName"], "Seed Certificate");
        assert_eq!(a.json["applicationStatus"], 4);
        let stages = a.json["applicationStage"].as_array().unwrap();
        assert_eq!(stages.len(), 4);
        assert_eq!(stages[0]["responseTime"], 20241104110220u64);
        assert_eq!(stages[3]["message"], "Certificate Issued");
        assert!(a.text.contains("\"ticketNo\":20241210113005128"));
        assert_eq!(a.variants_header.as_deref(), Some("tokenNo as ticketNo"));
    }
    let unknown = b
        .call("api_3", BskTransport::V5Form, json!({"userid": 9054233544u64, "ticketNo": 20241210113005128u64, "serviceCode": "AMD/003", "applicationNo": "NOPE/1"}))
        .await;
    assert_refused(&unknown, "\"NOPE/1\" is not known");
    assert_eq!(unknown.json["applicationNo"], "NOPE/1");
    let wrong_service = b
        .call("api_3", BskTransport::V4Jwt, json!({"userid": 9054233544u64, "ticketNo": 20241210113005128u64, "serviceCode": "HFW/002", "applicationNo": "AP7373633/003"}))
        .await;
    assert_refused(&wrong_service, "belongs to service AMD/003, not HFW/002");
}

#[tokio::test]
async fn api4_gives_a_link_and_guards_otp_documents() {
    let b = Bsk::start().await;
    for transport in BOTH {
        // The example's `applicationNo` stands for the table's `documentNo`.
        let a = b
            .call("api_4", transport, json!({"userId": 9831045672u64, "tokenNo": 20241205120140094u64, "serviceCode": "TRA/001", "applicationNo": "TRA/LL/2024/0098123"}))
            .await;
        assert_eq!(a.http, 200, "{}", a.text);
        assert_eq!(a.json["documentType"], 1);
        assert_eq!(a.json["applicationStatus"], 5);
        let url = a.json["documentValue"].as_str().unwrap();
        assert!(url.starts_with(&b.t.url("/bsk/")), "{url}");
        let pdf = b.t.http.get(url).send().await.unwrap();
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        let bytes = pdf.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF\n"));
    }
    let by_document_no = b
        .call("api_4", BskTransport::V4Jwt, json!({"userid": 9054233544u64, "ticketNo": 20241104103512417u64, "serviceCode": "AMD/003", "documentNo": "AMD/SC/2024/004417"}))
        .await;
    assert_eq!(
        by_document_no.json["serviceName"], "Seed Certificate",
        "{}",
        by_document_no.text
    );
    let gated = b
        .call("api_4", BskTransport::V5Form, json!({"userid": 9831045672u64, "ticketNo": 20241112113045208u64, "serviceCode": "BCW/001", "documentNo": "WB/SC/BRP/2024/0118342"}))
        .await;
    assert_refused(&gated, "API-5A");
    let pending = b
        .call("api_4", BskTransport::V4Jwt, json!({"userid": 8017623491u64, "ticketNo": 20241125121007733u64, "serviceCode": "LND/001", "documentNo": "LND/MUT/2024/20931"}))
        .await;
    assert_refused(&pending, "not available yet");
}

#[tokio::test]
async fn otp_releases_base64_pdf_after_a_wrong_try() {
    let b = Bsk::start().await;
    for (i, transport) in BOTH.into_iter().enumerate() {
        let otp_id = 393747483u64 + i as u64;
        // OCR's `otpld` is accepted for otpId.
        let sent = b
            .call(
                "api_5a",
                transport,
                json!({"otpld": otp_id, "documentNo": "WB/SC/BRP/2024/0118342"}),
            )
            .await;
        assert_eq!(sent.json["otpGenStatus"], 1, "{}", sent.text);
        assert_eq!(sent.json["otpId"], otp_id);
        assert_eq!(sent.variants_header.as_deref(), Some("otpld as otpId"));
        let otp = b.inbox_otp("9647120385").await;
        assert_eq!(otp.len(), 6);
        let wrong = if otp == "000000" { "111111" } else { "000000" };
        let w = b
            .call(
                "api_5b",
                transport,
                json!({"otpId": otp_id, "userTypedOtp": wrong}),
            )
            .await;
        assert_refused(&w, "2 attempt(s) left");
        assert_eq!(w.json["otpStatus"], "wrong");
        assert_eq!(w.json["attemptsLeft"], 2);
        // A JSON number loses leading zeros; the department pads them back.
        let typed: Value = if otp.starts_with('0') {
            json!(otp.parse::<u64>().unwrap())
        } else {
            json!(otp)
        };
        let ok = b
            .call(
                "api_5b",
                transport,
                json!({"otpld": otp_id, "userTypedOtp": typed}),
            )
            .await;
        assert_eq!(ok.http, 200, "{}", ok.text);
        assert_eq!(ok.json["statusCode"], 200, "{}", ok.text);
        assert_eq!(ok.json["ServiceCode"], "BCW/001");
        assert_eq!(ok.json["documentType"], 2);
        let pdf = kendra_wire::base64_text::decode(
            "documentValue",
            ok.json["documentValue"].as_str().unwrap(),
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"));
        let reused = b
            .call(
                "api_5b",
                transport,
                json!({"otpId": otp_id, "userTypedOtp": otp}),
            )
            .await;
        assert_refused(&reused, "already used");
        assert_eq!(reused.json["otpStatus"], "used");
    }
}

#[tokio::test]
async fn otp_expires_after_five_minutes() {
    let b = Bsk::start().await;
    let sent = b
        .call(
            "api_5a",
            BskTransport::V5Form,
            json!({"otpId": 5001, "documentNo": "HFW/BC/2024/556701"}),
        )
        .await;
    assert_eq!(sent.json["otpGenStatus"], 1, "{}", sent.text);
    let otp = b.inbox_otp("8972046613").await;
    b.t.advance_clock(5 * 60 + 1).await;
    let late = b
        .call(
            "api_5b",
            BskTransport::V5Form,
            json!({"otpId": 5001, "userTypedOtp": otp}),
        )
        .await;
    assert_refused(&late, "expired at");
    assert_eq!(late.json["otpStatus"], "expired");
    // A new OTP for the same otpId works, and releases the image.
    let again = b
        .call(
            "api_5a",
            BskTransport::V4Jwt,
            json!({"otpId": 5001, "documentNo": "B/2024/DMK/556701"}),
        )
        .await;
    assert_eq!(again.json["otpGenStatus"], 1, "{}", again.text);
    let otp = b.inbox_otp("8972046613").await;
    let ok = b
        .call(
            "api_5b",
            BskTransport::V4Jwt,
            json!({"otpId": 5001, "userTypedOtp": otp}),
        )
        .await;
    assert_eq!(ok.json["documentType"], 3, "{}", ok.text);
    let png = kendra_wire::base64_text::decode(
        "documentValue",
        ok.json["documentValue"].as_str().unwrap(),
    )
    .unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[tokio::test]
async fn otp_attempts_are_limited_and_resends_throttled() {
    let b = Bsk::start().await;
    let request = json!({"otpId": 77, "documentNo": "RKSY-I/2024/3318870"});
    let sent = b.call("api_5a", BskTransport::V4Jwt, request.clone()).await;
    assert_eq!(sent.json["otpGenStatus"], 1, "{}", sent.text);
    let otp = b.inbox_otp("9434087716").await;
    let wrong = if otp == "999999" { "888888" } else { "999999" };
    for left in [2, 1] {
        let w = b
            .call(
                "api_5b",
                BskTransport::V4Jwt,
                json!({"otpId": 77, "userTypedOtp": wrong}),
            )
            .await;
        assert_eq!(w.json["attemptsLeft"], left, "{}", w.text);
    }
    let third = b
        .call(
            "api_5b",
            BskTransport::V4Jwt,
            json!({"otpId": 77, "userTypedOtp": wrong}),
        )
        .await;
    assert_refused(&third, "no attempts are left");
    let blocked = b
        .call(
            "api_5b",
            BskTransport::V4Jwt,
            json!({"otpId": 77, "userTypedOtp": otp}),
        )
        .await;
    assert_refused(&blocked, "blocked");
    assert_eq!(blocked.json["otpStatus"], "attempts_exhausted");
    // Too soon for a new code: otpGenStatus 2, in band.
    let soon = b
        .call("api_5a", BskTransport::V5Form, request.clone())
        .await;
    assert_eq!(soon.json["otpGenStatus"], 2, "{}", soon.text);
    assert_eq!(soon.json["statusCode"], 200);
    b.t.advance_clock(31).await;
    let resent = b.call("api_5a", BskTransport::V5Form, request).await;
    assert_eq!(resent.json["otpGenStatus"], 1, "{}", resent.text);
    let otp = b.inbox_otp("9434087716").await;
    let ok = b
        .call(
            "api_5b",
            BskTransport::V5Form,
            json!({"otpId": 77, "userTypedOtp": otp}),
        )
        .await;
    assert_eq!(ok.json["documentType"], 1, "{}", ok.text);
    let unknown = b
        .call(
            "api_5b",
            BskTransport::V5Form,
            json!({"otpId": 78, "userTypedOtp": "123456"}),
        )
        .await;
    assert_refused(&unknown, "call API-5A first");
    let other_doc = b
        .call(
            "api_5a",
            BskTransport::V5Form,
            json!({"otpId": 77, "documentNo": "WB/SC/BRP/2024/0118342"}),
        )
        .await;
    assert_refused(&other_doc, "another document");
}

#[tokio::test]
async fn api7_pulls_submissions_with_exact_amounts() {
    let b = Bsk::start().await;
    for transport in BOTH {
        // The example's `formDate`.
        let a = b
            .call(
                "api_7",
                transport,
                json!({"formDate": "2024-11-01", "toDate": "2024-11-30"}),
            )
            .await;
        assert_eq!(a.http, 200, "{}", a.text);
        let rows = a.json.as_array().unwrap();
        assert_eq!(rows.len(), 6, "{}", a.text);
        assert!(a.text.contains("\"paidAmt\":200.00,"), "{}", a.text);
        assert!(a.text.contains("\"paidAmt\":1250.50,"), "{}", a.text);
        assert!(a.text.contains("\"ticketNo\":20241104103512417,"));
        assert!(rows.iter().all(|r| r["statusCode"] == 200));
        assert!(rows
            .iter()
            .any(|r| r["applicationStatus"] == 3 && r["message"] == "Final Submitted"));
        assert_eq!(a.variants_header.as_deref(), Some("formDate as fromDate"));
    }
    let none = b
        .call(
            "api_7",
            BskTransport::V4Jwt,
            json!({"fromDate": "2023-01-01", "toDate": "2023-01-31"}),
        )
        .await;
    assert_eq!(none.json, json!([]));
    let backwards = b
        .call(
            "api_7",
            BskTransport::V5Form,
            json!({"fromDate": "2024-12-31", "toDate": "2024-12-01"}),
        )
        .await;
    assert_refused(&backwards, "is after toDate");
    let bad = b
        .call(
            "api_7",
            BskTransport::V5Form,
            json!({"fromDate": "01-12-2024", "toDate": "2024-12-01"}),
        )
        .await;
    assert_refused(&bad, "not a date YYYY-MM-DD");
}

#[tokio::test]
async fn api2_accepts_pushes_in_order_and_records_them() {
    let b = Bsk::start().await;
    let push = |status: u8, message: &str, paid: &str| {
        format!(
            r#"{{"userid":9054233544,"ticketNo":20241210113005128,"serviceCode":"AMD/001","appNo":"AMD/TL/2024/5521","appSubTime":20241210120512,"deptPayRefNo":"23424423424","transNo":"1234353435","bankRefNo":"4653443656","paidAmt":{paid},"message":"{message}","applicationStatus":{status},"statusCode":200}}"#
        )
    };
    // v5 carries the JSON text as written: 200.00 stays 200.00.
    let draft = b
        .send_raw(
            &b.path("api_2"),
            "application/x-www-form-urlencoded",
            b.v5.seal(&push(2, "Draft Submitted", "0.00")).body,
        )
        .await;
    assert_eq!(
        draft.json,
        json!({"appNo": "AMD/TL/2024/5521", "responseStatus": "Success", "statusCode": 200}),
        "{}",
        draft.text
    );
    assert!(draft.encrypted);
    let final_push = b
        .send_raw(
            &b.path("api_2"),
            "application/x-www-form-urlencoded",
            b.v5.seal(&push(3, "Final Submitted", "200.00")).body,
        )
        .await;
    assert_eq!(
        final_push.json["responseStatus"], "Success",
        "{}",
        final_push.text
    );
    let after_final = b
        .send_raw(
            &b.path("api_2"),
            "application/x-www-form-urlencoded",
            b.v5.seal(&push(3, "Final Submitted", "200.00")).body,
        )
        .await;
    assert_refused(&after_final, "already final submitted");
    assert_eq!(after_final.json["responseStatus"], "Failure");
    assert_eq!(after_final.json["appNo"], "AMD/TL/2024/5521");

    let stats = b.t.get_json("/_sandbox/stats").await;
    let pushes = stats["bsk_pushes"]["9054233544/20241210113005128"]
        .as_array()
        .unwrap();
    assert_eq!(pushes.len(), 2);
    assert_eq!(pushes[0]["paidAmt"], "0.00");
    assert_eq!(pushes[1]["paidAmt"], "200.00");
    assert_eq!(pushes[1]["applicationStatus"], 3);
    assert_eq!(pushes[1]["transport"], "v5_form");
    assert_eq!(pushes[1]["ticketNo"], "20241210113005128");

    // API-1 opens a ticket that API-2 then accepts over v4.
    let opened = b
        .call("api_1", BskTransport::V4Jwt, json!({"userid": 9831045672u64, "ticketNo": 20250106094500512u64, "serviceCode": "TRA/002", "name": "দেবযানী সরকার", "mobile": "9088412263"}))
        .await;
    assert_eq!(opened.json["applicationStatus"], 1, "{}", opened.text);
    let v4_push = json!({"userId": 9831045672u64, "tokenNo": 20250106094500512u64, "ServiceCode": "TRA/002", "appNo": "TRA/GD/2025/0001", "appSubTime": 20250106100000u64, "deptPayRefNo": "GD1", "transNo": "T1", "bankRefNo": "B1", "paidAmt": 1250.5, "message": "final submitted", "applicationStatus": 3});
    let a = b.call("api_2", BskTransport::V4Jwt, v4_push).await;
    assert_eq!(a.json["responseStatus"], "Success", "{}", a.text);
    let stats = b.t.get_json("/_sandbox/stats").await;
    let pushed = &stats["bsk_pushes"]["9831045672/20250106094500512"][0];
    assert_eq!(pushed["paidAmt"], "1250.50");
    let variants: Vec<&str> = pushed["field_variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["received"].as_str().unwrap())
        .collect();
    assert_eq!(variants, ["tokenNo", "ServiceCode"]);

    let unknown = b
        .call("api_2", BskTransport::V4Jwt, json!({"userid": 9054233544u64, "ticketNo": 20200101000000u64, "serviceCode": "AMD/001", "appNo": "X1", "appSubTime": 20200101000000u64, "paidAmt": 0, "message": "Draft Submitted", "applicationStatus": 2}))
        .await;
    assert_refused(&unknown, "BSK has no ticket 20200101000000");
    let mismatch = b
        .call("api_2", BskTransport::V5Form, json!({"userid": 9734518820u64, "ticketNo": 20241211094512306u64, "serviceCode": "HFW/003", "appNo": "D1", "appSubTime": 20241211100000u64, "paidAmt": 0, "message": "Final Submitted", "applicationStatus": 2}))
        .await;
    assert_refused(&mismatch, "applicationStatus 2 means \"Draft Submitted\"");
    let unpaid_refs = b
        .call("api_2", BskTransport::V5Form, json!({"userid": 9734518820u64, "ticketNo": 20241211094512306u64, "serviceCode": "HFW/003", "appNo": "D1", "appSubTime": 20241211100000u64, "paidAmt": "50.00", "message": "Draft Submitted", "applicationStatus": 2}))
        .await;
    assert_refused(&unpaid_refs, "\"deptPayRefNo\" is missing or blank");
    let bad_amount = b
        .send_raw(&b.path("api_2"), "application/x-www-form-urlencoded", b.v5.seal(r#"{"userid":9734518820,"ticketNo":20241211094512306,"serviceCode":"HFW/003","appNo":"D1","appSubTime":20241211100000,"paidAmt":12.345,"message":"Draft Submitted","applicationStatus":2}"#).body)
        .await;
    assert_refused(&bad_amount, "at most two decimals");
}

#[tokio::test]
async fn api6_looks_up_deos() {
    let b = Bsk::start().await;
    let amd = b.t.info["bsk"]["departments"][0]["accessCode"]
        .as_u64()
        .unwrap();
    for transport in BOTH {
        let a = b
            .call(
                "api_6",
                transport,
                json!({"userId": 9054233544u64, "deptCode": "AMD", "accessCode": amd}),
            )
            .await;
        assert_eq!(a.http, 200, "{}", a.text);
        let mut o = TolerantObject::new("API-6 answer", &a.json).unwrap();
        assert_eq!(o.require_text(known::BSK_USER_ID).unwrap(), "9054233544");
        assert_eq!(a.json["userName"], "Charan Das");
        assert_eq!(a.json["bskName"], "BDO Office Balagarh");
        assert_eq!(a.json["District"], "Hooghly");
        assert_eq!(a.json["userStatus"], 1);
        assert_eq!(a.json["userType"], "DEO");
    }
    let inactive = b
        .call(
            "api_6",
            BskTransport::V5Form,
            json!({"userid": "9433012876", "deptCode": "amd", "accessCode": amd.to_string()}),
        )
        .await;
    assert_eq!(inactive.json["userStatus"], 2, "{}", inactive.text);
    let wrong_code = b
        .call(
            "api_6",
            BskTransport::V4Jwt,
            json!({"userId": 9054233544u64, "deptCode": "AGD", "accessCode": amd}),
        )
        .await;
    assert_refused(
        &wrong_code,
        "not the access code BSK issued to department AGD",
    );
    let unknown_dept = b
        .call(
            "api_6",
            BskTransport::V4Jwt,
            json!({"userId": 9054233544u64, "deptCode": "XYZ", "accessCode": amd}),
        )
        .await;
    assert_refused(&unknown_dept, "57 department codes");
    let unknown_user = b
        .call(
            "api_6",
            BskTransport::V4Jwt,
            json!({"userId": 9000000001u64, "deptCode": "AMD", "accessCode": amd}),
        )
        .await;
    assert_refused(&unknown_user, "no BSK user with userId 9000000001");
}

#[tokio::test]
async fn bad_envelopes_are_http_400_in_bsk_shape() {
    let b = Bsk::start().await;
    let path = b.path("api_3");
    let payload = json!({"userId": 9054233544u64});
    let wrong_passcode = V4Jwt::new(
        "000000",
        Hs256Secret::new(
            "s",
            b.t.info["bsk"]["jwt_secret"].as_str().unwrap().as_bytes(),
        )
        .unwrap(),
    );
    let wrong_secret = V4Jwt::new(
        b.t.info["bsk"]["passcode"].as_str().unwrap(),
        Hs256Secret::new("s", b"not-the-secret").unwrap(),
    );
    let wrong_key = V5Form::new(
        bsk_cipher(
            "k",
            kendra_wire::bsk::SAMPLE_KEY.as_bytes(),
            "iv",
            kendra_wire::bsk::SAMPLE_IV.as_bytes(),
        )
        .unwrap(),
    );
    let cases = [
        (
            "application/json",
            wrong_passcode
                .seal(payload.as_object().unwrap())
                .unwrap()
                .body,
            "passcode",
        ),
        (
            "application/json",
            wrong_secret
                .seal(payload.as_object().unwrap())
                .unwrap()
                .body,
            "signature",
        ),
        (
            "application/x-www-form-urlencoded",
            wrong_key.seal(&payload.to_string()).body,
            "decryption failed",
        ),
        (
            "application/x-www-form-urlencoded",
            "agId=XYZ&encData=abc".to_owned(),
            "\"XYZ\"",
        ),
        ("text/plain", "hello".to_owned(), "not a BSK transport"),
    ];
    for (content_type, body, needle) in cases {
        let a = b.send_raw(&path, content_type, body).await;
        assert_eq!(a.http, 400, "{}", a.text);
        assert_eq!(a.json["statusCode"], 400);
        let message = a.json["message"].as_str().unwrap();
        assert!(
            message.starts_with("API-3: ") && message.contains(needle),
            "{message}"
        );
    }
}

#[tokio::test]
async fn faults_on_bsk_paths() {
    let b = Bsk::start().await;
    for api in [
        "api_1", "api_2", "api_3", "api_4", "api_5a", "api_5b", "api_6", "api_7",
    ] {
        let path = b.path(api);
        b.t.fault(json!({"endpoint": path, "kind": "failed", "times": 1}))
            .await;
        let a = b.call(api, BskTransport::V5Form, json!({})).await;
        assert_eq!(a.http, 200, "{api}: {}", a.text);
        assert_eq!(a.json["statusCode"], 400, "{api}: {}", a.text);
        assert!(a.json["message"]
            .as_str()
            .unwrap()
            .contains("try again later"));
        if api == "api_2" {
            assert_eq!(a.json["responseStatus"], "Failure");
        }
    }
    let stats = b.t.get_json("/_sandbox/stats").await;
    assert_eq!(stats["requests"][b.path("api_6")]["fault_failed"], 1);

    let api3 = json!({"userid": 9054233544u64, "ticketNo": 20241210113005128u64, "serviceCode": "AMD/003", "applicationNo": "AP7373633/003"});
    b.t.fault(json!({"endpoint": "/bsk/*", "kind": "http_500", "times": 1}))
        .await;
    let a = b.call("api_3", BskTransport::V4Jwt, api3.clone()).await;
    assert_eq!(a.http, 500);
    b.t.fault(json!({"endpoint": b.path("api_3"), "kind": "malformed", "times": 1}))
        .await;
    let a = b.call("api_3", BskTransport::V4Jwt, api3.clone()).await;
    assert_eq!(a.http, 200);
    assert!(
        serde_json::from_str::<Value>(&a.text).is_err(),
        "{}",
        a.text
    );
    // The fault was spent: the next call is whole again.
    let a = b.call("api_3", BskTransport::V5Form, api3).await;
    assert_eq!(a.json["applicationStatus"], 4, "{}", a.text);
}
