//! The Explorer's handlers against the in-process sandbox (and, for a 12 MB answer, a tiny fake
//! ISP portal on loopback).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use kendra_sandbox::{RunningSandbox, SandboxConfig};
use serde_json::Value;

use super::*;
use crate::ErrorCode;

struct Fixture {
    _dir: tempfile::TempDir,
    desk: Desk,
    _sandbox: RunningSandbox,
    base: String,
    info: Value,
}

async fn fixture() -> Fixture {
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let info = kendra_sandbox::control::info_document(sandbox.shared());
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(kendra_secrets::MemoryStore::new())).unwrap();
    desk.profiles().import_sandbox(&info).unwrap();
    Fixture {
        _dir: dir,
        desk,
        base: sandbox.base_url().to_owned(),
        _sandbox: sandbox,
        info,
    }
}

/// A blocking POST on a plain socket (the tests have no HTTP client of their own).
fn post(url: &str, body: &str) -> String {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.split_once("\r\n\r\n").unwrap().1.to_owned()
}

async fn apply(base: &str) -> String {
    let url = format!("{base}/_sandbox/isp/apply");
    let body = tokio::task::spawn_blocking(move || post(&url, "{}"))
        .await
        .unwrap();
    let v: Value = serde_json::from_str(&body).unwrap();
    v["sessionkey"].as_str().unwrap().to_owned()
}

fn send(profile: &str, api: &str, json: &str) -> ExplorerSend {
    ExplorerSend {
        profile: profile.into(),
        api: api.into(),
        json: json.into(),
    }
}

fn text(part: &TextPart) -> &str {
    part.inline.as_deref().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn isp_request_shows_every_stage_and_curl_has_the_real_token() {
    let f = fixture().await;
    let catalog = explorer_catalog(&f.desk).unwrap();
    assert!(catalog
        .profiles
        .iter()
        .any(|p| p.name == "sandbox-isp" && p.sandbox && p.complete));
    let key = apply(&f.base).await;
    let result = explorer_send(
        &f.desk,
        send(
            "sandbox-isp",
            "isp.getRequestValidatedAndRequestID",
            &format!("{{\"sessionkey\": \"{key}\"}}"),
        ),
    )
    .await
    .unwrap();
    assert!(result.ok, "{:?}", result.error);
    assert_eq!(result.exchanges.len(), 2, "authenticate, then the call");
    let auth = &result.exchanges[0];
    assert_eq!(auth.endpoint, "authenticate");
    let password = f.info["isp"]["password"].as_str().unwrap();
    assert!(!text(&auth.raw_request).contains(password));
    assert!(
        !text(auth.raw_response.as_ref().unwrap()).contains("eyJ"),
        "token masked"
    );

    let call = &result.exchanges[1];
    assert!(text(call.plaintext.as_ref().unwrap()).contains(&key));
    let envelope: Value = serde_json::from_str(text(&call.envelope)).unwrap();
    assert!(envelope["e_data"].is_string());
    assert!(
        !text(&call.envelope).contains(&key),
        "the envelope is ciphertext"
    );
    assert!(text(&call.raw_request).contains("authorization: Bearer ••••"));
    assert!(text(call.raw_response.as_ref().unwrap()).starts_with("HTTP/1.1 200"));
    let answer: Value = serde_json::from_str(text(call.answer.as_ref().unwrap())).unwrap();
    let request_id = answer["request_id"].as_str().unwrap().to_owned();
    assert!(call.started_at.ends_with("+05:30"));

    // Copy as curl: the real token, the body exactly as sent. Replaying a repeatable call with
    // the curl of this send's token proves both.
    let curl = explorer_curl(&result.send_id, 1).unwrap();
    assert!(curl.contains_secrets);
    assert!(curl.command.contains("authorization: Bearer eyJ"));
    assert!(curl.command.contains(envelope["e_data"].as_str().unwrap()));

    let details = explorer_send(
        &f.desk,
        send(
            "sandbox-isp",
            "isp.getApplicantCommonDetails",
            &format!("{{\"request_id\": \"{request_id}\"}}"),
        ),
    )
    .await
    .unwrap();
    assert!(details.ok, "{:?}", details.error);
    let curl = explorer_curl(&details.send_id, 1).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(&curl.command)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let replayed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(replayed["statusMessage"], "SUCCESSFUL", "{replayed}");

    // The history finds both sends, newest first, with their requests for replay.
    let history = explorer_history(
        &f.desk,
        HistoryQuery {
            text: "getRequestValidated".into(),
            peer: Some(PeerId::Isp),
            limit: 10,
        },
    )
    .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].api.as_deref(),
        Some("isp.getRequestValidatedAndRequestID")
    );
    assert!(history[0].request.as_deref().unwrap().contains(&key));
    let all = explorer_history(&f.desk, HistoryQuery::default()).unwrap();
    assert!(all.len() >= 4);
    assert_eq!(all[0].endpoint, "getApplicantCommonDetails");
}

#[tokio::test(flavor = "multi_thread")]
async fn bsk_api3_and_a_refusal_show_the_envelope_and_the_peer_words() {
    let f = fixture().await;
    let api3 = api_catalog::find("bsk.API-3").unwrap();
    let result = explorer_send(&f.desk, send("sandbox-bsk", &api3.id, &api3.example))
        .await
        .unwrap();
    assert!(result.ok, "{:?}", result.error);
    let ex = &result.exchanges[0];
    assert!(text(&ex.envelope).starts_with("agId=BSK&encData="));
    assert!(text(ex.answer.as_ref().unwrap()).contains("applicationStage"));
    assert!(text(ex.plaintext.as_ref().unwrap()).contains("20241210113005128"));
    assert!(explorer_curl(&result.send_id, 0)
        .unwrap()
        .command
        .contains("--data-binary 'agId=BSK&encData="));

    let refused = explorer_send(
        &f.desk,
        send(
            "sandbox-bsk",
            &api3.id,
            r#"{"userid": 9054233544, "ticketNo": 20241210113005128, "serviceCode": "AMD/003", "applicationNo": "NOPE/1"}"#,
        ),
    )
    .await
    .unwrap();
    assert!(!refused.ok);
    assert_eq!(refused.error.unwrap().code, ErrorCode::PeerRejected);
    assert!(!refused.exchanges[0].succeeded);

    let bad = explorer_send(&f.desk, send("sandbox-bsk", &api3.id, "{\"userid\": "))
        .await
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    assert!(bad.detail.unwrap().text.contains("line 1"));
    let wrong_peer = explorer_send(&f.desk, send("sandbox-isp", &api3.id, "{}"))
        .await
        .unwrap_err();
    assert_eq!(wrong_peer.code, ErrorCode::InvalidInput);
}

#[tokio::test(flavor = "multi_thread")]
async fn saved_requests_are_sealed_searchable_and_deletable() {
    let f = fixture().await;
    let saved = explorer_save(
        &f.desk,
        SaveRequest {
            id: None,
            name: "Rina's status".into(),
            profile: "sandbox-bsk".into(),
            api: "bsk.API-3".into(),
            json: r#"{"applicationNo": "BCW/SC/2024/118342", "name": "রিনা বাগদি"}"#.into(),
        },
    )
    .unwrap();
    let bytes = std::fs::read(f.desk.data_dir().join("explorer-requests.sealed")).unwrap();
    assert!(
        !String::from_utf8_lossy(&bytes).contains("118342"),
        "sealed at rest"
    );
    let found = explorer_history(
        &f.desk,
        HistoryQuery {
            text: "rina".into(),
            peer: None,
            limit: 0,
        },
    )
    .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, HistoryKind::Saved);
    explorer_delete_saved(&f.desk, &saved.id).unwrap();
    assert_eq!(
        explorer_delete_saved(&f.desk, &saved.id).unwrap_err().code,
        ErrorCode::NotFound
    );
}

/// A fake ISP portal: a token, then a 12 MB SUCCESSFUL answer.
fn fake_portal() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            let mut stream = stream.unwrap();
            let mut buf = vec![0u8; 65536];
            let mut got = Vec::new();
            loop {
                let n = stream.read(&mut buf).unwrap();
                got.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&got);
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length: "))
                        .map_or(0, |v| v.trim().parse().unwrap());
                    if body.len() >= len {
                        break;
                    }
                }
            }
            let body = if String::from_utf8_lossy(&got).contains("/authenticate") {
                r#"{"error":"","statusMessage":"SUCCESSFUL","timestamp":"01-05-2024 10:00:00","token":"fake-token-for-the-explorer-test"}"#.to_owned()
            } else {
                format!(
                    r#"{{"error":"","statusMessage":"SUCCESSFUL","data":null,"timestamp":"01-05-2024 10:00:00","note":"{}"}}"#,
                    "x".repeat(12 * 1024 * 1024)
                )
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_of_12_mb_is_read_and_paged_not_sent_whole() {
    let f = fixture().await;
    let mut info = f.info.clone();
    info["isp"]["base_url"] = Value::String(fake_portal());
    f.desk.profiles().import_sandbox(&info).unwrap();
    let result = explorer_send(
        &f.desk,
        send(
            "sandbox-isp",
            "isp.getApplicantCommonDetails",
            r#"{"request_id": "20240501000001"}"#,
        ),
    )
    .await
    .unwrap();
    assert!(result.ok, "{:?}", result.error);
    let ex = &result.exchanges[1];
    assert!(ex.response_bytes > 12_000_000);
    let raw = ex.raw_response.as_ref().unwrap();
    assert!(raw.inline.is_none(), "paged, not inline");
    assert!(raw.total_bytes > 12_000_000);
    let last = explorer_text(
        &result.send_id,
        1,
        ExchangePart::RawResponse,
        raw.total_lines - 1,
        100,
    )
    .unwrap();
    assert!(last.lines[0].ends_with("xx\"}"));
    // The token of the first exchange never shows in its recorded answer.
    let auth = text(result.exchanges[0].raw_response.as_ref().unwrap());
    assert!(!auth.contains("fake-token-for-the-explorer-test"));
}

#[test]
fn workbench_identifies_a_non_canonical_variant_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(kendra_secrets::MemoryStore::new())).unwrap();
    let secret = "UPISP-REV0417-9c2e41b8d6057f3a";
    let isp = |variant: &str| KeySource::IspSecret {
        secret: secret.into(),
        variant: variant.into(),
    };
    let sealed = workbench_run(
        &desk,
        WorkbenchRequest::Encrypt {
            key: isp("ascii-iv"),
            plaintext: r#"{"sessionkey":"K1"}"#.into(),
        },
    )
    .unwrap()
    .output;
    let found = workbench_run(
        &desk,
        WorkbenchRequest::Identify {
            secret: SecretSource::Typed {
                value: secret.into(),
            },
            ciphertext: sealed.clone(),
        },
    )
    .unwrap();
    assert_eq!(found.identified.as_deref(), Some("ascii-iv"));
    assert_eq!(found.variants.len(), 4);
    assert_eq!(found.output, r#"{"sessionkey":"K1"}"#);

    let wrong = workbench_run(
        &desk,
        WorkbenchRequest::Decrypt {
            key: isp("salt17"),
            ciphertext: sealed,
        },
    );
    assert_eq!(wrong.unwrap_err().code, ErrorCode::SecurityFailure);

    let derived = workbench_run(
        &desk,
        WorkbenchRequest::Derive {
            secret: secret.into(),
            variant: "canonical".into(),
        },
    )
    .unwrap();
    assert_eq!(derived.output.len(), 64);
    assert!(derived
        .facts
        .iter()
        .any(|f| f.label == "iv_hex" && f.value == "00000000000000000101010101010101"));

    let bsk = KeySource::BskRaw {
        key: kendra_wire::bsk::bsk_cipher::SAMPLE_KEY.into(),
        iv: kendra_wire::bsk::bsk_cipher::SAMPLE_IV.into(),
    };
    let c = workbench_run(
        &desk,
        WorkbenchRequest::Encrypt {
            key: bsk.clone(),
            plaintext: "নমস্কার".into(),
        },
    )
    .unwrap()
    .output;
    let p = workbench_run(
        &desk,
        WorkbenchRequest::Decrypt {
            key: bsk,
            ciphertext: c,
        },
    )
    .unwrap()
    .output;
    assert_eq!(p, "নমস্কার");

    let token = workbench_run(
        &desk,
        WorkbenchRequest::JwtSign {
            claims: r#"{"sub":"UPREV0417","exp":4102444800}"#.into(),
            secret: SecretSource::Typed {
                value: "a-long-enough-test-secret-for-hs256".into(),
            },
        },
    )
    .unwrap()
    .output;
    let verified = workbench_run(
        &desk,
        WorkbenchRequest::JwtVerify {
            token: token.clone(),
            secret: SecretSource::Typed {
                value: "a-long-enough-test-secret-for-hs256".into(),
            },
        },
    )
    .unwrap();
    assert!(verified.output.contains("UPREV0417"));
    let decoded = workbench_run(&desk, WorkbenchRequest::JwtDecode { token }).unwrap();
    assert!(decoded.facts.iter().any(|f| f.label == "expires"));
}

#[test]
fn workbench_signs_and_verifies_a_dci_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(kendra_secrets::MemoryStore::new())).unwrap();
    let key = kendra_wire::dci::DciSigningKey::generate();
    let public = key.public_key().to_base64();
    let private = key.to_base64();
    let envelope = r#"{"header":{"sender_id":"spp.example.org","action":"search"},"message":{"transaction_id":"t1"}}"#;
    let signed = workbench_run(
        &desk,
        WorkbenchRequest::DciSign {
            envelope: envelope.into(),
            private_key: Some(private.expose_secret().to_owned()),
            key_id: Some("spp.example.org|key-1".into()),
            profile: None,
        },
    )
    .unwrap()
    .output;
    assert!(signed.contains("signature"));
    let ok = workbench_run(
        &desk,
        WorkbenchRequest::DciVerify {
            envelope: signed.clone(),
            public_key: Some(public.clone()),
            key_id: Some("spp.example.org|key-1".into()),
            profile: None,
        },
    )
    .unwrap();
    assert_eq!(ok.output, "valid");
    let tampered = signed.replace("\"t1\"", "\"t2\"");
    let err = workbench_run(
        &desk,
        WorkbenchRequest::DciVerify {
            envelope: tampered,
            public_key: Some(public),
            key_id: None,
            profile: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::SecurityFailure);
}

use kendra_client::ExposeSecret;
