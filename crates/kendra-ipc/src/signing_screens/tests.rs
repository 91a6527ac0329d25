//! The signing screen's and Settings panels' handlers against the in-process sandbox.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use kendra_sandbox::faults::{FaultRule, FaultSpec};
use kendra_sandbox::inbox::{Channel, NewMessage};
use kendra_sandbox::{RunningSandbox, SandboxConfig};
use kendra_wire::base64_text;

use super::profiles_panel::{SecretEntry, SettingValue};
use super::sandbox_panel::{fault_spec, sandbox_panel, FaultKindChoice};
use super::*;
use crate::{Desk, ErrorCode, PeerId};

struct Fixture {
    _dir: tempfile::TempDir,
    desk: Desk,
    sandbox: RunningSandbox,
}

async fn fixture() -> Fixture {
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(kendra_secrets::MemoryStore::new());
    let desk = Desk::open(dir.path(), store).unwrap();
    let info = kendra_sandbox::control::info_document(sandbox.shared());
    desk.profiles().import_sandbox(&info).unwrap();
    Fixture {
        _dir: dir,
        desk,
        sandbox,
    }
}

fn request(job_id: &str, cert_alias: &str, documents: Vec<SigningDocument>) -> SigningRequest {
    SigningRequest {
        job_id: job_id.into(),
        profile: "sandbox-csp".into(),
        cert_alias: cert_alias.into(),
        cert_password: None,
        description: Some("income certificate".into()),
        documents,
        time_limit_secs: Some(30),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_pick_a_certificate_sign_a_file_with_progress_verify_and_save() {
    let f = fixture().await;
    let login = signing_login(&f.desk, "sandbox-csp").await.unwrap();
    assert_eq!(login.login, "password");
    assert_eq!(login.user_id.as_deref(), Some("amit.verma"));
    assert!(!login.link_encrypted);
    let cert = login
        .certificates
        .first()
        .expect("the officer has a certificate");
    assert!(cert.valid_now && cert.problem.is_none());

    let pdf = b"%PDF-1.4 income certificate of Arindam Ray";
    let doc = signing_hash_file("income-certificate.pdf", &base64_text::encode(pdf)).unwrap();
    assert_eq!(doc.file_bytes, Some(pdf.len() as u32));
    assert_eq!(doc.sha256.len(), 64);
    let pasted = SigningDocument {
        name: "hash-1".into(),
        sha256: "ab".repeat(32),
        file_bytes: None,
    };

    let sessions = SigningSessions::new();
    let mut steps = Vec::new();
    let shared = Arc::clone(f.sandbox.shared());
    let result = signing_sign(
        &f.desk,
        &sessions,
        request("job-1", &cert.cert_alias, vec![doc.clone(), pasted]),
        |step| {
            if matches!(step, SigningProgress::Pending { .. }) {
                // Approve at once on the sandbox's clock.
                shared.clock.advance(5);
            }
            steps.push(step);
        },
    )
    .await
    .unwrap();
    assert!(matches!(steps[0], SigningProgress::Preparing { .. }));
    assert!(steps.iter().any(
        |s| matches!(s, SigningProgress::Pending { request_id, .. } if !request_id.is_empty())
    ));
    assert!(matches!(
        steps.last(),
        Some(SigningProgress::Verifying { signatures: 2 })
    ));
    assert_eq!(result.status, "SUCCESS");
    assert_eq!(result.documents.len(), 2);
    assert!(result.documents.iter().all(|d| d.verified));
    assert_eq!(result.documents[0].sha256, doc.sha256);
    assert!(result.documents[0].verified_with.contains("SHA-256"));

    let out = tempfile::tempdir().unwrap();
    let saved = signing_save(&sessions, "job-1", out.path()).unwrap();
    assert_eq!(
        saved.files[..2],
        [
            "income-certificate.pdf.sig".to_owned(),
            "hash-1.sig".to_owned()
        ]
    );
    let folder = std::path::Path::new(&saved.folder);
    let sig = std::fs::read(folder.join("income-certificate.pdf.sig")).unwrap();
    assert_eq!(
        base64_text::encode(&sig),
        result.documents[0].signature_base64
    );
    let pem = std::fs::read_to_string(folder.join(&saved.files[2])).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert!(folder.join("signing-report.json").exists());
    let again = signing_save(&sessions, "job-1", out.path()).unwrap();
    assert_ne!(again.folder, saved.folder, "a second save never overwrites");

    let history = signing_history(&f.desk, Some("sandbox-csp"), 10).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|r| r.state == "signed"));
    assert!(history[0].updated_at.ends_with("+05:30"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_while_pending_stops_and_marks_the_request_abandoned() {
    let f = fixture().await;
    let login = signing_login(&f.desk, "sandbox-csp").await.unwrap();
    let alias = login.certificates[0].cert_alias.clone();
    let sessions = SigningSessions::new();
    let err = signing_sign(
        &f.desk,
        &sessions,
        request(
            "job-2",
            &alias,
            vec![SigningDocument {
                name: "doc".into(),
                sha256: "cd".repeat(32),
                file_bytes: None,
            }],
        ),
        |step| {
            if matches!(step, SigningProgress::Pending { .. }) {
                assert!(signing_cancel(&sessions, "job-2"));
            }
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("nothing was signed"), "{err}");
    assert!(!signing_cancel(&sessions, "job-2"), "no longer running");
    let history = signing_history(&f.desk, None, 10).unwrap();
    assert_eq!(history[0].state, "abandoned");
    assert!(matches!(
        signing_save(&sessions, "job-2", std::path::Path::new("/nonexistent")),
        Err(e) if e.code == ErrorCode::NotFound
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_hashes_and_unknown_certificates_are_invalid_input_naming_them() {
    let f = fixture().await;
    let sessions = SigningSessions::new();
    let short = SigningDocument {
        name: "hash-1".into(),
        sha256: "abcd".into(),
        file_bytes: None,
    };
    let err = signing_sign(&f.desk, &sessions, request("j", "x", vec![short]), |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("64 hex digits"), "{err}");
    let doc = SigningDocument {
        name: "d".into(),
        sha256: "00".repeat(32),
        file_bytes: None,
    };
    let err = signing_sign(&f.desk, &sessions, request("j", "nope", vec![doc]), |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("nope"), "{err}");
    let err = signing_login(&f.desk, "sandbox-isp").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_made_with_a_secret_shows_it_masked_and_never_sends_it_back() {
    let f = fixture().await;
    let panel = settings_profiles(&f.desk).unwrap();
    assert_eq!(panel.profiles.len(), 5);
    assert!(panel.profiles.iter().all(|p| p.sandbox && p.complete));
    assert_eq!(panel.forms.len(), 5);

    let secret = "Very-Secret-Client-Value-42";
    let base_url = f.sandbox.base_url().to_owned();
    let value = |key: &str, value: &str| SettingValue {
        key: key.into(),
        value: value.into(),
    };
    let save = ProfileSave {
        name: "up-revenue-csp".into(),
        peer: PeerId::Csp,
        settings: vec![
            value("base_url", &base_url),
            value("client_id", "kendra_sandbox_client"),
            value("grant", "client_credentials"),
            value("username", ""),
            value("profile_id", ""),
        ],
        secrets: vec![SecretEntry {
            field: "client_secret".into(),
            value: secret.into(),
        }],
    };
    let row = settings_profile_save(&f.desk, save.clone()).unwrap();
    assert!(!row.sandbox);
    let client_secret = row
        .secrets
        .iter()
        .find(|s| s.field == "client_secret")
        .unwrap();
    let mask = client_secret.mask.clone().unwrap();
    assert!(mask.starts_with("••••"), "{mask}");
    let json = serde_json::to_string(&settings_profiles(&f.desk).unwrap()).unwrap();
    assert!(!json.contains(secret));
    assert!(json.contains(&mask));

    // Edit without secrets: the secret stays; the changed setting is kept.
    let mut edit = save.clone();
    edit.settings = vec![value("profile_id", "CSP-Kendra-Sandbox")];
    edit.secrets.clear();
    let edited = settings_profile_save(&f.desk, edit).unwrap();
    let shown = |key: &str| {
        edited
            .settings
            .iter()
            .find(|s| s.key == key)
            .unwrap()
            .value
            .clone()
    };
    assert_eq!(shown("profile_id"), "CSP-Kendra-Sandbox");
    assert_eq!(shown("grant"), "client_credentials");
    assert_eq!(edited.secrets, row.secrets);

    let mut bad = save.clone();
    bad.settings = vec![value("grant", "magic")];
    let err = settings_profile_save(&f.desk, bad).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("grant"), "{err}");
    let mut other_peer = save;
    other_peer.peer = PeerId::Isp;
    assert!(settings_profile_save(&f.desk, other_peer).is_err());

    assert_eq!(
        settings_profile_delete(&f.desk, "up-revenue-csp").unwrap(),
        1
    );
    assert_eq!(settings_profiles(&f.desk).unwrap().profiles.len(), 5);
    let err = settings_profile_delete(&f.desk, "up-revenue-csp").unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn header_secrets_cipher_choice_round_trips() {
    let f = fixture().await;
    let panel = settings_profiles(&f.desk).unwrap();
    let hs = panel
        .profiles
        .iter()
        .find(|p| p.peer == PeerId::HeaderSecrets)
        .unwrap();
    let cipher = hs.settings.iter().find(|s| s.key == "cipher").unwrap();
    assert!(
        cipher.value == "bsk" || cipher.value.starts_with("isp:"),
        "{}",
        cipher.value
    );
    let saved = settings_profile_save(
        &f.desk,
        ProfileSave {
            name: hs.name.clone(),
            peer: PeerId::HeaderSecrets,
            settings: vec![SettingValue {
                key: "cipher".into(),
                value: "isp:ascii-iv".into(),
            }],
            secrets: Vec::new(),
        },
    )
    .unwrap();
    let cipher = saved.settings.iter().find(|s| s.key == "cipher").unwrap();
    assert_eq!(cipher.value, "isp:ascii-iv");
    assert!(saved.sandbox, "a sandbox profile stays marked as one");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_panel_shows_the_inbox_newest_first_and_the_faults() {
    let f = fixture().await;
    let shared = f.sandbox.shared();
    for otp in ["111111", "222222"] {
        shared.inbox.deliver(
            NewMessage {
                peer: "bsk",
                channel: Channel::Sms,
                to: "9350778824".into(),
                subject: "OTP".into(),
                body: format!("Your OTP is {otp}"),
                otp: Some(otp.into()),
            },
            shared.clock.now(),
        );
    }
    let add = FaultAdd {
        endpoint: "/ispws/*".into(),
        kind: FaultKindChoice::Latency,
        latency_ms: Some(1500),
        times: Some(2),
        fraction: None,
    };
    let spec: FaultSpec = fault_spec(&add).unwrap();
    spec.validate().unwrap();
    shared.faults.add(spec);
    let spec: FaultSpec = fault_spec(&FaultAdd {
        endpoint: "*".into(),
        kind: FaultKindChoice::Http500,
        latency_ms: None,
        times: None,
        fraction: Some(0.5),
    })
    .unwrap();
    shared.faults.add(spec);

    let inbox = shared.inbox.list(None, None);
    let faults: Vec<FaultRule> = shared.faults.list();
    let panel = sandbox_panel(Some((f.sandbox.base_url(), &inbox[..], &faults[..]))).unwrap();
    assert_eq!(panel.base_url.as_deref(), Some(f.sandbox.base_url()));
    assert_eq!(panel.inbox[0].otp.as_deref(), Some("222222"));
    assert_eq!(panel.inbox[1].otp.as_deref(), Some("111111"));
    assert_eq!(panel.inbox[0].to, "9350778824");
    assert_eq!(panel.inbox[0].channel, "sms");
    assert!(panel.inbox[0].sent_at.ends_with("+05:30"));
    assert_eq!(panel.faults.len(), 2);
    assert_eq!(panel.faults[0].kind, "latency");
    assert_eq!(panel.faults[0].latency_ms, Some(1500));
    assert_eq!(panel.faults[0].times, Some(2));
    assert_eq!(panel.faults[1].kind, "http_500");
    assert_eq!(panel.faults[1].fraction, Some(0.5));
    assert_eq!(panel.faults[1].hits, "0");

    let missing_ms = fault_spec::<FaultSpec>(&FaultAdd {
        latency_ms: None,
        ..add
    })
    .unwrap_err();
    assert_eq!(missing_ms.code, ErrorCode::InvalidInput);
    let none = sandbox_panel::<(), ()>(None).unwrap();
    assert!(none.base_url.is_none() && none.inbox.is_empty());
}

/// A one-page PDF written by hand (classic xref table with exact offsets), as the E2E builds it.
fn tiny_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length 58 >>\nstream\nBT /F1 14 Tf 72 720 Td (Income certificate IC/1) Tj ET\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

fn pdf_request(job_id: &str, profile: &str, cert_alias: &str, bytes: &[u8]) -> PdfSigningRequest {
    PdfSigningRequest {
        job_id: job_id.into(),
        profile: profile.into(),
        cert_alias: cert_alias.into(),
        cert_password: None,
        file_name: "income-certificate.pdf".into(),
        bytes_base64: base64_text::encode(bytes),
        visible: true,
        application_no: Some("20221202153322882".into()),
        reason: Some("Income certificate issued".into()),
        time_limit_secs: Some(30),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_is_signed_with_progress_and_saved_beside_never_over_an_existing_copy() {
    let f = fixture().await;
    let login = signing_login(&f.desk, "sandbox-csp").await.unwrap();
    let alias = login.certificates[0].cert_alias.clone();
    let original = tiny_pdf();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("Kendra Desk");
    let sessions = SigningSessions::new();
    let shared = Arc::clone(f.sandbox.shared());
    let mut steps = Vec::new();
    let answer = signing_sign_pdf(
        &f.desk,
        &sessions,
        pdf_request("pdf-1", "sandbox-csp", &alias, &original),
        &folder,
        |step| {
            if matches!(step, PdfSigningProgress::Pending { .. }) {
                shared.clock.advance(5);
            }
            steps.push(step);
        },
    )
    .await
    .unwrap();
    let PdfSignAnswer::Signed { result } = answer else {
        panic!("{answer:?}")
    };
    assert!(matches!(
        steps[0],
        PdfSigningProgress::Read { pages: 1, .. }
    ));
    assert!(steps
        .iter()
        .any(|s| matches!(s, PdfSigningProgress::Pending { .. })));
    assert!(matches!(
        steps.last(),
        Some(PdfSigningProgress::Writing { .. })
    ));
    assert!(result.verified);
    assert_eq!(result.signer, "Amit Kumar Verma");
    assert!(result.signed_at.ends_with("+05:30"));
    assert_eq!(result.byte_range.len(), 4);
    assert_eq!(result.byte_range[0], 0);
    assert_eq!(
        result.byte_range[2] + result.byte_range[3],
        result.output_bytes
    );
    assert_eq!(result.saved_name, "income-certificate.signed.pdf");
    assert_eq!(result.file_name, "income-certificate.pdf");
    let saved = std::fs::read(&result.saved_path).unwrap();
    assert!(saved.starts_with(&original), "an incremental update");
    assert_eq!(saved.len() as u32, result.output_bytes);
    assert_eq!(result.output_sha256.len(), 64);
    assert!(std::path::Path::new(&result.saved_path).starts_with(&folder));

    // A second signing of the same file never replaces the first copy.
    let again = signing_sign_pdf(
        &f.desk,
        &sessions,
        pdf_request("pdf-2", "sandbox-csp", &alias, &original),
        &folder,
        |step| {
            if matches!(step, PdfSigningProgress::Pending { .. }) {
                shared.clock.advance(5);
            }
        },
    )
    .await
    .unwrap();
    let PdfSignAnswer::Signed { result: second } = again else {
        panic!("{again:?}")
    };
    assert_eq!(second.saved_name, "income-certificate.signed (2).pdf");
    assert_eq!(std::fs::read(&result.saved_path).unwrap(), saved);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn encrypted_damaged_or_foreign_files_and_encryption_only_certificates_are_typed_refusals() {
    let f = fixture().await;
    let login = signing_login(&f.desk, "sandbox-csp").await.unwrap();
    let alias = login.certificates[0].cert_alias.clone();
    let out = tempfile::tempdir().unwrap();
    let sessions = SigningSessions::new();
    let refused = |answer: PdfSignAnswer| match answer {
        PdfSignAnswer::Refused { reason, error } => (reason, error),
        other => panic!("{other:?}"),
    };
    let mut truncated = tiny_pdf();
    truncated.truncate(truncated.len() - 20);
    for (bytes, want) in [
        (truncated, PdfRefusal::Damaged),
        (b"hello, not a pdf".to_vec(), PdfRefusal::NotPdf),
    ] {
        let answer = signing_sign_pdf(
            &f.desk,
            &sessions,
            pdf_request("bad", "sandbox-csp", &alias, &bytes),
            out.path(),
            |_| {},
        )
        .await
        .unwrap();
        let (reason, error) = refused(answer);
        assert_eq!(reason, want, "{error:?}");
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(
            error.message.contains("income-certificate.pdf"),
            "{error:?}"
        );
    }
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

    // The sandbox's debashis.roy holds an encryption-only certificate.
    let info = kendra_sandbox::control::info_document(f.sandbox.shared());
    let holder = info
        .pointer("/csp/encryption_only_certificate/user_id")
        .and_then(|v| v.as_str())
        .unwrap()
        .to_owned();
    let enc_alias = info
        .pointer("/csp/encryption_only_certificate/cert_alias")
        .and_then(|v| v.as_str())
        .unwrap()
        .to_owned();
    let password = info
        .pointer("/csp/users")
        .and_then(|v| v.as_array())
        .unwrap()
        .iter()
        .find(|u| u["user_id"] == holder.as_str())
        .and_then(|u| u["password"].as_str())
        .unwrap()
        .to_owned();
    let mut settings = match f.desk.profiles().settings("sandbox-csp").unwrap().peer {
        kendra_profiles::PeerSettings::Csp(s) => s,
        other => panic!("{other:?}"),
    };
    settings.username = Some(holder);
    f.desk
        .profiles()
        .set(
            "csp-holder",
            &kendra_profiles::ProfileSettings::new(kendra_profiles::PeerSettings::Csp(settings)),
            &kendra_profiles::SecretInput::new()
                .with(
                    kendra_profiles::SecretName::CspClientSecret,
                    info["csp"]["client_secret"].as_str().unwrap(),
                )
                .with(kendra_profiles::SecretName::CspPassword, password.as_str()),
        )
        .unwrap();
    let answer = signing_sign_pdf(
        &f.desk,
        &sessions,
        pdf_request("enc", "csp-holder", &enc_alias, &tiny_pdf()),
        out.path(),
        |_| {},
    )
    .await
    .unwrap();
    let (reason, error) = refused(answer);
    assert_eq!(reason, PdfRefusal::NotSigningCertificate, "{error:?}");
    assert!(error.message.contains("digitalSignature"), "{error:?}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_stopped_sandbox_keeps_its_profiles_not_production_and_the_panel_says_stopped() {
    let host = crate::test_host::TestHost::with_sandbox(crate::SandboxStatus::Stopped {
        base_url: "http://127.0.0.1:9".into(),
        saved: crate::ProfilesSaved::NotSaved {
            reason: "no keyring".into(),
        },
    });
    let active = crate::active_profiles(&host).unwrap();
    assert_eq!(active.profiles.len(), 5);
    assert!(active.profiles.iter().all(|p| !p.production));
    assert_eq!(super::sandbox_panel::state_name(&active.sandbox), "stopped");
    let panel = sandbox_panel::<(), ()>(None).unwrap();
    assert_eq!(panel.base_url, None);
}
