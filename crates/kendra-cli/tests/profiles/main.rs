//! `kendra profile …`, `--data` and `crypto --profile` as a user runs them. Tests that touch the
//! OS keyring need a Secret Service:
//! `scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};

mod admin_flow;
mod isp_department_cli;

use assert_cmd::Command;
use serde_json::Value;

const KEYRING: &str =
    "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored";

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

    fn info(&self) -> Value {
        let url = format!("{}/_sandbox/info", self.url);
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() })
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
    for var in ["KENDRA_KEY", "KENDRA_IV", "KENDRA_SECRET"] {
        cmd.env_remove(var);
    }
    cmd
}

struct Output {
    stdout: String,
    stderr: String,
}

fn run(mut cmd: Command, args: &[&str], stdin: &str) -> Output {
    let out = cmd.args(args).write_stdin(stdin).output().unwrap();
    let result = Output {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(
        out.status.success(),
        "kendra {args:?} failed: {}",
        result.stderr
    );
    result
}

fn fails(mut cmd: Command, args: &[&str], stdin: &str) -> (i32, String) {
    let out = cmd.args(args).write_stdin(stdin).output().unwrap();
    assert!(!out.status.success(), "kendra {args:?} succeeded");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every secret value the sandbox's info gives the imported profiles.
fn secrets_of(info: &Value) -> Vec<String> {
    let pointers = [
        "/bsk/key",
        "/bsk/iv",
        "/bsk/passcode",
        "/bsk/jwt_secret",
        "/isp/password",
        "/isp/secret_key",
        "/header_secrets/clients/bsk_style/pass_key",
        "/header_secrets/clients/bsk_style/client_secret",
        "/header_secrets/clients/bsk_style/key",
        "/header_secrets/clients/bsk_style/iv",
        "/dci/private_key",
        "/dci/client_secret",
        "/csp/client_secret",
        "/csp/password",
    ];
    pointers
        .iter()
        .map(|p| info.pointer(p).unwrap().as_str().unwrap().to_owned())
        .collect()
}

// ---- without a keyring -------------------------------------------------------------------------

#[test]
fn an_empty_data_folder_lists_no_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(kendra(dir.path()), &["profile", "list", "--json"], "");
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).unwrap(),
        Value::Array(vec![])
    );
    assert!(dir.path().join("journal.sqlite3").exists());
}

#[test]
fn an_unknown_profile_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = fails(kendra(dir.path()), &["profile", "show", "isp-live"], "");
    assert_eq!(code, 1);
    assert!(
        err.starts_with("kendra: there is no profile \"isp-live\""),
        "{err}"
    );
    let (_, err) = fails(
        kendra(dir.path()),
        &["crypto", "encrypt", "--profile", "isp-live"],
        "hello",
    );
    assert!(err.contains("no profile \"isp-live\""), "{err}");
}

#[test]
fn set_refuses_options_of_another_peer_and_missing_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err) = fails(
        kendra(dir.path()),
        &["profile", "set", "p", "--peer", "bsk", "--dept-id", "D"],
        "",
    );
    assert_eq!(
        err.trim(),
        "kendra: --dept-id: not a setting of a bsk profile"
    );
    let (_, err) = fails(
        kendra(dir.path()),
        &[
            "profile",
            "set",
            "p",
            "--peer",
            "isp",
            "--base-url",
            "http://h",
        ],
        "",
    );
    assert_eq!(err.trim(), "kendra: --dept-id: a new isp profile needs it");
}

#[test]
fn crypto_still_needs_a_scheme_or_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = fails(kendra(dir.path()), &["crypto", "encrypt"], "x");
    assert_eq!(code, 2);
    assert!(
        err.contains("required arguments were not provided"),
        "{err}"
    );
}

// ---- against a real Secret Service -------------------------------------------------------------

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored"]
fn import_sandbox_then_show_prints_masks_and_never_a_secret() {
    let _ = KEYRING;
    let sandbox = SandboxProcess::start();
    let info = sandbox.info();
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();

    let import = run(
        kendra(dir.path()),
        &["profile", "import-sandbox", &sandbox.url],
        "",
    );
    let names: Vec<String> = import
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "sandbox-bsk",
            "sandbox-isp",
            "sandbox-header-secrets",
            "sandbox-dci",
            "sandbox-csp"
        ]
    );
    outputs.push(import);

    for name in &names {
        let text = run(kendra(dir.path()), &["profile", "show", name], "");
        assert!(
            text.stdout.contains("SANDBOX: not production"),
            "{}",
            text.stdout
        );
        assert!(text.stdout.contains("••••"), "{}", text.stdout);
        assert!(!text.stdout.contains("missing"), "{}", text.stdout);
        let json = run(kendra(dir.path()), &["profile", "show", name, "--json"], "");
        let view: Value = serde_json::from_str(&json.stdout).unwrap();
        assert_eq!(view["sandbox"], true);
        for secret in view["secrets"].as_array().unwrap() {
            assert_eq!(secret["state"], "set");
            assert!(secret["mask"].as_str().unwrap().starts_with("••••"));
        }
        outputs.push(text);
        outputs.push(json);
    }
    let list = run(kendra(dir.path()), &["profile", "list"], "");
    assert_eq!(list.stdout.lines().count(), 5);
    assert!(
        list.stdout.lines().all(|l| l.ends_with("secrets complete")),
        "{}",
        list.stdout
    );
    outputs.push(list);
    outputs.push(run(kendra(dir.path()), &["profile", "list", "--json"], ""));

    let secrets = secrets_of(&info);
    for out in &outputs {
        for secret in &secrets {
            assert!(
                !out.stdout.contains(secret.as_str()) && !out.stderr.contains(secret.as_str()),
                "a secret was printed"
            );
        }
    }
    // Nor is any in the journal file or its WAL.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for secret in &secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "a secret reached the data folder"
            );
        }
    }

    let deleted = run(
        kendra(dir.path()),
        &["profile", "delete", "sandbox-dci"],
        "",
    );
    assert_eq!(
        deleted.stdout.trim(),
        "deleted profile \"sandbox-dci\" and 2 secret(s) from the keyring"
    );
    let (_, err) = fails(kendra(dir.path()), &["profile", "show", "sandbox-dci"], "");
    assert!(err.contains("no profile \"sandbox-dci\""), "{err}");
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored"]
fn crypto_with_a_profile_equals_crypto_with_environment_variables() {
    let sandbox = SandboxProcess::start();
    let info = sandbox.info();
    let dir = tempfile::tempdir().unwrap();
    run(
        kendra(dir.path()),
        &["profile", "import-sandbox", &sandbox.url],
        "",
    );
    let text = r#"{"userid":"8527419636","ticketno":"20221202153322882","name":"সুকুমার"}"#;
    let key = info["bsk"]["key"].as_str().unwrap();
    let iv = info["bsk"]["iv"].as_str().unwrap();
    let secret = info["isp"]["secret_key"].as_str().unwrap();

    let mut env_bsk = kendra(dir.path());
    env_bsk.env("KENDRA_KEY", key).env("KENDRA_IV", iv);
    let by_env = run(env_bsk, &["crypto", "encrypt", "--scheme", "bsk"], text).stdout;
    let by_profile = run(
        kendra(dir.path()),
        &["crypto", "encrypt", "--profile", "sandbox-bsk"],
        text,
    )
    .stdout;
    assert_eq!(by_profile, by_env);
    let back = run(
        kendra(dir.path()),
        &[
            "crypto",
            "decrypt",
            "--scheme",
            "bsk",
            "--profile",
            "sandbox-bsk",
        ],
        &by_profile,
    );
    assert_eq!(back.stdout, text);

    let mut env_isp = kendra(dir.path());
    env_isp.env("KENDRA_SECRET", secret);
    let by_env = run(env_isp, &["crypto", "encrypt", "--scheme", "isp"], text).stdout;
    // --profile wins over the environment, and says so.
    let mut both = kendra(dir.path());
    both.env("KENDRA_SECRET", "some-other-secret");
    let by_profile = run(
        both,
        &["crypto", "encrypt", "--profile", "sandbox-isp"],
        text,
    );
    assert_eq!(by_profile.stdout, by_env);
    assert_eq!(
        by_profile.stderr.trim(),
        "kendra: using the key of profile \"sandbox-isp\"; KENDRA_SECRET in the environment ignored"
    );
    let found = run(
        kendra(dir.path()),
        &["crypto", "identify", "--profile", "sandbox-isp"],
        &by_env,
    );
    assert!(
        found.stdout.starts_with("canonical\tdecrypts to JSON"),
        "{}",
        found.stdout
    );

    let (_, err) = fails(
        kendra(dir.path()),
        &[
            "crypto",
            "encrypt",
            "--scheme",
            "isp",
            "--profile",
            "sandbox-bsk",
        ],
        text,
    );
    assert!(err.contains("leave --scheme out"), "{err}");
    let (_, err) = fails(
        kendra(dir.path()),
        &["crypto", "encrypt", "--profile", "sandbox-csp"],
        text,
    );
    assert!(err.contains("has no AES key"), "{err}");
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored"]
fn data_folders_are_isolated_in_the_journal_and_the_keyring() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let set = |dir: &Path, password: &str| {
        run(
            kendra(dir),
            &[
                "profile",
                "set",
                "isp-live",
                "--peer",
                "isp",
                "--base-url",
                "http://127.0.0.1:9",
                "--dept-id",
                "UPREV0417",
            ],
            &format!(
                "# from the portal's letter\npassword={password}\nsecret_key=shared-{password}\n"
            ),
        )
    };
    let shown_a = set(a.path(), "pass-A").stdout;
    assert!(!shown_a.contains("pass-A"));
    let (_, err) = fails(kendra(b.path()), &["profile", "show", "isp-live"], "");
    assert!(err.contains("no profile \"isp-live\""), "{err}");

    let shown_b = set(b.path(), "pass-B").stdout;
    let mask = |shown: &str| {
        shown
            .lines()
            .find(|l| l.trim_start().starts_with("isp.password"))
            .unwrap()
            .to_owned()
    };
    assert_ne!(
        mask(&shown_a),
        mask(&shown_b),
        "B overwrote A's keyring entry"
    );
    // A still has its own secret after B set and deleted its profile of the same name.
    run(kendra(b.path()), &["profile", "delete", "isp-live"], "");
    let again_a = run(kendra(a.path()), &["profile", "show", "isp-live"], "").stdout;
    assert_eq!(mask(&again_a), mask(&shown_a));
    run(kendra(a.path()), &["profile", "delete", "isp-live"], "");

    // A later set without secrets keeps the settings and reports what is missing.
    let partial = run(
        kendra(a.path()),
        &[
            "profile",
            "set",
            "hs",
            "--peer",
            "header-secrets",
            "--base-url",
            "http://h",
            "--client-id",
            "c",
            "--cipher",
            "isp",
        ],
        "pass_key=PK-1\n",
    );
    assert!(
        partial.stdout.contains("header-secrets.secret"),
        "{}",
        partial.stdout
    );
    assert!(
        partial
            .stderr
            .contains("still needs header-secrets.client_secret, header-secrets.secret"),
        "{}",
        partial.stderr
    );
    let (_, err) = fails(
        kendra(a.path()),
        &["profile", "set", "hs", "--peer", "header-secrets"],
        "password=x\n",
    );
    assert!(
        err.contains("line 1") && err.contains("no secret called \"password\""),
        "{err}"
    );
    run(kendra(a.path()), &["profile", "delete", "hs"], "");
}
