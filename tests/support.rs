//! Helpers for the interop tests: run the independent reference implementations (openssl, the
//! ISP manual's Java sample on the JDK) as child processes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Runs `program args…` with `stdin`, returns stdout; panics with stderr on failure.
pub fn run(program: &str, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {program} (is it installed? scripts/setup.sh installs it): {e}")
        });
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `openssl enc -aes-256-cbc` with a raw key and IV, base64 on one line.
pub fn openssl_encrypt(key: &[u8], iv: &[u8], plaintext: &[u8]) -> String {
    let out = run(
        "openssl",
        &[
            "enc",
            "-aes-256-cbc",
            "-K",
            &hex(key),
            "-iv",
            &hex(iv),
            "-base64",
            "-A",
        ],
        plaintext,
    );
    String::from_utf8(out).unwrap().trim().to_owned()
}

pub fn openssl_decrypt(key: &[u8], iv: &[u8], ciphertext_b64: &str) -> Vec<u8> {
    run(
        "openssl",
        &[
            "enc",
            "-d",
            "-aes-256-cbc",
            "-K",
            &hex(key),
            "-iv",
            &hex(iv),
            "-base64",
            "-A",
        ],
        ciphertext_b64.as_bytes(),
    )
}

/// PBKDF2-HMAC-SHA512 by `openssl kdf` (OpenSSL 3), 32 bytes.
pub fn openssl_pbkdf2_sha512(secret: &str, salt: &[u8], iterations: u32) -> Vec<u8> {
    let out = run(
        "openssl",
        &[
            "kdf",
            "-keylen",
            "32",
            "-kdfopt",
            "digest:SHA512",
            "-kdfopt",
            &format!("pass:{secret}"),
            "-kdfopt",
            &format!("hexsalt:{}", hex(salt)),
            "-kdfopt",
            &format!("iter:{iterations}"),
            "PBKDF2",
        ],
        b"",
    );
    let text = String::from_utf8(out).unwrap();
    text.trim()
        .split(':')
        .map(|h| u8::from_str_radix(h, 16).unwrap())
        .collect()
}

/// Compiles tests/java/IspAnnexureB.java once per test run; returns the class directory.
pub fn java_sample_classes() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kendra-isp-java-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("java/IspAnnexureB.java");
        run(
            "javac",
            &[
                "-encoding",
                "UTF-8",
                "-d",
                dir.to_str().unwrap(),
                source.to_str().unwrap(),
            ],
            b"",
        );
        dir
    })
}

/// Runs the manual's Java `encryptString`/`decryptString`.
pub fn java_sample(mode: &str, secret: &str, input: &str) -> String {
    let classes = java_sample_classes().to_str().unwrap().to_owned();
    let out = run(
        "java",
        &[
            "-Dfile.encoding=UTF-8",
            "-cp",
            &classes,
            "IspAnnexureB",
            mode,
            secret,
        ],
        input.as_bytes(),
    );
    String::from_utf8(out).unwrap()
}
