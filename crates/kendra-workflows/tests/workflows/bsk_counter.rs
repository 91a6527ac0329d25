//! The DEO at a BSK counter against the sandbox: the whole flow in both transports, the OTP gate's
//! failures (wrong three times, expired), a 17-digit ticket kept exact end to end, refusals and
//! faults explained, and every exchange journaled.

use kendra_client::{BskTransport, SecretString};
use kendra_journal::{Actor, Peer};
use kendra_profiles::{BskProfileSettings, PeerSettings, ProfileSettings, SecretInput, SecretName};
use kendra_workflows::bsk_counter::{
    service_catalogue, BskCounter, DownloadInput, InitiateInput, OtpRequestInput, OtpVerifyInput,
    SaveTarget, StatusInput,
};
use kendra_workflows::Error;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::sandbox_fixture::SandboxDesk;

const DEO: &str = "9054233544";
const V4_PROFILE: &str = "bsk-v4";
/// Rina Bagdi's caste certificate: base64 PDF behind the OTP gate.
const CASTE_CERTIFICATE: &str = "WB/SC/BRP/2024/0118342";
const RINA_MOBILE: &str = "9647120385";
/// Ayesha Khatun's birth certificate: PNG image behind the OTP gate.
const BIRTH_CERTIFICATE: &str = "B/2024/DMK/556701";
const AYESHA_MOBILE: &str = "8972046613";

fn text(info: &Value, pointer: &str) -> String {
    info.pointer(pointer).unwrap().as_str().unwrap().to_owned()
}

/// A v4 (passcode + JWT) profile beside the imported v5 `sandbox-bsk`.
fn add_v4_profile(desk: &SandboxDesk) {
    let settings = ProfileSettings {
        peer: PeerSettings::Bsk(BskProfileSettings {
            base_url: desk.base(),
            api2_url: None,
            transport: BskTransport::V4Jwt,
            ids_as_text: false,
            api_paths: Default::default(),
        }),
        sandbox: true,
    };
    let secrets = SecretInput::new()
        .with(SecretName::BskPasscode, text(&desk.info, "/bsk/passcode"))
        .with(
            SecretName::BskJwtSecret,
            text(&desk.info, "/bsk/jwt_secret"),
        );
    desk.profiles()
        .set(V4_PROFILE, &settings, &secrets)
        .unwrap();
}

fn counter<'a>(desk: &'a SandboxDesk, profile: &str) -> BskCounter<'a> {
    let client = desk.profiles().bsk_counter_client(profile).unwrap();
    BskCounter::new(&desk.journal, Actor::Cli, profile, client)
}

/// The last OTP the sandbox "sent" to `mobile`.
fn last_otp(desk: &SandboxDesk, mobile: &str) -> String {
    desk.sandbox
        .shared()
        .inbox
        .list(Some("bsk"), Some(mobile))
        .last()
        .and_then(|m| m.otp.clone())
        .expect("an OTP in the sandbox inbox")
}

/// A code that is not `otp` (same length).
fn wrong(otp: &str) -> String {
    otp.chars()
        .map(|c| {
            let d = c.to_digit(10).unwrap();
            char::from_digit((d + 1) % 10, 10).unwrap()
        })
        .collect()
}

fn bsk_exchanges(desk: &SandboxDesk) -> Vec<kendra_journal::exchanges::StoredExchange> {
    desk.journal
        .exchanges(Some(Peer::Bsk), 0, i64::MAX, 10_000)
        .unwrap()
}

fn initiate_input(ticket: &str) -> InitiateInput {
    InitiateInput {
        user_id: DEO.into(),
        ticket_no: Some(ticket.into()),
        service_code: "amd003".into(),
        name: "Arindam Ray".into(),
        mobile: "+91 93507 78824".into(),
        email: Some("arindam.ray@cmail.com".into()),
        gender: Some("M".into()),
        age: Some("48".into()),
    }
}

#[tokio::test]
async fn the_whole_counter_flow_in_v4_and_v5() {
    let desk = SandboxDesk::start().await;
    add_v4_profile(&desk);
    let out = tempfile::tempdir().unwrap();
    for (profile, ticket) in [
        ("sandbox-bsk", "20241215101500123"),
        (V4_PROFILE, "20241215101600456"),
    ] {
        let counter = counter(&desk, profile);

        // API-1: validated, journaled (citizen encrypted), initiated.
        let initiated = counter.initiate(&initiate_input(ticket)).await.unwrap();
        assert_eq!(initiated.ticket_no, ticket);
        assert_eq!(initiated.service_code, "AMD/003");
        assert_eq!(initiated.service_name, "Seed Certificate");
        assert_eq!(initiated.message, "Initiated");
        assert_eq!(initiated.application_status, 1);
        // The sandbox answers with the tables' own spellings.
        assert!(initiated.field_variants.is_empty(), "{initiated:?}");
        assert!(
            initiated
                .app_sub_time
                .as_deref()
                .unwrap()
                .ends_with("+05:30"),
            "{initiated:?}"
        );
        let row = desk.journal.bsk_ticket(DEO, ticket).unwrap().unwrap();
        assert_eq!(row.current_status.as_deref(), Some("Initiated"));
        assert_eq!(row.profile.as_deref(), Some(profile));
        let citizen = desk
            .journal
            .citizen_of(row.application_ref)
            .unwrap()
            .unwrap();
        assert_eq!(citizen.mobile.as_deref(), Some("9350778824"));
        assert_eq!(citizen.name.as_deref(), Some("Arindam Ray"));
        // A retry of the same ticket is answered again, not journaled twice.
        let again = counter.initiate(&initiate_input(ticket)).await.unwrap();
        assert_eq!(again.journal_ref, initiated.journal_ref);

        // API-3: the timeline, newest last, IST; the stages go into the status history.
        let status = counter
            .status(&StatusInput {
                user_id: DEO.into(),
                ticket_no: None,
                service_code: Some("AMD/003".into()),
                application_no: "AP7373633/003".into(),
            })
            .await
            .unwrap();
        assert_eq!(status.stages.len(), 4);
        assert!(status.field_variants.is_empty(), "{status:?}");
        assert_eq!(status.latest.as_deref(), Some("Certificate Issued"));
        assert_eq!(status.stages[0].message, "Successfully Submitted");
        let times: Vec<&str> = status
            .stages
            .iter()
            .map(|s| s.response_time.as_str())
            .collect();
        let mut sorted = times.clone();
        sorted.sort_unstable();
        assert_eq!(times, sorted);
        assert!(status
            .stages
            .iter()
            .all(|s| s.at.as_deref().unwrap().ends_with("+05:30")));
        let app: i64 = status.journal_ref.parse().unwrap();
        let history = desk.journal.status_history(app).unwrap();
        assert!(history.len() >= 4);
        assert_eq!(history.last().unwrap().status_code, "Certificate Issued");
        assert_eq!(history.last().unwrap().remarks.as_deref(), Some("API-3"));

        // API-5A → SMS → API-5B: the base64 PDF is saved, typed and hashed.
        let requested = counter
            .request_otp(&OtpRequestInput {
                document_no: CASTE_CERTIFICATE.into(),
                ..OtpRequestInput::default()
            })
            .await
            .unwrap();
        assert!(requested.sent);
        assert!(requested.message.as_deref().unwrap().contains("0385"));
        let otp = last_otp(&desk, RINA_MOBILE);
        let document = counter
            .verify_otp(&OtpVerifyInput {
                otp_id: requested.otp_id.clone(),
                otp: SecretString::from(otp.clone()),
                document_no: Some(CASTE_CERTIFICATE.into()),
                save: SaveTarget::Folder(out.path().to_path_buf()),
            })
            .await
            .unwrap();
        assert_eq!(document.released_by, "API-5B");
        assert_eq!(document.delivered_as, "base64");
        let bytes = std::fs::read(&document.file.path).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(document.file.media_type, "application/pdf");
        assert_eq!(document.file.bytes, bytes.len() as u64);
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(document.file.sha256, digest);
        let attempts = desk.journal.otp_attempts(&requested.otp_id).unwrap();
        let outcomes: Vec<(&str, &str)> = attempts
            .iter()
            .map(|a| (a.purpose.as_str(), a.outcome.as_str()))
            .collect();
        assert_eq!(outcomes, [("request", "sent"), ("verify", "verified")]);
        assert!(attempts.iter().all(|a| a.exchange_id.is_some()));

        // API-4 without OTP: a link, fetched.
        let linked = counter
            .download(&DownloadInput {
                user_id: DEO.into(),
                ticket_no: None,
                service_code: Some("AMD/003".into()),
                document_no: "AMD/SC/2024/004417".into(),
                save: SaveTarget::File(out.path().join(format!("seed-{profile}.pdf"))),
            })
            .await
            .unwrap();
        assert_eq!(linked.delivered_as, "link");
        assert_eq!(linked.released_by, "API-4");
        assert!(std::fs::read(&linked.file.path)
            .unwrap()
            .starts_with(b"%PDF-"));

        // API-4 of a document behind the OTP gate: said in plain words.
        let err = counter
            .download(&DownloadInput {
                user_id: DEO.into(),
                ticket_no: None,
                service_code: Some("BCW/001".into()),
                document_no: CASTE_CERTIFICATE.into(),
                save: SaveTarget::Folder(out.path().to_path_buf()),
            })
            .await
            .unwrap_err();
        assert_eq!(err.code(), "otp_required", "{err}");
        assert!(err.to_string().contains("OTP"), "{err}");

        // API-6.
        let access = desk
            .info
            .pointer("/bsk/departments")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["deptCode"] == "AMD")
            .unwrap()["accessCode"]
            .to_string();
        let deo = counter
            .deo(DEO, "amd", &SecretString::from(access.clone()))
            .await
            .unwrap();
        assert_eq!(deo.user_name.as_deref(), Some("Charan Das"));
        assert_eq!(deo.status, "active");
        assert_eq!(deo.district.as_deref(), Some("Hooghly"));
        let refused = counter
            .deo(DEO, "AMD", &SecretString::from("1111111".to_owned()))
            .await
            .unwrap_err();
        assert!(matches!(refused, Error::Refused { .. }), "{refused:?}");
        // The access code and the OTP are in no journaled body.
        for exchange in bsk_exchanges(&desk) {
            for body in [
                &exchange.record.request_body,
                &exchange.record.response_body,
            ]
            .into_iter()
            .flatten()
            {
                assert!(!body.contains(&access), "{body}");
                if exchange.record.endpoint == "API-5B" {
                    assert!(!body.contains(&otp), "{body}");
                }
            }
        }
    }
    // Every call of both passes is journaled, each with its outcome.
    let exchanges = bsk_exchanges(&desk);
    for endpoint in [
        "API-1",
        "API-3",
        "API-4",
        "API-5A",
        "API-5B",
        "API-6",
        "document link",
    ] {
        assert!(
            exchanges.iter().any(|e| e.record.endpoint == endpoint),
            "{endpoint} not journaled"
        );
    }
    assert!(exchanges.iter().any(|e| e.record.outcome == "FAILED"));
}

#[tokio::test]
async fn a_wrong_otp_three_times_blocks_it_and_each_try_is_explained() {
    let desk = SandboxDesk::start().await;
    let out = tempfile::tempdir().unwrap();
    let counter = counter(&desk, "sandbox-bsk");
    let requested = counter
        .request_otp(&OtpRequestInput {
            document_no: BIRTH_CERTIFICATE.into(),
            ..OtpRequestInput::default()
        })
        .await
        .unwrap();
    let otp = last_otp(&desk, AYESHA_MOBILE);
    let verify = |code: &str| OtpVerifyInput {
        otp_id: requested.otp_id.clone(),
        otp: SecretString::from(code.to_owned()),
        document_no: None,
        save: SaveTarget::Folder(out.path().to_path_buf()),
    };
    let first = counter.verify_otp(&verify(&wrong(&otp))).await.unwrap_err();
    assert_eq!(first.code(), "otp_wrong");
    assert!(
        first.to_string().contains("can try 2 more times"),
        "{first}"
    );
    assert!(first.detail().unwrap().contains("attemptsLeft 2"));
    let second = counter.verify_otp(&verify(&wrong(&otp))).await.unwrap_err();
    assert!(second.to_string().contains("once more"), "{second}");
    let third = counter.verify_otp(&verify(&wrong(&otp))).await.unwrap_err();
    assert_eq!(third.code(), "otp_attempts_exhausted");
    assert!(third.to_string().contains("blocked"), "{third}");
    assert!(third.to_string().contains("request a new OTP"), "{third}");
    // Even the right code is refused now.
    let blocked = counter.verify_otp(&verify(&otp)).await.unwrap_err();
    assert_eq!(blocked.code(), "otp_attempts_exhausted");
    // A malformed OTP never leaves the desk.
    let typo = counter.verify_otp(&verify("12a4")).await.unwrap_err();
    assert!(matches!(&typo, Error::Input { field, .. } if field == "otp"));

    let outcomes: Vec<String> = desk
        .journal
        .otp_attempts(&requested.otp_id)
        .unwrap()
        .into_iter()
        .map(|a| format!("{}:{}", a.purpose, a.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            "request:sent",
            "verify:wrong",
            "verify:wrong",
            "verify:attempts_exhausted",
            "verify:attempts_exhausted"
        ]
    );
    let verifies: Vec<_> = bsk_exchanges(&desk)
        .into_iter()
        .filter(|e| e.record.endpoint == "API-5B")
        .collect();
    assert_eq!(verifies.len(), 4);
    for e in &verifies {
        assert_eq!(e.record.outcome, "FAILED");
        let body = e.record.request_body.as_deref().unwrap();
        assert!(body.contains("\"userTypedOtp\":\"••••\""), "{body}");
        assert!(
            !body.contains(&otp) && !body.contains(&wrong(&otp)),
            "{body}"
        );
    }
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn an_expired_otp_is_explained_and_a_new_one_works() {
    let desk = SandboxDesk::start().await;
    let out = tempfile::tempdir().unwrap();
    let counter = counter(&desk, "sandbox-bsk");
    let requested = counter
        .request_otp(&OtpRequestInput {
            document_no: BIRTH_CERTIFICATE.into(),
            ..OtpRequestInput::default()
        })
        .await
        .unwrap();
    let otp = last_otp(&desk, AYESHA_MOBILE);
    desk.sandbox.shared().clock.advance(301);
    let input = |code: &str, otp_id: &str| OtpVerifyInput {
        otp_id: otp_id.to_owned(),
        otp: SecretString::from(code.to_owned()),
        document_no: Some(BIRTH_CERTIFICATE.into()),
        save: SaveTarget::Folder(out.path().to_path_buf()),
    };
    let expired = counter
        .verify_otp(&input(&otp, &requested.otp_id))
        .await
        .unwrap_err();
    assert_eq!(expired.code(), "otp_expired", "{expired}");
    assert!(expired.to_string().contains("has expired"), "{expired}");
    assert!(expired.detail().unwrap().contains("valid 5 minutes"));
    let attempts = desk.journal.otp_attempts(&requested.otp_id).unwrap();
    assert_eq!(attempts.last().unwrap().outcome, "expired");

    // A new OTP for the same otpId replaces the expired one; the image is saved as PNG.
    let again = counter
        .request_otp(&OtpRequestInput {
            document_no: BIRTH_CERTIFICATE.into(),
            otp_id: Some(requested.otp_id.clone()),
            ..OtpRequestInput::default()
        })
        .await
        .unwrap();
    let fresh = last_otp(&desk, AYESHA_MOBILE);
    let document = counter
        .verify_otp(&input(&fresh, &again.otp_id))
        .await
        .unwrap();
    assert_eq!(document.delivered_as, "image");
    assert!(
        document.file.path.ends_with("B-2024-DMK-556701.png"),
        "{}",
        document.file.path
    );
    assert_eq!(document.file.media_type, "image/png");
}

#[tokio::test]
async fn a_17_digit_ticket_survives_the_whole_round_trip() {
    let desk = SandboxDesk::start().await;
    let ticket = "20221202153322882";
    let counter = counter(&desk, "sandbox-bsk");
    let initiated = counter.initiate(&initiate_input(ticket)).await.unwrap();
    assert_eq!(initiated.ticket_no, ticket);
    assert_eq!(
        serde_json::to_value(&initiated).unwrap()["ticket_no"],
        json!(ticket)
    );
    // On the wire a JSON number with every digit (the spec's type), not a rounded double.
    let api1 = bsk_exchanges(&desk)
        .into_iter()
        .find(|e| e.record.endpoint == "API-1")
        .unwrap();
    let sent = api1.record.request_body.unwrap();
    assert!(sent.contains("\"ticketNo\":20221202153322882"), "{sent}");
    assert!(!sent.contains("20221202153322880"), "{sent}");
    let answered = api1.record.response_body.unwrap();
    assert!(answered.contains("20221202153322882"), "{answered}");
    // In the journal, as text.
    let row = desk.journal.bsk_ticket(DEO, ticket).unwrap().unwrap();
    assert_eq!(row.ticket_no, ticket);

    // The status search on the same ticket finds it in the journal and keeps it exact.
    let status = counter
        .status(&StatusInput {
            user_id: DEO.into(),
            ticket_no: Some(ticket.into()),
            service_code: None,
            application_no: "AP7373633/003".into(),
        })
        .await
        .unwrap();
    assert_eq!(status.ticket_no, ticket);
    assert_eq!(status.journal_ref, initiated.journal_ref);
    let doc = serde_json::to_value(&status).unwrap();
    assert_eq!(doc["ticket_no"], json!(ticket));
    assert_eq!(doc["user_id"], json!(DEO));
    let row = desk.journal.bsk_ticket(DEO, ticket).unwrap().unwrap();
    assert_eq!(row.app_no.as_deref(), Some("AP7373633/003"));
    assert_eq!(row.current_status.as_deref(), Some("Certificate Issued"));
    // The same search again adds nothing to the history.
    let again = counter
        .status(&StatusInput {
            user_id: DEO.into(),
            ticket_no: Some(ticket.into()),
            service_code: None,
            application_no: "AP7373633/003".into(),
        })
        .await
        .unwrap();
    assert_eq!(again.new_stages, 0);
}

#[tokio::test]
async fn bad_input_is_named_and_nothing_is_sent() {
    let desk = SandboxDesk::start().await;
    let counter = counter(&desk, "sandbox-bsk");
    type Spoil = fn(&mut InitiateInput);
    let cases: [(&str, Spoil); 7] = [
        ("mobile", |i| i.mobile = "93507".into()),
        ("age", |i| i.age = Some("0".into())),
        ("gender", |i| i.gender = Some("x".into())),
        ("email", |i| i.email = Some("arindam.cmail.com".into())),
        ("user_id", |i| i.user_id = "905423354".into()),
        ("service_code", |i| i.service_code = "XYZ/009".into()),
        ("ticket_no", |i| i.ticket_no = Some("2022120215332".into())),
    ];
    for (field, spoil) in cases {
        let mut input = initiate_input("20241215101500123");
        spoil(&mut input);
        let err = counter.initiate(&input).await.unwrap_err();
        assert!(
            matches!(&err, Error::Input { field: f, .. } if f == field),
            "{field}: {err:?}"
        );
        assert!(err.to_string().starts_with(field), "{err}");
    }
    assert!(bsk_exchanges(&desk).is_empty());
    assert!(desk
        .journal
        .bsk_ticket(DEO, "20241215101500123")
        .unwrap()
        .is_none());
    let err = counter
        .status(&StatusInput {
            user_id: DEO.into(),
            ticket_no: None,
            service_code: None,
            application_no: "NOT/KNOWN/1".into(),
        })
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Input { field, .. } if field == "service_code"));
}

#[tokio::test]
async fn refusals_and_faults_are_explained_and_journaled() {
    let desk = SandboxDesk::start().await;
    let counter = counter(&desk, "sandbox-bsk");
    // The department does not know the application: its words, in a sentence.
    let err = counter
        .status(&StatusInput {
            user_id: DEO.into(),
            ticket_no: None,
            service_code: Some("AMD/003".into()),
            application_no: "AP0000000/003".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "peer_failed");
    assert!(
        err.to_string()
            .starts_with("the department refused: could not give the status"),
        "{err}"
    );
    assert!(err.to_string().contains("AP0000000/003"), "{err}");

    // A server error: the client's class, journaled as such.
    desk.control(
        "/_sandbox/faults",
        json!({"endpoint": "/bsk/department/api-3/status", "kind": "http_500", "times": 1}),
    )
    .await;
    let err = counter
        .status(&StatusInput {
            user_id: DEO.into(),
            ticket_no: None,
            service_code: Some("AMD/003".into()),
            application_no: "AP7373633/003".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "http_5xx", "{err}");
    assert!(err.detail().unwrap().contains("HTTP 500"));
    let outcomes: Vec<String> = bsk_exchanges(&desk)
        .into_iter()
        .map(|e| e.record.outcome)
        .collect();
    assert_eq!(outcomes, ["FAILED", "http_5xx"]);

    // A connection reset on the document link: the document is not saved.
    let out = tempfile::tempdir().unwrap();
    desk.control(
        "/_sandbox/faults",
        json!({"endpoint": "/bsk/department/documents/*", "kind": "reset", "times": 1}),
    )
    .await;
    let err = counter
        .download(&DownloadInput {
            user_id: DEO.into(),
            ticket_no: None,
            service_code: Some("AMD/003".into()),
            document_no: "AMD/SC/2024/004417".into(),
            save: SaveTarget::Folder(out.path().to_path_buf()),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Client(_)), "{err:?}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn the_catalogue_is_the_sandbox_s() {
    let sandbox = kendra_sandbox::peers::bsk::seed_data::services();
    let core = service_catalogue::services();
    assert_eq!(sandbox.len(), core.len());
    for (s, c) in sandbox.iter().zip(&core) {
        assert_eq!(
            (s.code.as_str(), s.name, s.dept_code),
            (c.service_code.as_str(), c.service_name, c.dept_code)
        );
    }
    assert_eq!(
        kendra_sandbox::peers::bsk::seed_data::DEPARTMENTS,
        service_catalogue::DEPARTMENTS
    );
}
