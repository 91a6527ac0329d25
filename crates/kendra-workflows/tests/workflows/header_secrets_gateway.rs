//! The header-secrets gateway workflow against the sandbox: both seeded clients (BSK-style key
//! with epochs in seconds, ISP-style derived key in milliseconds), refusals with their codes,
//! and no secret anywhere in the journal.

use kendra_journal::{Actor, Peer};
use kendra_profiles::{
    CipherScheme, EpochUnit, HeaderSecretsProfileSettings, IspVariant, PeerSettings,
    ProfileSettings, SecretInput, SecretName,
};
use kendra_workflows::header_secrets_gateway::HeaderSecretsGateway;
use kendra_workflows::Error;
use serde_json::{json, Value};

use crate::sandbox_fixture::SandboxDesk;

const IMPORTED: &str = "sandbox-header-secrets";
const ISP_STYLE: &str = "hs-isp-style";
const WRONG_PASS_KEY: &str = "hs-wrong-pass-key";

fn client_text(desk: &SandboxDesk, label: &str, field: &str) -> String {
    desk.info
        .pointer(&format!("/header_secrets/clients/{label}/{field}"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("info has no {label}/{field}"))
        .to_owned()
}

/// Every secret value of both seeded clients.
fn secret_values(desk: &SandboxDesk) -> Vec<String> {
    let mut values = Vec::new();
    for label in ["bsk_style", "isp_style"] {
        for field in ["pass_key", "client_secret", "key", "iv", "secret"] {
            if let Some(v) = desk
                .info
                .pointer(&format!("/header_secrets/clients/{label}/{field}"))
                .and_then(Value::as_str)
            {
                values.push(v.to_owned());
            }
        }
    }
    values
}

/// The ISP-style seeded client as a profile of its own (the import makes the BSK-style one), and
/// a copy of the imported profile with a pass_key the gateway never issued.
fn add_profiles(desk: &SandboxDesk) {
    let profiles = desk.profiles();
    let base_url = desk
        .info
        .pointer("/header_secrets/base_url")
        .and_then(Value::as_str)
        .unwrap()
        .to_owned();
    let isp = ProfileSettings::new(PeerSettings::HeaderSecrets(HeaderSecretsProfileSettings {
        base_url: base_url.clone(),
        client_id: client_text(desk, "isp_style", "client_id"),
        cipher: CipherScheme::Isp {
            variant: IspVariant::Canonical,
        },
        epoch_unit: EpochUnit::Milliseconds,
    }));
    profiles
        .set(
            ISP_STYLE,
            &isp,
            &SecretInput::new()
                .with(
                    SecretName::HeaderSecretsPassKey,
                    client_text(desk, "isp_style", "pass_key"),
                )
                .with(
                    SecretName::HeaderSecretsClientSecret,
                    client_text(desk, "isp_style", "client_secret"),
                )
                .with(
                    SecretName::HeaderSecretsSecret,
                    client_text(desk, "isp_style", "secret"),
                ),
        )
        .unwrap();
    let bsk = profiles.settings(IMPORTED).unwrap();
    profiles
        .set(
            WRONG_PASS_KEY,
            &bsk,
            &SecretInput::new()
                .with(SecretName::HeaderSecretsPassKey, "PK-NOT-ISSUED-0000")
                .with(
                    SecretName::HeaderSecretsClientSecret,
                    client_text(desk, "bsk_style", "client_secret"),
                )
                .with(
                    SecretName::HeaderSecretsKey,
                    client_text(desk, "bsk_style", "key"),
                )
                .with(
                    SecretName::HeaderSecretsIv,
                    client_text(desk, "bsk_style", "iv"),
                ),
        )
        .unwrap();
}

async fn status(desk: &SandboxDesk, profile: &str, application_no: &str) -> Result<Value, Error> {
    let client = desk.profiles().header_secrets_client(profile).unwrap();
    let gateway = HeaderSecretsGateway::new(&desk.journal, Actor::Cli, profile, &client);
    gateway
        .application_status(application_no)
        .await
        .map(|s| serde_json::to_value(s).unwrap())
}

fn refused_code(error: &Error) -> &str {
    match error {
        Error::Refused {
            code: Some(code), ..
        } => code,
        other => panic!("a refusal with a code was expected, not {other:?}"),
    }
}

#[tokio::test]
async fn both_seeded_clients_find_the_status_with_the_hindi_name() {
    let desk = SandboxDesk::start().await;
    add_profiles(&desk);
    // BSK-style raw key, epoch in seconds (the imported profile); ISP-style, milliseconds.
    for profile in [IMPORTED, ISP_STYLE] {
        let found = status(&desk, profile, "HS2024UP000103").await.unwrap();
        assert_eq!(found["profile"], profile);
        assert_eq!(found["application_no"], "HS2024UP000103");
        assert_eq!(found["applicant_name"], "Mohammad Irfan Ansari");
        assert_eq!(found["applicant_name_hindi"], "मोहम्मद इरफ़ान अंसारी");
        assert_eq!(found["status_code"], "S109");
        assert_eq!(found["district"], "Gorakhpur");
        assert!(found["exchange_ids"][0].is_string(), "{found}");
    }

    // A generic call: the echo gives back what was sent, decrypted.
    let client = desk.profiles().header_secrets_client(ISP_STYLE).unwrap();
    let gateway = HeaderSecretsGateway::new(&desk.journal, Actor::Cli, ISP_STYLE, &client);
    let echoed = gateway
        .call(
            "/hs/v1/echo",
            &json!({"application_no": "HS2024UP000101", "n": 1}),
        )
        .await
        .unwrap();
    assert_eq!(
        echoed.answer["echo"],
        json!({"application_no": "HS2024UP000101", "n": 1})
    );
    assert_eq!(
        echoed.answer["client_id"],
        client_text(&desk, "isp_style", "client_id")
    );

    let journaled = desk
        .journal
        .exchanges(Some(Peer::HeaderSecrets), 0, i64::MAX, 100)
        .unwrap();
    assert_eq!(journaled.len(), 3);
    assert!(journaled.iter().all(|e| e.record.outcome == "SUCCESSFUL"));
    assert_eq!(journaled[0].record.profile.as_deref(), Some(IMPORTED));
    assert_eq!(journaled[0].record.endpoint, "/hs/v1/application/status");
    assert!(journaled[0]
        .record
        .response_body
        .as_deref()
        .unwrap()
        .contains("S109"));
}

#[tokio::test]
async fn refusals_are_plain_with_the_gateways_code_and_every_exchange_is_journaled_without_secrets()
{
    let desk = SandboxDesk::start().await;
    add_profiles(&desk);

    let unknown = status(&desk, IMPORTED, "HS2024UP999999").await.unwrap_err();
    assert_eq!(refused_code(&unknown), "application_not_found");
    assert!(unknown.to_string().contains("HS2024UP999999"), "{unknown}");
    assert!(
        unknown.detail().unwrap().contains("HTTP 404"),
        "{unknown:?}"
    );

    let wrong = status(&desk, WRONG_PASS_KEY, "HS2024UP000101")
        .await
        .unwrap_err();
    assert_eq!(refused_code(&wrong), "pass_key_mismatch");
    assert!(wrong.to_string().contains(WRONG_PASS_KEY), "{wrong}");
    assert!(!wrong.to_string().contains("PK-NOT-ISSUED"), "{wrong}");

    // Local input never reaches the gateway.
    let empty = status(&desk, IMPORTED, "  ").await.unwrap_err();
    assert_eq!(empty.code(), "local_validation");

    // The gateway's clock ten minutes ahead: every fresh header is stale to it.
    desk.control("/_sandbox/clock", json!({"advance_secs": 600}))
        .await;
    for profile in [IMPORTED, ISP_STYLE] {
        let stale = status(&desk, profile, "HS2024UP000101").await.unwrap_err();
        assert_eq!(refused_code(&stale), "epoch_stale", "{profile}");
        assert!(stale.to_string().contains("clock"), "{stale}");
        assert_ne!(stale.code(), "token_expired");
    }

    // Four refusals, each journaled with its HTTP status; the local refusal sent nothing.
    let journaled = desk
        .journal
        .exchanges(Some(Peer::HeaderSecrets), 0, i64::MAX, 100)
        .unwrap();
    let statuses: Vec<Option<u16>> = journaled.iter().map(|e| e.record.http_status).collect();
    assert_eq!(statuses, vec![Some(404), Some(401), Some(401), Some(401)]);
    assert!(journaled.iter().all(|e| e.record.outcome == "http_4xx"));
    assert!(journaled[2]
        .record
        .response_body
        .as_deref()
        .unwrap()
        .contains("epoch_stale"));

    // No secret in any journaled body, nor anywhere in the journal's files (database and WAL).
    let secrets = secret_values(&desk);
    for exchange in &journaled {
        for body in [
            &exchange.record.request_body,
            &exchange.record.response_body,
        ]
        .into_iter()
        .flatten()
        {
            for secret in &secrets {
                assert!(!body.contains(secret.as_str()), "a secret in {body}");
            }
        }
    }
    let mut files = vec![desk.dir.path().to_path_buf()];
    let mut scanned = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                files.push(entry.unwrap().path());
            }
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        scanned += 1;
        for secret in secrets.iter().chain([&"PK-NOT-ISSUED-0000".to_owned()]) {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "a secret in {}",
                path.display()
            );
        }
    }
    assert!(scanned > 0);
}
