//! The DEO screens' handlers against the in-process sandbox: initiate → today's tickets → status
//! (by ticket, by application number, asking for the service) → OTP (wrong, then right) →
//! preview and copy; API-4 for a document without the OTP gate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use kendra_journal::Actor;
use kendra_sandbox::{RunningSandbox, SandboxConfig};

use super::*;
use crate::{Desk, ErrorCode};

const DEO: &str = "9054233544";
const PROFILE: &str = "sandbox-bsk";
/// Rina Bagdi's caste certificate: a base64 PDF behind the OTP gate.
const CASTE_CERTIFICATE: &str = "WB/SC/BRP/2024/0118342";
const RINA_MOBILE: &str = "9647120385";
/// Ayesha Khatun's birth certificate: a PNG behind the OTP gate.
const BIRTH_CERTIFICATE: &str = "B/2024/DMK/556701";
const AYESHA_MOBILE: &str = "8972046613";

struct Fixture {
    sandbox: RunningSandbox,
    desk: Desk,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let info = kendra_sandbox::control::info_document(sandbox.shared());
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(kendra_secrets::MemoryStore::new())).unwrap();
    kendra_profiles::Profiles::new(desk.journal(), desk.store(), Actor::Cli)
        .import_sandbox(&info)
        .unwrap();
    Fixture {
        sandbox,
        desk,
        _dir: dir,
    }
}

impl Fixture {
    fn last_otp(&self, mobile: &str) -> String {
        self.sandbox
            .shared()
            .inbox
            .list(Some("bsk"), Some(mobile))
            .last()
            .and_then(|m| m.otp.clone())
            .expect("an OTP in the sandbox inbox")
    }
}

fn form() -> CitizenForm {
    CitizenForm {
        user_id: DEO.into(),
        service_code: "AMD/003".into(),
        name: "সুকুমার মণ্ডল".into(),
        mobile: "93507 78824".into(),
        email: String::new(),
        gender: "male".into(),
        age: "48".into(),
    }
}

fn wrong(otp: &str) -> String {
    otp.chars()
        .map(|c| char::from_digit((c.to_digit(10).unwrap() + 1) % 10, 10).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_then_status_then_documents() {
    let f = fixture().await;
    let desk = &f.desk;

    let profiles = deo_profiles(desk).unwrap();
    assert_eq!(profiles.default_profile.as_deref(), Some(PROFILE));
    assert!(profiles.profiles[0].sandbox);
    assert!(profiles.profiles[0]
        .base_url
        .starts_with("http://127.0.0.1:"));

    // Counter: the ticket, its ids exact, then today's list shows it with the citizen's name.
    let ticket = deo_initiate(
        desk,
        InitiateRequest {
            profile: PROFILE.into(),
            form: form(),
        },
    )
    .await
    .unwrap();
    assert_eq!(ticket.user_id, DEO);
    assert_eq!(ticket.ticket_no.len(), 17);
    assert_eq!(ticket.service.service_name, "Seed Certificate");
    assert_eq!(ticket.message, "Initiated");
    assert!(ticket.submitted_at.as_deref().unwrap().ends_with("+05:30"));
    let today = deo_today(desk).unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].ticket_no, ticket.ticket_no);
    assert_eq!(today[0].citizen_name.as_deref(), Some("সুকুমার মণ্ডল"));
    assert_eq!(today[0].service_name.as_deref(), Some("Seed Certificate"));
    assert!(today[0].created_at.ends_with("+05:30"));

    // Status by the new ticket: not numbered yet, the journal's "Initiated".
    let by_ticket = deo_status(
        desk,
        StatusQuery {
            profile: PROFILE.into(),
            user_id: DEO.into(),
            number: ticket.ticket_no.clone(),
            service_code: None,
        },
    )
    .await
    .unwrap();
    match by_ticket {
        StatusAnswer::NotNumberedYet {
            stages, ticket_no, ..
        } => {
            assert_eq!(ticket_no, ticket.ticket_no);
            assert_eq!(stages.last().unwrap().message, "Initiated");
        }
        other => panic!("{other:?}"),
    }

    // Status by an application number the journal does not know: asks for the service, then
    // gives the timeline newest last.
    let query = |service: Option<&str>| StatusQuery {
        profile: PROFILE.into(),
        user_id: DEO.into(),
        number: "AP7373633/003".into(),
        service_code: service.map(str::to_owned),
    };
    assert_eq!(
        deo_status(desk, query(None)).await.unwrap(),
        StatusAnswer::NeedsService {
            application_no: "AP7373633/003".into()
        }
    );
    let StatusAnswer::Timeline {
        stages,
        latest,
        new_stages,
        ..
    } = deo_status(desk, query(Some("AMD/003"))).await.unwrap()
    else {
        panic!("no timeline")
    };
    assert_eq!(stages.len(), 4);
    assert_eq!(latest.as_deref(), Some("Certificate Issued"));
    assert_eq!(stages.last().unwrap().message, "Certificate Issued");
    assert_eq!(new_stages, 4);
    // Now the journal knows it: no service needed, nothing new.
    let StatusAnswer::Timeline { new_stages, .. } = deo_status(desk, query(None)).await.unwrap()
    else {
        panic!("no timeline the second time")
    };
    assert_eq!(new_stages, 0);

    // Documents: OTP → wrong (attempts left) → right → the PDF saved, typed and hashed.
    let sent = deo_otp_request(
        desk,
        OtpRequest {
            profile: PROFILE.into(),
            document_no: CASTE_CERTIFICATE.into(),
        },
    )
    .await
    .unwrap();
    assert!(sent.message.as_deref().unwrap().contains("0385"));
    assert!(sent.expected_expiry > sent.requested_at.clone() || sent.expected_expiry.len() > 20);
    assert_eq!(sent.expected_attempts, 3);
    let otp = f.last_otp(RINA_MOBILE);
    let verify = |otp: String| OtpVerifyRequest {
        profile: PROFILE.into(),
        otp_id: sent.otp_id.clone(),
        otp,
        document_no: CASTE_CERTIFICATE.into(),
    };
    let refused = deo_otp_verify(desk, verify(wrong(&otp))).await.unwrap();
    assert!(
        matches!(
            refused,
            OtpVerifyAnswer::Refused {
                reason: OtpRefusal::Wrong,
                attempts_left: Some(2),
                ..
            }
        ),
        "{refused:?}"
    );
    let OtpVerifyAnswer::Released { document } = deo_otp_verify(desk, verify(otp)).await.unwrap()
    else {
        panic!("not released")
    };
    assert_eq!(document.kind, DocumentKind::Pdf);
    assert_eq!(document.released_by, "API-5B");
    assert_eq!(document.file_name, "WB-SC-BRP-2024-0118342.pdf");
    assert_eq!(document.sha256.len(), 64);
    // A used OTP is explained, not an error.
    let used = deo_otp_verify(desk, verify(f.last_otp(RINA_MOBILE)))
        .await
        .unwrap();
    assert!(
        matches!(
            used,
            OtpVerifyAnswer::Refused {
                reason: OtpRefusal::Used,
                ..
            }
        ),
        "{used:?}"
    );

    // A PDF is not previewed; a copy is saved beside others under a free name.
    let err = deo_document_preview(desk, &document.file_name).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let downloads = tempfile::tempdir().unwrap();
    let copy = deo_document_save_copy(desk, &document.file_name, downloads.path()).unwrap();
    assert!(
        copy.path.ends_with("WB-SC-BRP-2024-0118342.pdf"),
        "{}",
        copy.path
    );
    // Only plain names inside the documents folder.
    for bad in [
        "../journal.sqlite3",
        "/etc/passwd",
        "",
        ".hidden",
        "nope.pdf",
    ] {
        assert!(deo_document_preview(desk, bad).is_err(), "{bad}");
    }

    // The image certificate: previewed as base64 PNG.
    let sent = deo_otp_request(
        desk,
        OtpRequest {
            profile: PROFILE.into(),
            document_no: BIRTH_CERTIFICATE.into(),
        },
    )
    .await
    .unwrap();
    let OtpVerifyAnswer::Released { document } = deo_otp_verify(
        desk,
        OtpVerifyRequest {
            profile: PROFILE.into(),
            otp_id: sent.otp_id,
            otp: f.last_otp(AYESHA_MOBILE),
            document_no: BIRTH_CERTIFICATE.into(),
        },
    )
    .await
    .unwrap() else {
        panic!("image not released")
    };
    assert_eq!(document.kind, DocumentKind::Png);
    let preview = deo_document_preview(desk, &document.file_name).unwrap();
    assert_eq!(preview.media_type, "image/png");
    assert!(preview.base64.starts_with("iVBORw0KGgo"));

    // API-4: a document that needs no OTP (the journal knows its service from the status).
    let doc = deo_document_download(
        desk,
        DocumentDownloadRequest {
            profile: PROFILE.into(),
            user_id: DEO.into(),
            document_no: "AP7373633/003".into(),
            service_code: Some("AMD/003".into()),
        },
    )
    .await;
    match doc {
        Ok(d) => assert_eq!(d.released_by, "API-4"),
        Err(e) => panic!("{e:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_and_bad_input_are_ipc_errors() {
    let f = fixture().await;
    let desk = &f.desk;
    // The core's validation names the field.
    let err = deo_initiate(
        desk,
        InitiateRequest {
            profile: PROFILE.into(),
            form: CitizenForm {
                mobile: "123".into(),
                ..form()
            },
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("mobile"), "{err:?}");
    // No such profile.
    let err = deo_initiate(
        desk,
        InitiateRequest {
            profile: "nope".into(),
            form: form(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound, "{err:?}");
    // A document number the department does not know: refused in its words.
    let err = deo_otp_request(
        desk,
        OtpRequest {
            profile: PROFILE.into(),
            document_no: "NO/SUCH/DOC".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::PeerRejected, "{err:?}");
}
