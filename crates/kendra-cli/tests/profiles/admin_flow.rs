//! An admin queues, watches, fixes and resends ISP statuses from the CLI against the sandbox.

use serde_json::{json, Value};

use super::{kendra, run, SandboxProcess};

/// Logs in and validates a fresh session key the way a department portal does.
fn new_request(sandbox: &SandboxProcess, info: &Value) -> (String, String) {
    use kendra_wire::isp::{IspAnswer, IspKeyCache, IspRequest, IspVariant};
    let isp = &info["isp"];
    let dept = isp["dept_id"].as_str().unwrap().to_owned();
    let key = IspKeyCache::global()
        .get(
            isp["secret_key"].as_str().unwrap().as_bytes(),
            IspVariant::Canonical,
        )
        .unwrap();
    let base = sandbox.url.clone();
    let password = isp["password"].as_str().unwrap().to_owned();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async move {
            let http = reqwest::Client::new();
            let token: Value = http
                .post(format!("{base}/ispws/authenticate"))
                .json(&json!({"username": dept, "password": password}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let apply: Value = http
                .post(format!("{base}/_sandbox/isp/apply"))
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let body = IspRequest::seal(
                &dept,
                &json!({"sessionkey": apply["sessionkey"]}).to_string(),
                &key,
            )
            .to_json();
            let answer = http
                .post(format!(
                    "{base}/ispws/isp/v1/getRequestValidatedAndRequestID"
                ))
                .bearer_auth(token["token"].as_str().unwrap())
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            let opened = IspAnswer::open(&answer, Some(&key)).unwrap();
            let data: Value = serde_json::from_str(&opened.data.unwrap()).unwrap();
            (
                data["request_id"].as_str().unwrap().to_owned(),
                data["applicant_id"].as_str().unwrap().to_owned(),
            )
        })
}

fn post(url: &str, body: Option<Value>) -> Value {
    let url = url.to_owned();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async move {
            let http = reqwest::Client::new();
            let request = match body {
                Some(b) => http.post(&url).json(&b),
                None => http.get(&url),
            };
            request
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap_or(Value::Null)
        })
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored"]
fn queue_watch_fix_and_resend_from_the_cli() {
    let sandbox = SandboxProcess::start();
    let info = sandbox.info();
    let data = tempfile::tempdir().unwrap();
    run(
        kendra(data.path()),
        &["profile", "import-sandbox", &sandbox.url],
        "",
    );
    let (rid, aid) = new_request(&sandbox, &info);

    let ack = json!({"request_id": rid, "applicant_id": aid, "service_code": "10101",
        "application_id": "REV/2026/000123", "application_url": "", "status_code": "S104", "remarks": "",
        "pendency_level": "1", "pending_with_officer": "NA", "action_taken_time": "2026-11-2310:15:00",
        "selected_district_for_processing_application": "162", "designated_code": "D101",
        "designated_location_code": "1623", "designated_target_date": "2026-12-07",
        "first_appellate_code": "D201", "first_appellate_location_code": "162", "first_appellate_days": "25",
        "second_appellate_code": "D301", "second_appellate_location_code": "162", "second_appellate_days": "25"});
    let ack_file = data.path().join("ack.json");
    std::fs::write(&ack_file, ack.to_string()).unwrap();
    let queued = run(
        kendra(data.path()),
        &[
            "isp",
            "ack",
            "--profile",
            "sandbox-isp",
            "--json",
            ack_file.to_str().unwrap(),
        ],
        "",
    );
    assert!(queued.stdout.contains("queued S104"), "{}", queued.stdout);

    let status = |code: &str| {
        vec![
            "--field".to_owned(),
            format!("request_id={rid}"),
            "--field".to_owned(),
            format!("applicant_id={aid}"),
            "--field".to_owned(),
            "service_code=10101".to_owned(),
            "--field".to_owned(),
            "application_id=REV/2026/000123".to_owned(),
            "--field".to_owned(),
            format!("status_code={code}"),
            "--field".to_owned(),
            "remarks=".to_owned(),
            "--field".to_owned(),
            "pendency_level=1".to_owned(),
            "--field".to_owned(),
            "pending_with_officer=Rajesh Verma, Tehsildar".to_owned(),
            "--field".to_owned(),
            "action_taken_time=2026-11-23 11:20:00".to_owned(),
        ]
    };
    let mut args = vec![
        "isp".to_owned(),
        "status".to_owned(),
        "--profile".to_owned(),
        "sandbox-isp".to_owned(),
    ];
    args.extend(status("S105"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(kendra(data.path()), &args, "");

    // Annexure A is checked before anything is queued, with the rule named.
    let mut again = vec![
        "isp".to_owned(),
        "ack".to_owned(),
        "--profile".to_owned(),
        "sandbox-isp".to_owned(),
        "--json".to_owned(),
        ack_file.to_str().unwrap().to_owned(),
    ];
    again.truncate(6);
    let again: Vec<&str> = again.iter().map(String::as_str).collect();
    let refused = kendra(data.path()).args(&again).output().unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8(refused.stderr).unwrap();
    assert!(err.contains("Annexure A"), "{err}");

    // The portal fails: the drain says what waits, the list says why.
    post(
        &format!("{}/_sandbox/faults", sandbox.url),
        Some(json!({"endpoint": "/ispws/isp/*", "kind": "http_500"})),
    );
    let drained = run(kendra(data.path()), &["outbox", "drain"], "");
    assert!(
        drained.stdout.contains("delivered 0") && drained.stdout.contains("1 waiting to retry"),
        "{}",
        drained.stdout
    );
    let listed = run(
        kendra(data.path()),
        &["outbox", "list", "--state", "retry_wait"],
        "",
    );
    assert!(
        listed.stdout.contains("http_5xx") && listed.stdout.contains(&rid),
        "{}",
        listed.stdout
    );

    // Fixed: faults off, resend now, drain: both delivered, in order.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            reqwest::Client::new()
                .delete(format!("{}/_sandbox/faults", sandbox.url))
                .send()
                .await
                .unwrap();
        });
    let resent = run(
        kendra(data.path()),
        &["outbox", "resend", "--all-failed"],
        "",
    );
    assert!(resent.stdout.contains("due now"), "{}", resent.stdout);
    let drained = run(kendra(data.path()), &["outbox", "drain"], "");
    assert!(
        drained.stdout.starts_with("delivered 2"),
        "{}",
        drained.stdout
    );
    let stats = post(&format!("{}/_sandbox/stats", sandbox.url), None);
    assert_eq!(stats["isp_statuses"][&rid], json!(["S104", "S105"]));
    let listed: Value =
        serde_json::from_str(&run(kendra(data.path()), &["outbox", "list", "--json"], "").stdout)
            .unwrap();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["state"] == "delivered"),
        "{listed}"
    );
    let found = run(
        kendra(data.path()),
        &["journal", "search", "--request-id", &rid],
        "",
    );
    assert!(found.stdout.contains("S105"), "{}", found.stdout);
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored"]
fn jwt_sign_with_a_bsk_profile_verifies_with_the_same_secret() {
    let sandbox = SandboxProcess::start();
    let info = sandbox.info();
    let data = tempfile::tempdir().unwrap();
    run(
        kendra(data.path()),
        &["profile", "import-sandbox", &sandbox.url],
        "",
    );
    let token = run(
        kendra(data.path()),
        &["jwt", "sign", "--profile", "sandbox-bsk"],
        r#"{"ticketNo":20221202153322882}"#,
    )
    .stdout;
    let mut verify = kendra(data.path());
    verify.env(
        "KENDRA_JWT_SECRET",
        info["bsk"]["jwt_secret"].as_str().unwrap(),
    );
    let claims = run(verify, &["jwt", "verify"], &token).stdout;
    assert!(claims.contains("20221202153322882"), "{claims}");
    let wrong = kendra(data.path())
        .args(["jwt", "sign", "--profile", "sandbox-isp"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert!(!wrong.status.success());
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored"]
fn search_by_mobile_uses_the_keyring_citizen_key() {
    let data = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let found = run(
            kendra(data.path()),
            &["journal", "search", "--mobile", "+91 98765 43210"],
            "",
        );
        assert!(found.stdout.contains("(nothing found)"), "{}", found.stdout);
    }
    // The key lives in the keyring, never in the data folder.
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        assert!(!String::from_utf8_lossy(&bytes).contains("citizen_data_key"));
    }
}
