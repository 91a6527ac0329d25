//! The `kendra` CLI contract that scripts outside the project rely on: stdin in, stdout out, key
//! material only from the environment, and on any error a non-zero exit with exactly one plain
//! line on stderr that names the input and what is wrong.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

const KEY: &str = "IP16TDW0L5AQB41V6S6J8QLTPLRXBV2W";
const IV: &str = "V0ZMZO6WZ45KY2PL";
const SAMPLE: &str = r#"{"userid":"8527419636","ticketno":"20221202153322882","citizenmobile":"9963258963","citizenname":"Anupam Ghosh"}"#;

fn kendra() -> Command {
    let mut cmd = Command::cargo_bin("kendra").unwrap();
    for var in [
        "KENDRA_KEY",
        "KENDRA_IV",
        "KENDRA_SECRET",
        "KENDRA_JWT_SECRET",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("RUST_BACKTRACE", "1");
    cmd
}

fn bsk() -> Command {
    let mut cmd = kendra();
    cmd.env("KENDRA_KEY", KEY).env("KENDRA_IV", IV);
    cmd
}

fn isp() -> Command {
    let mut cmd = kendra();
    cmd.env("KENDRA_SECRET", "isp-dept-secret");
    cmd
}

fn stdout(cmd: &mut Command, args: &[&str], stdin: impl Into<Vec<u8>>) -> String {
    let out = cmd.args(args).write_stdin(stdin).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a failing command; returns its single stderr line.
fn fails(cmd: &mut Command, args: &[&str], stdin: impl Into<Vec<u8>>) -> String {
    let out = cmd.args(args).write_stdin(stdin).output().unwrap();
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(out.stdout.is_empty(), "stdout on failure: {:?}", out.stdout);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "not one line: {err:?}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace") && !err.contains("RUST_"),
        "{err}"
    );
    assert!(
        !err.contains(KEY) && !err.contains("isp-dept-secret"),
        "secret leaked: {err}"
    );
    err.trim_end().to_owned()
}

#[test]
fn bsk_encrypt_decrypt_round_trip() {
    let ct = stdout(
        &mut bsk(),
        &["crypto", "encrypt", "--scheme", "bsk"],
        SAMPLE,
    );
    assert!(
        ct.starts_with("m4p3CxxkyshZk6hQdSi509Uu3Gn8i4MXIz/uq"),
        "{ct}"
    );
    assert!(ct.ends_with('\n') && ct.trim_end().lines().count() == 1);
    assert_eq!(
        stdout(&mut bsk(), &["crypto", "decrypt", "--scheme", "bsk"], ct),
        SAMPLE
    );
}

#[test]
fn isp_round_trip_in_bengali_and_hindi_and_variants() {
    let text = "{\"name\":\"অনুপম ঘোষ\",\"district\":\"लखनऊ\"}\n";
    let ct = stdout(&mut isp(), &["crypto", "encrypt", "--scheme", "isp"], text);
    assert_eq!(
        stdout(
            &mut isp(),
            &["crypto", "decrypt", "--scheme", "isp"],
            ct.clone()
        ),
        text
    );
    let ascii = stdout(
        &mut isp(),
        &[
            "crypto",
            "encrypt",
            "--scheme",
            "isp",
            "--variant",
            "ascii-iv",
        ],
        text,
    );
    assert_ne!(ascii, ct);
    let found = stdout(&mut isp(), &["crypto", "identify"], ascii);
    assert!(found.starts_with("ascii-iv\t"), "{found}");
}

#[test]
fn bad_ciphertexts_are_explained() {
    let ct = stdout(
        &mut bsk(),
        &["crypto", "encrypt", "--scheme", "bsk"],
        SAMPLE,
    );
    assert_eq!(
        fails(
            &mut bsk(),
            &["crypto", "decrypt", "--scheme", "bsk"],
            "m4p3CxxkyshZk6h*QdSi509"
        ),
        "kendra: ciphertext is not valid base64 (character 16)"
    );
    assert!(fails(
        &mut bsk(),
        &["crypto", "decrypt", "--scheme", "bsk"],
        &ct[..40]
    )
    .contains("not a whole number of 16-byte AES blocks"));
    let wrong_key = fails(
        bsk().env("KENDRA_KEY", "XP16TDW0L5AQB41V6S6J8QLTPLRXBV2W"),
        &["crypto", "decrypt", "--scheme", "bsk"],
        ct.clone(),
    );
    assert!(
        wrong_key == "kendra: decryption failed: wrong key or corrupted data (bad padding)"
            || wrong_key.contains("is not UTF-8 text"),
        "{wrong_key}"
    );
    assert!(
        fails(&mut isp(), &["crypto", "decrypt", "--scheme", "isp"], ct)
            .starts_with("kendra: decryption failed")
    );
}

#[test]
fn ciphertext_that_decrypts_to_non_utf8() {
    // Encrypt invalid UTF-8 with openssl-equivalent raw AES through the library, then decrypt by CLI.
    let key = kendra_wire::bsk::bsk_cipher("k", KEY.as_bytes(), "iv", IV.as_bytes()).unwrap();
    let ct = kendra_wire::base64_text::encode(&key.encrypt_bytes(&[b'o', b'k', 0xc3, 0x28]));
    assert_eq!(
        fails(&mut bsk(), &["crypto", "decrypt", "--scheme", "bsk"], ct),
        "kendra: ciphertext decrypted, but the result is not UTF-8 text (byte 3): wrong key, IV or variant"
    );
}

#[test]
fn empty_input_and_bad_key_material() {
    assert_eq!(
        fails(&mut bsk(), &["crypto", "encrypt", "--scheme", "bsk"], ""),
        "kendra: plaintext on standard input is empty"
    );
    assert_eq!(
        fails(&mut bsk(), &["crypto", "decrypt", "--scheme", "bsk"], "\n"),
        "kendra: ciphertext on standard input is empty"
    );
    assert_eq!(
        fails(
            bsk().env("KENDRA_KEY", "short"),
            &["crypto", "encrypt", "--scheme", "bsk"],
            "x"
        ),
        "kendra: KENDRA_KEY must be 32 bytes, but it is 5 bytes"
    );
    assert_eq!(
        fails(
            bsk().env("KENDRA_IV", "0123456789abcdefX"),
            &["crypto", "encrypt", "--scheme", "bsk"],
            "x"
        ),
        "kendra: KENDRA_IV must be 16 bytes, but it is 17 bytes"
    );
    assert!(fails(
        &mut kendra(),
        &["crypto", "encrypt", "--scheme", "bsk"],
        "x"
    )
    .starts_with("kendra: KENDRA_KEY is not set"));
    assert!(fails(
        &mut kendra(),
        &["crypto", "encrypt", "--scheme", "isp"],
        "x"
    )
    .starts_with("kendra: KENDRA_SECRET is not set"));
    assert!(fails(
        &mut bsk(),
        &["crypto", "encrypt", "--scheme", "bsk"],
        vec![b'a', 0xff]
    )
    .contains("plaintext on standard input is not UTF-8 text (byte 2)"));
    assert!(
        fails(&mut bsk(), &["crypto", "encrypt", "--scheme", "rot13"], "x").contains("'rot13'")
    );
    // Key material is never taken from the command line.
    assert!(fails(
        &mut bsk(),
        &[
            "crypto",
            "encrypt",
            "--scheme",
            "bsk",
            "--key",
            KEY.get(..0).unwrap()
        ],
        "x"
    )
    .contains("--key"));
}

#[test]
fn jwt_sign_verify_decode() {
    let mut signer = kendra();
    signer.env("KENDRA_JWT_SECRET", "bsk-jwt-secret");
    let token = stdout(
        &mut signer,
        &["jwt", "sign"],
        r#"{"userId":9054233544,"ticketNo":20221202153322882,"name":"অরিন্দম"}"#,
    );
    assert_eq!(token.matches('.').count(), 2);
    let mut verifier = kendra();
    verifier.env("KENDRA_JWT_SECRET", "bsk-jwt-secret");
    let claims: serde_json::Value =
        serde_json::from_str(&stdout(&mut verifier, &["jwt", "verify"], token.clone())).unwrap();
    assert_eq!(claims["ticketNo"].to_string(), "20221202153322882");
    assert_eq!(claims["name"], "অরিন্দম");
    let decoded: serde_json::Value =
        serde_json::from_str(&stdout(&mut kendra(), &["jwt", "decode"], token.clone())).unwrap();
    assert_eq!(decoded["header"]["alg"], "HS256");
    assert_eq!(decoded["claims"]["userId"].to_string(), "9054233544");

    let mut wrong = kendra();
    wrong.env("KENDRA_JWT_SECRET", "other");
    assert!(fails(&mut wrong, &["jwt", "verify"], token).contains("signature does not match"));
    let mut signer = kendra();
    signer.env("KENDRA_JWT_SECRET", "s");
    assert!(fails(&mut signer, &["jwt", "sign"], "[1,2]").contains("must be a JSON object"));
    let mut signer = kendra();
    signer.env("KENDRA_JWT_SECRET", "s");
    assert!(fails(&mut signer, &["jwt", "sign"], "{\"a\":")
        .starts_with("kendra: claims on standard input is not valid JSON"));
    assert!(fails(&mut kendra(), &["jwt", "sign"], "{}")
        .starts_with("kendra: KENDRA_JWT_SECRET is not set"));
    assert!(fails(&mut kendra(), &["jwt", "decode"], "not-a-token")
        .starts_with("kendra: the token is not a well-formed JWT"));
}

#[test]
fn expired_token_is_refused_with_its_time() {
    let mut signer = kendra();
    signer.env("KENDRA_JWT_SECRET", "s");
    let token = stdout(&mut signer, &["jwt", "sign"], r#"{"exp": 1000000000}"#);
    let mut verifier = kendra();
    verifier.env("KENDRA_JWT_SECRET", "s");
    assert_eq!(
        fails(&mut verifier, &["jwt", "verify"], token),
        "kendra: the token expired at 2001-09-09T01:46:40+00:00"
    );
}

/// `kendra sandbox --port 0` prints its base URL first, serves, and `kendra sandbox fault` steers it.
#[test]
fn sandbox_serves_and_takes_faults() {
    use std::io::BufRead;
    let bin = assert_cmd::cargo::cargo_bin("kendra");
    let mut child = std::process::Command::new(&bin)
        .args(["sandbox", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first.trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let add = stdout(
        &mut kendra(),
        &[
            "sandbox",
            "fault",
            "--url",
            &url,
            "--endpoint",
            "/ispws/*",
            "--kind",
            "http-500",
            "--times",
            "3",
        ],
        "",
    );
    assert!(add.contains("\"http_500\""), "{add}");
    let listed = stdout(
        &mut kendra(),
        &["sandbox", "fault", "list", "--url", &url],
        "",
    );
    assert!(listed.contains("/ispws/*"), "{listed}");
    stdout(
        &mut kendra(),
        &["sandbox", "fault", "clear", "--url", &url],
        "",
    );
    assert!(stdout(
        &mut kendra(),
        &["sandbox", "fault", "list", "--url", &url],
        ""
    )
    .contains("[]"));
    assert!(fails(
        &mut kendra(),
        &["sandbox", "fault", "--url", &url, "--kind", "reset"],
        ""
    )
    .contains("--endpoint"));
    child.kill().unwrap();
    child.wait().unwrap();

    let err = fails(
        &mut kendra(),
        &["sandbox", "fault", "list", "--url", &url],
        "",
    );
    assert!(err.contains("could not reach the sandbox"), "{err}");
}

#[test]
fn dci_sign_then_verify_and_tamper() {
    let key = kendra_wire::dci::DciSigningKey::from_seed([7; 32]);
    let private = secrecy::ExposeSecret::expose_secret(&key.to_base64()).to_owned();
    let public = key.public_key().to_base64();
    let envelope = r#"{"header":{"action":"search","sender_id":"sp-1","message_id":"m1"},"message":{"transaction_id":"T-1"}}"#;
    let mut signer = kendra();
    signer.env("KENDRA_DCI_KEY", &private);
    let signed = stdout(
        &mut signer,
        &["dci", "sign", "--sender-id", "sp-1", "--key-id", "k1"],
        envelope,
    );
    assert!(signed.contains(r#"kidId=\"sp-1|k1|ed25519\""#), "{signed}");
    let mut verifier = kendra();
    verifier.env("KENDRA_DCI_PUBLIC_KEY", &public);
    let report = stdout(&mut verifier, &["dci", "verify"], signed.clone());
    assert!(report.contains("\"valid\": true"), "{report}");
    let mut verifier = kendra();
    verifier.env("KENDRA_DCI_PUBLIC_KEY", &public);
    assert!(fails(
        &mut verifier,
        &["dci", "verify"],
        signed.replace("T-1", "T-2")
    )
    .contains("err.signature.invalid"));
    let mut verifier = kendra();
    verifier.env("KENDRA_DCI_PUBLIC_KEY", &public);
    assert!(fails(&mut verifier, &["dci", "verify"], envelope).contains("err.signature.missing"));
    assert!(fails(
        &mut kendra(),
        &["dci", "sign", "--sender-id", "sp-1", "--key-id", "k1"],
        envelope
    )
    .contains("KENDRA_DCI_KEY is not set"));
}

#[test]
fn outbox_and_journal_admin_commands_on_an_empty_journal() {
    let dir = std::env::temp_dir().join(format!("kendra-cli-admin-{}", std::process::id()));
    let data = dir.to_str().unwrap();
    let listed = stdout(&mut kendra(), &["--data", data, "outbox", "list"], "");
    assert!(listed.contains("(nothing matches)"), "{listed}");
    assert_eq!(
        stdout(
            &mut kendra(),
            &["--data", data, "outbox", "list", "--json"],
            ""
        )
        .trim(),
        "[]"
    );
    assert_eq!(
        stdout(
            &mut kendra(),
            &["--data", data, "outbox", "export", "--format", "json"],
            ""
        )
        .trim(),
        "[]"
    );
    assert!(fails(
        &mut kendra(),
        &["--data", data, "outbox", "list", "--state", "lost"],
        ""
    )
    .contains("\"lost\" is not a known state"));
    assert!(
        fails(&mut kendra(), &["--data", data, "outbox", "resend"], "").contains("--all-failed")
    );
    assert!(fails(
        &mut kendra(),
        &["--data", data, "outbox", "cancel", "7", "--reason", "x"],
        ""
    )
    .contains("7"));
    assert!(stdout(
        &mut kendra(),
        &["--data", data, "journal", "search", "--peer", "isp"],
        ""
    )
    .contains("(nothing found)"));
    assert!(fails(
        &mut kendra(),
        &["--data", data, "journal", "search", "--from", "23/11/2026"],
        ""
    )
    .contains("is not a date like"));
    assert_eq!(
        stdout(
            &mut kendra(),
            &[
                "--data",
                data,
                "journal",
                "export",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30"
            ],
            ""
        )
        .trim(),
        "[]"
    );
    assert!(
        stdout(&mut kendra(), &["--data", data, "journal", "purge"], "")
            .contains("older than 30 days erased: 0 record(s)")
    );
    let policy = stdout(&mut kendra(), &["--data", data, "outbox", "policy"], "");
    let parsed: serde_json::Value = serde_json::from_str(&policy).unwrap();
    assert_eq!(parsed["classes"]["network"]["kind"], "backoff");
    let bad_policy = dir.join("policy.json");
    std::fs::write(&bad_policy, "{}").unwrap();
    assert!(fails(
        &mut kendra(),
        &[
            "--data",
            data,
            "outbox",
            "drain",
            "--policy",
            bad_policy.to_str().unwrap()
        ],
        ""
    )
    .contains("is not a retry policy"));
    let payload = dir.join("payload.json");
    std::fs::write(&payload, r#"{"remarks": "corrected"}"#).unwrap();
    assert!(fails(
        &mut kendra(),
        &[
            "--data",
            data,
            "outbox",
            "edit",
            "9",
            "--json",
            payload.to_str().unwrap()
        ],
        ""
    )
    .contains("9"));
    std::fs::write(&payload, "[1]").unwrap();
    assert!(fails(
        &mut kendra(),
        &[
            "--data",
            data,
            "outbox",
            "edit",
            "9",
            "--json",
            payload.to_str().unwrap()
        ],
        ""
    )
    .contains("one JSON object"));
    std::fs::remove_dir_all(&dir).ok();
}

/// API-7's answer: the API-2 pushes of a date range, ids and amounts exactly as written.
#[test]
fn journal_export_api7_writes_pushes_exactly() {
    let dir = std::env::temp_dir().join(format!("kendra-cli-api7-{}", std::process::id()));
    {
        let journal = kendra_journal::Journal::open(&dir).unwrap();
        let push = kendra_client::Api2Submission {
            userid: "9054233544".into(),
            ticket_no: "20221202153322882".into(),
            service_code: "AMD/003".into(),
            app_no: "AMD/TL/2026/5521".into(),
            app_sub_time: chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
                .unwrap()
                .and_hms_opt(12, 5, 12)
                .unwrap(),
            application_status: 3,
            paid_amt: Some("2500.00".into()),
            dept_pay_ref_no: Some("23424423424".into()),
            trans_no: Some("1234353435".into()),
            bank_ref_no: Some("4653443656".into()),
        };
        kendra_outbox::queue_bsk_push(&journal, &kendra_journal::Actor::Cli, "sandbox-bsk", &push)
            .unwrap();
    }
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(19_800).unwrap())
        .format("%Y-%m-%d")
        .to_string();
    let data = dir.to_str().unwrap();
    let out = stdout(
        &mut kendra(),
        &[
            "--data", data, "journal", "export", "--from", &today, "--to", &today, "--api7",
        ],
        "",
    );
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{out}");
    assert!(
        out.contains(r#""ticketNo":20221202153322882"#) && out.contains(r#""paidAmt":2500.00"#),
        "{out}"
    );
    assert_eq!(rows[0]["statusCode"], 200);
    assert_eq!(rows[0]["applicationStatus"], 3);
    std::fs::remove_dir_all(&dir).ok();
}
