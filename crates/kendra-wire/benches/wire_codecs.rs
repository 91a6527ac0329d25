//! Codec benchmarks: `cargo bench -p kendra-wire --bench wire_codecs`.
//!
//! 1. UP ISP encrypt+decrypt of a 1 KB status payload with the cached derived key versus deriving
//!    the key (1000 PBKDF2-HMAC-SHA512 rounds) for every message. The bar: cached ≥ 100×.
//! 2. The BSK codec (AES-256-CBC + base64 text) versus raw AES-256-CBC of the `aes`/`cbc` crates
//!    on the same data: what the text handling costs.
//!
//! Prints each figure and the ratios; exits non-zero if the ISP bar is missed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use kendra_wire::bsk::{bsk_cipher, SAMPLE_IV, SAMPLE_KEY};
use kendra_wire::isp::{derive_key, IspKeyCache, IspVariant};

const SECRET: &[u8] = b"isp-dept-secret-0001";

/// Runs `f` repeatedly for about `budget`; returns operations per second.
fn rate(budget: Duration, mut f: impl FnMut()) -> f64 {
    for _ in 0..3 {
        f(); // warm-up
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for _ in 0..8 {
            f();
        }
        n += 8;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn status_payload(len: usize) -> String {
    let mut s = String::from(
        r#"{"request_id":"REQ2026112300017","application_id":"APP/2026/000123","status_code":"S106","remarks":""#,
    );
    while s.len() < len - 3 {
        s.push_str("आवेदन सत्यापन हेतु लंबित ");
    }
    s.truncate(
        s.char_indices()
            .take_while(|(i, _)| *i < len - 2)
            .last()
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0),
    );
    s.push_str("\"}");
    s
}

fn main() {
    let budget = Duration::from_millis(1500);
    let payload = status_payload(1024);
    println!("payload: {} bytes of ISP status JSON", payload.len());

    // --- 1. ISP cached vs per-message derivation ---
    let cached = rate(budget, || {
        let key = IspKeyCache::global()
            .get(SECRET, IspVariant::Canonical)
            .unwrap();
        let ct = key.encrypt_text(black_box(&payload));
        black_box(key.decrypt_text("e_data", &ct).unwrap());
    });
    let derived = rate(budget, || {
        let key = derive_key(SECRET, IspVariant::Canonical).unwrap();
        let ct = key.encrypt_text(black_box(&payload));
        let key = derive_key(SECRET, IspVariant::Canonical).unwrap();
        black_box(key.decrypt_text("e_data", &ct).unwrap());
    });
    let isp_ratio = cached / derived;
    println!(
        "isp encrypt+decrypt 1 KB, cached key      : {cached:>12.0} msg/s ({:.1} µs/msg)",
        1e6 / cached
    );
    println!(
        "isp encrypt+decrypt 1 KB, derive per call : {derived:>12.0} msg/s ({:.1} µs/msg)",
        1e6 / derived
    );
    println!("isp ratio cached / derive-per-message     : {isp_ratio:>12.1}x (bar: >= 100x)");

    // --- 2. BSK codec vs raw AES-256-CBC ---
    let bsk = bsk_cipher("key", SAMPLE_KEY.as_bytes(), "iv", SAMPLE_IV.as_bytes()).unwrap();
    for size in [1024usize, 64 * 1024] {
        let text = status_payload(size);
        let codec = rate(budget, || {
            let ct = bsk.encrypt_text(black_box(&text));
            black_box(bsk.decrypt_text("ciphertext", &ct).unwrap());
        });
        let key: [u8; 32] = SAMPLE_KEY.as_bytes().try_into().unwrap();
        let iv: [u8; 16] = SAMPLE_IV.as_bytes().try_into().unwrap();
        let raw = rate(budget, || {
            let ct = cbc::Encryptor::<aes::Aes256>::new(&key.into(), &iv.into())
                .encrypt_padded_vec_mut::<Pkcs7>(black_box(text.as_bytes()));
            black_box(
                cbc::Decryptor::<aes::Aes256>::new(&key.into(), &iv.into())
                    .decrypt_padded_vec_mut::<Pkcs7>(&ct)
                    .unwrap(),
            );
        });
        let mb = |ops: f64| ops * size as f64 / 1e6;
        println!(
            "bsk codec (AES+base64+UTF-8) {:>3} KB round trip: {:>9.1} MB/s | raw aes/cbc: {:>9.1} MB/s | codec/raw: {:.2}",
            size / 1024,
            mb(codec),
            mb(raw),
            codec / raw
        );
    }

    if isp_ratio < 100.0 {
        eprintln!("FAIL: the cached ISP path is only {isp_ratio:.1}x the per-message derivation (bar: 100x)");
        std::process::exit(1);
    }
    println!("PASS: cached ISP key path is {isp_ratio:.0}x per-message derivation");
}
