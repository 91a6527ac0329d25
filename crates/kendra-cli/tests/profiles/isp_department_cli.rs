//! `kendra isp validate|details|redirect-link --json` against the sandbox, as a script uses them.

use serde_json::{json, Value};

use super::{fails, kendra, run, SandboxProcess};

fn apply(sandbox: &SandboxProcess) -> String {
    let url = format!("{}/_sandbox/isp/apply", sandbox.url);
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let answer: Value = reqwest::Client::new()
                .post(url)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            answer["sessionkey"].as_str().unwrap().to_owned()
        })
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored"]
fn validate_details_and_redirect_link_as_json() {
    let sandbox = SandboxProcess::start();
    let data = tempfile::tempdir().unwrap();
    run(
        kendra(data.path()),
        &["profile", "import-sandbox", &sandbox.url],
        "",
    );
    let key = apply(&sandbox);

    let out = run(
        kendra(data.path()),
        &[
            "isp",
            "validate",
            "--profile",
            "sandbox-isp",
            "--session-key",
            &key,
            "--json",
        ],
        "",
    );
    let validated: Value = serde_json::from_str(&out.stdout).unwrap();
    let request_id = validated["request_id"]
        .as_str()
        .expect("request_id is a string");
    assert_eq!(request_id.len(), 14);
    assert_eq!(validated["newly_recorded"], json!(true));

    let out = run(
        kendra(data.path()),
        &[
            "isp",
            "details",
            "--profile",
            "sandbox-isp",
            "--request-id",
            request_id,
            "--json",
        ],
        "",
    );
    let details: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(details["request_id"], json!(request_id));
    let fields = details["fields"].as_array().unwrap();
    let gender = fields.iter().find(|f| f["name"] == "gender").unwrap();
    assert!(gender["meaning"].is_string(), "{gender}");

    let out = run(
        kendra(data.path()),
        &[
            "isp",
            "redirect-link",
            "--profile",
            "sandbox-isp",
            "--session-key",
            &key,
            "--message",
            "आवेदन स्वीकार & धन्यवाद",
            "--json",
        ],
        "",
    );
    let link: Value = serde_json::from_str(&out.stdout).unwrap();
    let link = link["link"].as_str().unwrap();
    assert!(link.starts_with(&format!(
        "{}/getMessageFromDepartment?sessionkey=",
        sandbox.url
    )));
    assert!(
        link.contains("return_success_or_failed=SUCCESS&MESSAGETEXT=%E0%A4%86"),
        "{link}"
    );

    // The exchanges are in the journal, bodies opened with the keyring's citizen key.
    let out = run(
        kendra(data.path()),
        &["journal", "exchanges", "--peer", "isp", "--json"],
        "",
    );
    let exchanges: Value = serde_json::from_str(&out.stdout).unwrap();
    let endpoints: Vec<&str> = exchanges
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["endpoint"].as_str().unwrap())
        .collect();
    assert!(
        endpoints.contains(&"getApplicantCommonDetails"),
        "{endpoints:?}"
    );

    // A refusal: one sentence on stderr, the error document on stdout, exit 1.
    let mut cmd = kendra(data.path());
    let out = cmd
        .args([
            "isp",
            "details",
            "--profile",
            "sandbox-isp",
            "--request-id",
            "R-1",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"]["code"], json!("input"));
    assert!(doc["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("request_id:"));
    let (code, stderr) = fails(
        kendra(data.path()),
        &[
            "isp",
            "validate",
            "--profile",
            "sandbox-isp",
            "--session-key",
            "NoSuchKey1",
        ],
        "",
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
