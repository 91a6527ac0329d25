//! `kendra bsk …` as a DEO's script runs it: `--json` documents on stdout, ids as strings, errors
//! as `{"error": {code, message, detail}}`. Tests that use profiles need a Secret Service:
//! `scripts/with-secret-service.sh cargo test -p kendra-cli --test bsk_cli -- --include-ignored`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::Value;

/// `kendra sandbox --port 0` as a child process, killed on drop.
struct SandboxProcess {
    child: Child,
    url: String,
}

impl SandboxProcess {
    fn start() -> Self {
        let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("kendra"))
            .args(["sandbox", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
        Self { child, url }
    }

    fn get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.url);
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() })
    }

    /// The last OTP the sandbox sent to `mobile`.
    fn last_otp(&self, mobile: &str) -> String {
        let inbox = self.get(&format!("/_sandbox/inbox?peer=bsk&to={mobile}"));
        inbox["messages"].as_array().unwrap().last().unwrap()["otp"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn kendra(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kendra").unwrap();
    cmd.arg("--data").arg(data);
    cmd.env_remove("KENDRA_BSK_ACCESS_CODE");
    cmd
}

/// Runs `kendra args…`, expecting success; returns stdout.
fn ok(data: &Path, args: &[&str]) -> String {
    let out = kendra(data).args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "kendra {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Runs `kendra args…`, expecting failure; returns (exit code, stdout JSON, stderr).
fn refused(data: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = kendra(data).args(args).output().unwrap();
    assert!(!out.status.success(), "kendra {args:?} succeeded");
    let stdout = String::from_utf8(out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_str(&stdout).unwrap_or(Value::Null),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn services_are_listed_and_searched_without_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let doc: Value = serde_json::from_str(&ok(
        dir.path(),
        &["bsk", "services", "--search", "birth", "--json"],
    ))
    .unwrap();
    assert_eq!(doc["query"], "birth");
    let services = doc["services"].as_array().unwrap();
    assert_eq!(services.len(), 1);
    assert_eq!(services[0]["service_code"], "HFW/002");
    assert_eq!(services[0]["service_name"], "Birth Certificate");
    assert_eq!(services[0]["dept_code"], "HFW");
    let all: Value = serde_json::from_str(&ok(dir.path(), &["bsk", "services", "--json"])).unwrap();
    assert_eq!(all["services"].as_array().unwrap().len(), 77);
    let text = ok(dir.path(), &["bsk", "services", "--search", "AMD"]);
    assert!(
        text.contains("AMD/003") && text.contains("Seed Certificate"),
        "{text}"
    );
}

#[test]
fn an_unknown_profile_is_one_error_document() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc, stderr) = refused(
        dir.path(),
        &[
            "bsk",
            "status",
            "--profile",
            "nope",
            "--user-id",
            "9054233544",
            "--application-no",
            "AP7373633/003",
            "--json",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(doc["error"]["code"], "profile");
    assert!(stderr.contains("nope"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli --test bsk_cli -- --include-ignored"]
fn a_counter_session_from_the_command_line() {
    let sandbox = SandboxProcess::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&data, &["profile", "import-sandbox", &sandbox.url]);
    let profile = ["--profile", "sandbox-bsk", "--json"];
    let ticket = "20221202153322882";

    // initiate: the 17-digit ticket comes back as a JSON string, every digit.
    let mut args = vec![
        "bsk",
        "initiate",
        "--user-id",
        "9054233544",
        "--service",
        "AMD/003",
        "--name",
        "Arindam Ray",
        "--mobile",
        "9350778824",
        "--age",
        "48",
        "--gender",
        "male",
        "--ticket",
        ticket,
    ];
    args.extend(profile);
    let stdout = ok(&data, &args);
    assert!(
        stdout.contains(&format!("\"ticket_no\": \"{ticket}\"")),
        "{stdout}"
    );
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["user_id"], "9054233544");
    assert_eq!(doc["message"], "Initiated");
    assert!(doc["app_sub_time"].as_str().unwrap().ends_with("+05:30"));

    // status on the same ticket: the service code comes from the journal.
    let mut args = vec![
        "bsk",
        "status",
        "--user-id",
        "9054233544",
        "--application-no",
        "AP7373633/003",
        "--ticket",
        ticket,
    ];
    args.extend(profile);
    let stdout = ok(&data, &args);
    assert!(
        stdout.contains(&format!("\"ticket_no\": \"{ticket}\"")),
        "{stdout}"
    );
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["service_code"], "AMD/003");
    let stages = doc["stages"].as_array().unwrap();
    assert_eq!(stages.last().unwrap()["message"], "Certificate Issued");
    assert_eq!(doc["latest"], "Certificate Issued");

    // OTP gate: a wrong code (exit 1, plain words, JSON error), then the right one saves the PDF.
    let mut args = vec![
        "bsk",
        "otp-request",
        "--document-no",
        "WB/SC/BRP/2024/0118342",
    ];
    args.extend(profile);
    let doc: Value = serde_json::from_str(&ok(&data, &args)).unwrap();
    let otp_id = doc["otp_id"].as_str().unwrap().to_owned();
    assert!(otp_id.chars().all(|c| c.is_ascii_digit()));
    let otp = sandbox.last_otp("9647120385");
    let wrong: String = otp
        .chars()
        .map(|c| char::from_digit((c.to_digit(10).unwrap() + 1) % 10, 10).unwrap())
        .collect();
    let out_dir = dir.path().join("docs");
    std::fs::create_dir(&out_dir).unwrap();
    let out_dir = out_dir.to_str().unwrap();
    let mut args = vec![
        "bsk",
        "otp-verify",
        "--otp-id",
        &otp_id,
        "--otp",
        &wrong,
        "--out-dir",
        out_dir,
    ];
    args.extend(profile);
    let (code, doc, stderr) = refused(&data, &args);
    assert_eq!(code, 1);
    assert_eq!(doc["error"]["code"], "otp_wrong");
    assert!(stderr.contains("can try 2 more times"), "{stderr}");
    assert!(doc["error"]["detail"]
        .as_str()
        .unwrap()
        .contains("attemptsLeft 2"));
    // The OTP read from standard input, as a script pipes it.
    let mut args = vec![
        "bsk",
        "otp-verify",
        "--otp-id",
        &otp_id,
        "--document-no",
        "WB/SC/BRP/2024/0118342",
        "--out-dir",
        out_dir,
    ];
    args.extend(profile);
    let out = kendra(&data)
        .args(&args)
        .write_stdin(format!("{otp}\n"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["file_type"], "pdf");
    assert_eq!(doc["otp_id"], otp_id.as_str());
    let path = doc["path"].as_str().unwrap();
    assert!(path.ends_with("WB-SC-BRP-2024-0118342.pdf"), "{path}");
    assert!(std::fs::read(path).unwrap().starts_with(b"%PDF-"));
    assert_eq!(doc["sha256"].as_str().unwrap().len(), 64);

    // deo: the access code from the environment, never on the command line.
    let info = sandbox.get("/_sandbox/info");
    let access = info["bsk"]["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["deptCode"] == "AMD")
        .unwrap()["accessCode"]
        .to_string();
    let mut args = vec![
        "bsk",
        "deo",
        "--user-id",
        "9054233544",
        "--dept-code",
        "AMD",
    ];
    args.extend(profile);
    let out = kendra(&data)
        .env("KENDRA_BSK_ACCESS_CODE", &access)
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["user_name"], "Charan Das");
    assert_eq!(doc["status"], "active");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&access));
}
