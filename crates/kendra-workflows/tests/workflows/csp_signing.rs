//! The signing officer against the sandbox CSP: sign-in with both grants and token renewal (by
//! the clock and after a 401), certificates, signing hashes and a file with every signature
//! verified (and by openssl), a tampered signature rejected, DECLINED, the service's TIMEOUT and
//! Kendra's own time limit, user and certificate administration, and no secret in the journal.

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use kendra_client::csp_client::{CspClient, CspLogin};
use kendra_client::OffsetClock;
use kendra_client::SecretString;
use kendra_journal::{Actor, Peer};
use kendra_profiles::{CspGrant, CspProfileSettings, PeerSettings, ProfileSettings, SecretInput};
use kendra_secrets::SecretName;
use kendra_wire::csp::user_messages::{RegisterUserRequest, UpdateUserRequest, UserStatus};
use kendra_workflows::csp_signing::{
    CspSigning, DocumentDigest, NewCertificate, SignJob, SignProgress,
};
use kendra_workflows::Error;
use serde_json::{json, Value};

use crate::sandbox_fixture::SandboxDesk;

const PROFILE: &str = "sandbox-csp";

fn info(desk: &SandboxDesk, pointer: &str) -> String {
    desk.info
        .pointer(&format!("/csp{pointer}"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("info has no /csp{pointer}"))
        .to_owned()
}

fn officer(desk: &SandboxDesk) -> CspSigning<'_> {
    let client = desk.profiles().csp_client(PROFILE).unwrap();
    CspSigning::new(&desk.journal, Actor::Cli, PROFILE, client)
}

fn admin(desk: &SandboxDesk) -> CspSigning<'_> {
    let client = desk
        .profiles()
        .csp_client_with_login(PROFILE, CspLogin::ClientCredentials)
        .unwrap();
    CspSigning::new(&desk.journal, Actor::Cli, PROFILE, client)
}

async fn signing_mode(desk: &SandboxDesk, mode: Value) {
    desk.control("/_sandbox/csp/signing-mode", mode).await;
}

fn job(desk: &SandboxDesk, documents: Vec<DocumentDigest>) -> SignJob {
    let mut job = SignJob::new(info(desk, "/cert_alias"), documents);
    job.poll_interval = Duration::from_millis(200);
    job.time_limit = Duration::from_secs(20);
    job.description = Some("Income certificate IC/LKO/2026/000917".into());
    job
}

fn hashes(n: u8) -> Vec<DocumentDigest> {
    (1..=n)
        .map(|i| {
            DocumentDigest::of_bytes(format!("doc-{i}.pdf"), format!("document {i}").as_bytes())
        })
        .collect()
}

fn refused_code(error: &Error) -> Option<&str> {
    match error {
        Error::Refused { code, .. } => code.as_deref(),
        _ => None,
    }
}

/// Every exchange body the journal holds for the CSP, opened with the citizen key.
fn journaled_bodies(desk: &SandboxDesk) -> (Vec<String>, String) {
    let exchanges = desk
        .journal
        .exchanges(Some(Peer::Csp), 0, i64::MAX, 10_000)
        .unwrap();
    let endpoints = exchanges
        .iter()
        .map(|e| e.record.endpoint.clone())
        .collect();
    let bodies = exchanges
        .iter()
        .flat_map(|e| {
            [
                e.record.request_body.clone(),
                e.record.response_body.clone(),
            ]
        })
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    (endpoints, bodies)
}

#[tokio::test]
async fn password_login_shows_the_officer_and_journals_no_secret() {
    let desk = SandboxDesk::start().await;
    let report = officer(&desk).login().await.unwrap();
    assert_eq!(report.login, "password");
    assert_eq!(report.user_id.as_deref(), Some("amit.verma"));
    let user = report.user.unwrap();
    assert_eq!(user.user_name.as_deref(), Some("Amit Kumar Verma"));
    assert_eq!(user.status, Some(UserStatus::Active));
    assert_eq!(report.certificates, Some(1));
    assert!(report.renewable);
    assert!(!report.link_encrypted);
    assert_eq!(report.service_message, "Success");
    assert!(report.expires_at.unwrap().ends_with("+05:30"));

    let (endpoints, bodies) = journaled_bodies(&desk);
    assert_eq!(
        endpoints,
        [
            "service status",
            "authenticate",
            "get user",
            "list user certificates"
        ]
    );
    assert!(bodies.contains("grant_type=password"), "{bodies}");
    for secret in [info(&desk, "/password"), info(&desk, "/client_secret")] {
        assert!(
            !bodies.contains(&secret),
            "{secret} leaked into the journal"
        );
    }
    assert!(
        !bodies.contains("\"access_token\":\"") || bodies.contains("\"access_token\":\"••••\"")
    );
}

#[tokio::test]
async fn client_credentials_login_administers_but_cannot_sign() {
    let desk = SandboxDesk::start().await;
    let admin = admin(&desk);
    let report = admin.login().await.unwrap();
    assert_eq!(report.login, "client_credentials");
    assert_eq!(report.user, None);
    assert_eq!(admin.about().await.unwrap().version, "7.0.2");
    let error = admin.certificates().await.unwrap_err();
    assert_eq!(refused_code(&error), Some("60044"), "{error}");
    assert!(
        error.detail().unwrap().contains("HTTP 401"),
        "{:?}",
        error.detail()
    );
}

#[tokio::test]
async fn a_wrong_password_is_one_plain_sentence_with_the_code_in_the_detail() {
    let desk = SandboxDesk::start().await;
    let settings = ProfileSettings::new(PeerSettings::Csp(CspProfileSettings {
        base_url: desk.base(),
        client_id: info(&desk, "/client_id"),
        username: Some("amit.verma".into()),
        profile_id: Some(info(&desk, "/profile_id")),
        grant: CspGrant::Password,
    }));
    desk.profiles()
        .set(
            "csp-typo",
            &settings,
            &SecretInput::new()
                .with(SecretName::CspClientSecret, info(&desk, "/client_secret"))
                .with(SecretName::CspPassword, "Kendra@2025"),
        )
        .unwrap();
    let client = desk.profiles().csp_client("csp-typo").unwrap();
    let error = CspSigning::new(&desk.journal, Actor::Cli, "csp-typo", client)
        .login()
        .await
        .unwrap_err();
    assert_eq!(refused_code(&error), Some("60008"));
    let message = error.to_string();
    assert!(
        message.starts_with("ADSS CSP refused: The user ID or password is wrong"),
        "{message}"
    );
    assert!(!message.contains("Kendra@2025"));
    let detail = error.detail().unwrap();
    assert!(
        detail.contains("HTTP 401") && detail.contains("error 60008"),
        "{detail}"
    );
    assert!(detail.contains("attempts left"), "{detail}");
}

#[tokio::test]
async fn the_token_is_refreshed_before_expiry_and_once_after_a_401() {
    let desk = SandboxDesk::start().await;
    let clock = Arc::new(OffsetClock::new());
    let client: CspClient = desk
        .profiles()
        .csp_client(PROFILE)
        .unwrap()
        .with_clock(clock.clone());
    assert!(client.login().await.result.is_ok());

    // Before expiry, by Kendra's clock: the refresh grant, then the call.
    clock.advance(3_550);
    let attempt = client.about().await;
    assert!(attempt.result.is_ok(), "{:?}", attempt.result);
    let sent: Vec<_> = attempt
        .exchanges
        .iter()
        .map(|e| (e.endpoint.as_str(), e.request_body.clone()))
        .collect();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].0, "authenticate");
    assert!(
        sent[0].1.starts_with("grant_type=refresh_token"),
        "{}",
        sent[0].1
    );
    assert!(sent[0].1.contains("refresh_token=••••"), "{}", sent[0].1);

    // The service's clock moves past the new token's life: 401 60045, refresh, the same call
    // again, transparently.
    desk.sandbox.shared().clock.advance(3_700);
    let attempt = client.certificates().await;
    assert!(attempt.result.is_ok(), "{:?}", attempt.result);
    let calls: Vec<_> = attempt
        .exchanges
        .iter()
        .map(|e| (e.endpoint.as_str(), e.response_status))
        .collect();
    assert_eq!(
        calls,
        [
            ("list user certificates", Some(401)),
            ("authenticate", Some(200)),
            ("list user certificates", Some(200)),
        ]
    );
    assert!(attempt.exchanges[1]
        .request_body
        .starts_with("grant_type=refresh_token"));
}

#[tokio::test]
async fn a_used_refresh_token_falls_back_to_a_new_password_sign_in() {
    let desk = SandboxDesk::start().await;
    let clock = Arc::new(OffsetClock::new());
    let client = desk
        .profiles()
        .csp_client(PROFILE)
        .unwrap()
        .with_clock(clock.clone());
    assert!(client.login().await.result.is_ok());
    // Revoked at the service: the refresh grant is refused (60045), a new sign-in follows.
    desk.control("/_sandbox/reset", json!({})).await;
    clock.advance(3_550);
    let attempt = client.about().await;
    assert!(attempt.result.is_ok(), "{:?}", attempt.result);
    let grants: Vec<_> = attempt
        .exchanges
        .iter()
        .filter(|e| e.endpoint == "authenticate")
        .map(|e| {
            e.request_body
                .split('&')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(grants, ["grant_type=refresh_token", "grant_type=password"]);
}

#[tokio::test]
async fn certificates_are_parsed_for_the_officer() {
    let desk = SandboxDesk::start().await;
    let certificates = officer(&desk).certificates().await.unwrap();
    assert_eq!(certificates.len(), 1);
    let cert = &certificates[0];
    assert_eq!(cert.cert_alias, info(&desk, "/cert_alias"));
    assert!(cert
        .subject
        .as_deref()
        .unwrap()
        .contains("CN=Amit Kumar Verma"));
    assert!(cert
        .issuer
        .as_deref()
        .unwrap()
        .contains("CN=Kendra Sandbox CSP CA"));
    assert_eq!(cert.key.as_deref(), Some("RSA-2048"));
    assert!(cert.valid_now);
    assert_eq!(cert.chain_length, 1);
    assert_eq!(cert.problem, None);
    assert!(!cert.auth_pass);
}

#[tokio::test]
async fn signing_hashes_waits_out_pending_and_verifies_every_signature() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "approve_after_secs": 1 })).await;
    let signing = officer(&desk);
    let mut seen = Vec::new();
    let mut progress = |step: &SignProgress| seen.push(step.clone());
    let report = signing
        .sign(&job(&desk, hashes(3)), &mut progress)
        .await
        .unwrap();
    assert_eq!(report.status, "SUCCESS");
    assert_eq!(report.documents.len(), 3);
    assert!(report.documents.iter().all(|d| d.verified));
    assert!(report.polls >= 1, "{}", report.polls);
    assert!(report.waited_ms >= 1_000);
    assert!(matches!(seen.first(), Some(SignProgress::Preparing { .. })));
    assert!(seen
        .iter()
        .any(|s| matches!(s, SignProgress::Pending { .. })));
    assert!(matches!(
        seen.last(),
        Some(SignProgress::Verifying { signatures: 3 })
    ));

    let request_id = report.request_id.clone().unwrap();
    let rows = desk.journal.signing_requests_for(&request_id).unwrap();
    assert_eq!(rows.len(), 3);
    for (row, doc) in rows.iter().zip(&report.documents) {
        assert_eq!(row.state, "signed");
        assert_eq!(row.hash_hex, doc.sha256);
        assert_eq!(row.document, doc.name);
        assert_eq!(row.profile.as_deref(), Some(PROFILE));
        assert!(row.exchange_id.is_some());
        assert_eq!(row.id, doc.journal_id);
    }

    // The same check, unit-level: the signature verifies, a tampered one and another hash do not.
    let certificate = signing
        .signing_certificate(&report.cert_alias)
        .await
        .unwrap();
    let doc = &report.documents[0];
    let digest = DocumentDigest::from_hex("d", &doc.sha256).unwrap().digest;
    certificate.verify_sha256(&digest, &doc.signature).unwrap();
    let mut tampered = doc.signature.clone();
    tampered[100] ^= 0x01;
    let problem = certificate.verify_sha256(&digest, &tampered).unwrap_err();
    assert!(problem.contains("does not verify"), "{problem}");
    let other = DocumentDigest::of_bytes("x", b"another document").digest;
    assert!(certificate.verify_sha256(&other, &doc.signature).is_err());
    assert!(certificate
        .verify_sha256(&digest, &tampered[..200])
        .is_err());
}

#[tokio::test]
async fn signing_a_file_hashes_it_locally_and_openssl_agrees() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "auto" })).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("income-certificate.pdf");
    let content = b"%PDF-1.7\nIncome certificate IC/LKO/2026/000917\n%%EOF\n";
    std::fs::write(&file, content).unwrap();
    let document = DocumentDigest::from_file(&file).unwrap();
    let report = officer(&desk)
        .sign(&job(&desk, vec![document]), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.polls, 0, "auto mode answers SUCCESS at once");
    let doc = &report.documents[0];
    assert_eq!(doc.name, "income-certificate.pdf");
    assert_eq!(doc.file_bytes, Some(content.len() as u64));
    assert_eq!(
        doc.sha256,
        DocumentDigest::of_bytes("c", content).sha256_hex()
    );
    assert_eq!(report.chain_der.len(), 1);

    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("openssl is not on PATH: the independent check is skipped");
        return;
    }
    let path = |name: &str| dir.path().join(name);
    std::fs::write(path("cert.der"), &report.certificate_der).unwrap();
    std::fs::write(path("sig.bin"), &doc.signature).unwrap();
    std::fs::write(
        path("digest.bin"),
        DocumentDigest::from_file(&file).unwrap().digest,
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "openssl {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&[
        "x509", "-inform", "DER", "-in", "cert.der", "-out", "cert.pem",
    ]);
    let verified = run(&[
        "pkeyutl",
        "-verify",
        "-certin",
        "-inkey",
        "cert.pem",
        "-in",
        "digest.bin",
        "-sigfile",
        "sig.bin",
        "-pkeyopt",
        "digest:sha256",
    ]);
    assert!(
        verified.contains("Signature Verified Successfully"),
        "{verified}"
    );
    run(&[
        "x509", "-in", "cert.pem", "-pubkey", "-noout", "-out", "pub.pem",
    ]);
    let verified = run(&[
        "dgst",
        "-sha256",
        "-verify",
        "pub.pem",
        "-signature",
        "sig.bin",
        "income-certificate.pdf",
    ]);
    assert!(verified.contains("Verified OK"), "{verified}");
}

#[tokio::test]
async fn a_declined_signing_is_a_plain_sentence_and_journaled() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "decline", "after_secs": 0 })).await;
    let error = officer(&desk)
        .sign(&job(&desk, hashes(2)), &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(refused_code(&error), Some("DECLINED"));
    assert_eq!(
        error.to_string(),
        "ADSS CSP refused: The signing was declined on the approving device. Nothing was signed."
    );
    assert!(error.detail().unwrap().contains("status DECLINED"));
    let rows = desk.journal.signing_requests(Some(PROFILE), 0).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.state == "declined"), "{rows:?}");
    assert!(rows
        .iter()
        .all(|r| r.peer_ref.as_deref() == Some("1613630666")));
}

#[tokio::test]
async fn the_services_timeout_is_a_plain_sentence() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "timeout", "after_secs": 1 })).await;
    let error = officer(&desk)
        .sign(&job(&desk, hashes(1)), &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(refused_code(&error), Some("TIMEOUT"));
    assert!(
        error.to_string().contains("not approved in time"),
        "{error}"
    );
    let rows = desk.journal.signing_requests(Some(PROFILE), 0).unwrap();
    assert_eq!(rows[0].state, "timeout");
}

#[tokio::test]
async fn kendras_own_time_limit_abandons_a_pending_request() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "approve_after_secs": 600 })).await;
    let mut job = job(&desk, hashes(1));
    job.time_limit = Duration::from_secs(1);
    let started = std::time::Instant::now();
    let error = officer(&desk).sign(&job, &mut |_| {}).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(error, Error::WaitedTooLong { .. }), "{error:?}");
    assert_eq!(error.code(), "wait_limit");
    let text = error.to_string();
    assert!(text.contains("within 1 s"), "{text}");
    assert!(text.contains("nothing was signed"), "{text}");
    let rows = desk.journal.signing_requests(Some(PROFILE), 0).unwrap();
    assert_eq!(rows[0].state, "abandoned");
}

#[tokio::test]
async fn an_unknown_certificate_is_named_before_anything_is_signed() {
    let desk = SandboxDesk::start().await;
    let mut job = job(&desk, hashes(1));
    job.cert_alias = "no-such-alias".into();
    let error = officer(&desk).sign(&job, &mut |_| {}).await.unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("certificate \"no-such-alias\""), "{text}");
    assert!(text.contains(&info(&desk, "/cert_alias")), "{text}");
    assert!(desk.journal.signing_requests(None, 0).unwrap().is_empty());
}

#[tokio::test]
async fn a_signature_made_by_another_key_is_rejected() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "auto" })).await;
    // Sunita's signature over the same hash, checked against Amit's certificate.
    let sunita = desk
        .info
        .pointer("/csp/users")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .find(|u| u["user_id"] == "sunita.yadav")
        .unwrap()
        .clone();
    let amit_cert = officer(&desk)
        .signing_certificate(&info(&desk, "/cert_alias"))
        .await
        .unwrap();
    let mut sunita_settings = match desk.profiles().settings(PROFILE).unwrap().peer {
        PeerSettings::Csp(s) => s,
        other => panic!("{other:?}"),
    };
    sunita_settings.username = Some("sunita.yadav".into());
    desk.profiles()
        .set(
            "csp-sunita",
            &ProfileSettings::new(PeerSettings::Csp(sunita_settings)),
            &SecretInput::new()
                .with(SecretName::CspClientSecret, info(&desk, "/client_secret"))
                .with(
                    SecretName::CspPassword,
                    sunita["password"].as_str().unwrap(),
                ),
        )
        .unwrap();
    let client = desk.profiles().csp_client("csp-sunita").unwrap();
    let sunita_signing = CspSigning::new(&desk.journal, Actor::Cli, "csp-sunita", client);
    let mut job = job(&desk, hashes(1));
    job.cert_alias = sunita["cert_aliases"][0].as_str().unwrap().to_owned();
    let report = sunita_signing.sign(&job, &mut |_| {}).await.unwrap();
    let digest = job.documents[0].digest;
    assert!(amit_cert
        .verify_sha256(&digest, &report.documents[0].signature)
        .is_err());
}

#[tokio::test]
async fn status_about_policy_and_settings() {
    let desk = SandboxDesk::start().await;
    let signing = officer(&desk);
    assert!(signing.service_status().await.unwrap().is_running());
    assert_eq!(signing.about().await.unwrap().version, "7.0.2");
    let policy = signing.password_policy(None).await.unwrap();
    assert_eq!(policy.min_pass_length, Some(8));
    assert_eq!(policy.digits_and_special_char, Some(true));
    let error = signing
        .password_policy(Some("No-Such-Profile"))
        .await
        .unwrap_err();
    assert_eq!(refused_code(&error), Some("60019"), "{error}");
    let settings = signing.advance_settings().await.unwrap();
    assert_eq!(settings.user_auth_retries_limit, Some(5));
}

#[tokio::test]
async fn users_and_their_certificates_are_administered() {
    let desk = SandboxDesk::start().await;
    let admin = admin(&desk);
    assert_eq!(admin.user_count().await.unwrap(), Some(5));
    let page = admin.users(0, 2).await.unwrap();
    assert_eq!(page.total, Some(5));
    assert_eq!(page.users.len(), 2);

    let new_password = SecretString::from("Nadia#2026x");
    let request = RegisterUserRequest {
        user_id: "priya.das".into(),
        user_name: Some("Priya Das".into()),
        user_password: Some(new_password.clone()),
        email: "priya.das@wb.gov.in".into(),
        profile_id: None,
    };
    admin.register_user(&request).await.unwrap();
    let again = admin.register_user(&request).await.unwrap_err();
    assert_eq!(refused_code(&again), Some("60028"), "{again}");
    let weak = RegisterUserRequest {
        user_id: "weak.user".into(),
        user_password: Some(SecretString::from("short")),
        ..request.clone()
    };
    let error = admin.register_user(&weak).await.unwrap_err();
    assert!(
        matches!(refused_code(&error), Some("60032" | "60033" | "60034")),
        "{error}"
    );

    let user = admin.user("priya.das").await.unwrap();
    assert_eq!(user.email.as_deref(), Some("priya.das@wb.gov.in"));
    admin
        .update_user(
            "priya.das",
            &UpdateUserRequest {
                user_name: None,
                status: Some(UserStatus::Inactive),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        admin.user("priya.das").await.unwrap().status,
        Some(UserStatus::Inactive)
    );
    assert!(matches!(
        admin
            .update_user("priya.das", &UpdateUserRequest::default())
            .await,
        Err(Error::Input { .. })
    ));

    // A certificate copied onto another user, then removed.
    let amit = admin.user_certificates("amit.verma").await.unwrap();
    let amit_entry = officer(&desk)
        .signing_certificate(&amit[0].cert_alias)
        .await
        .unwrap();
    admin
        .add_user_certificate(
            "priya.das",
            NewCertificate {
                cert_alias: "copied-cert".into(),
                sam_user_id: None,
                auth_pass: true,
                certificate_der: amit_entry.certificate_der.clone(),
                chain_der: None,
            },
        )
        .await
        .unwrap();
    let certs = admin.user_certificates("priya.das").await.unwrap();
    let copied = certs
        .iter()
        .find(|c| c.cert_alias == "copied-cert")
        .unwrap();
    assert!(copied.auth_pass);
    assert_eq!(copied.sha256_fingerprint, amit[0].sha256_fingerprint);
    let junk = admin
        .add_user_certificate(
            "priya.das",
            NewCertificate {
                cert_alias: "junk".into(),
                sam_user_id: None,
                auth_pass: false,
                certificate_der: b"not a certificate".to_vec(),
                chain_der: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(junk, Error::Input { .. }), "{junk:?}");
    admin
        .delete_user_certificate("priya.das", "copied-cert")
        .await
        .unwrap();
    let gone = admin
        .delete_user_certificate("priya.das", "copied-cert")
        .await
        .unwrap_err();
    assert_eq!(refused_code(&gone), Some("60037"), "{gone}");

    admin.delete_user("priya.das").await.unwrap();
    let missing = admin.user("priya.das").await.unwrap_err();
    assert_eq!(refused_code(&missing), Some("60006"), "{missing}");

    let (_, bodies) = journaled_bodies(&desk);
    assert!(
        !bodies.contains("Nadia#2026x"),
        "a new user's password leaked"
    );
    assert!(bodies.contains("\"user_password\":\"••••\""), "{bodies}");
}

#[tokio::test]
async fn a_password_reset_by_otp() {
    let desk = SandboxDesk::start().await;
    let admin = admin(&desk);
    admin.reset_password("sunita.yadav").await.unwrap();
    let inbox: Value = reqwest::get(format!("{}/_sandbox/inbox?peer=csp", desk.base()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let otp = inbox["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["otp"].as_str())
        .unwrap()
        .to_owned();
    let wrong = admin
        .confirm_reset_password(
            "sunita.yadav",
            &SecretString::from("Kashi#2025"),
            &SecretString::from("000000"),
        )
        .await;
    if otp != "000000" {
        assert_eq!(refused_code(&wrong.unwrap_err()), Some("60016"));
    }
    admin
        .confirm_reset_password(
            "sunita.yadav",
            &SecretString::from("Kashi#2025"),
            &SecretString::from(otp.clone()),
        )
        .await
        .unwrap();
    let (_, bodies) = journaled_bodies(&desk);
    assert!(!bodies.contains("Kashi#2025"));
    assert!(!bodies.contains(&format!("\"otp\":\"{otp}\"")));
}
