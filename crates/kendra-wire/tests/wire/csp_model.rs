//! ADSS CSP model seen from outside the crate: the guide's error table is complete and every bad
//! answer becomes a clear refusal.

use std::collections::BTreeSet;

use kendra_wire::csp::error_codes::{lookup, plain_message, ERROR_CODES};
use kendra_wire::csp::{refusal_from_http, GUIDE_ERROR_CODE_COUNT};
use kendra_wire::Error;

/// Table 30 of the guide, typed from the PDF independently of the crate's table.
fn guide_codes() -> BTreeSet<u32> {
    (60001..=60056)
        .chain(86000..=86005)
        .chain([86011, 86012, 86015])
        .chain(86017..=86024)
        .collect()
}

/// The refusal's message and detail; `None` (failing the caller's unwrap) for any other error.
fn refused(err: Error) -> Option<(String, String)> {
    assert_eq!(err.code(), "peer_refused", "{err:?}");
    match err {
        Error::PeerRefused {
            peer: "ADSS CSP",
            message,
            detail,
        } => Some((message, detail)),
        _ => None,
    }
}

#[test]
fn guide_table_has_73_codes_and_all_are_mapped() {
    let guide = guide_codes();
    assert_eq!(guide.len(), 73);
    assert_eq!(GUIDE_ERROR_CODE_COUNT, 73);
    let mapped: BTreeSet<u32> = ERROR_CODES.iter().map(|row| row.code).collect();
    assert_eq!(
        mapped.len(),
        ERROR_CODES.len(),
        "duplicate codes in the table"
    );
    assert_eq!(mapped, guide);
}

#[test]
fn every_code_has_a_plain_message_and_the_guide_text() {
    for code in guide_codes() {
        let row = lookup(&code.to_string()).unwrap_or_else(|| panic!("{code} not mapped"));
        assert!(!row.guide_text.is_empty(), "{code}");
        assert!(row.message.len() > 30, "{code}: message too short");
        assert!(
            !row.message.starts_with("Failed to"),
            "{code}: message re-prints the guide"
        );
        assert!(plain_message(&code.to_string()).ends_with(&format!("(CSP error {code})")));
    }
}

#[test]
fn every_code_becomes_a_refusal_with_status_code_guide_text_and_description() {
    for row in ERROR_CODES {
        for body in [
            format!(
                r#"{{"error":"{}","error_description":"peer says {}"}}"#,
                row.code, row.code
            ),
            format!(
                r#"{{"error":{},"error__escription":"peer says {}"}}"#,
                row.code, row.code
            ),
        ] {
            let (message, detail) = refused(refusal_from_http(401, body.as_bytes())).unwrap();
            assert!(message.starts_with(row.message), "{}", row.code);
            assert!(detail.starts_with("HTTP 401 Unauthorized; "), "{detail}");
            assert!(detail.contains(&format!("error {}", row.code)), "{detail}");
            assert!(detail.contains(row.guide_text), "{detail}");
            assert!(
                detail.contains(&format!("peer says {}", row.code)),
                "{detail}"
            );
        }
    }
}

#[test]
fn unknown_and_missing_codes() {
    let (message, detail) = refused(refusal_from_http(
        400,
        br#"{"error":"86006","error_description":"x"}"#,
    ))
    .unwrap();
    assert!(message.contains("(CSP error 86006)"));
    assert!(detail.contains("error 86006"));
    let (message, _) = refused(refusal_from_http(400, br#"{"error":null}"#)).unwrap();
    assert!(message.contains("HTTP 400"));
}

#[test]
fn bad_bodies_never_panic_and_say_what_was_wrong() {
    let bodies: [&[u8]; 12] = [
        b"",
        b"   ",
        b"null",
        b"42",
        b"\"60001\"",
        b"[{\"error\":\"60001\"}]",
        b"{",
        b"<html><body>502 Bad Gateway</body></html>",
        b"{\"error\": true}",
        b"{\"error\": [60001]}",
        b"{\"error\": \"60001\", \"error_description\": 7}",
        &[0xC3, 0x28, 0xFF, 0x00],
    ];
    for status in [0, 200, 400, 401, 404, 412, 500, 503, 999] {
        for body in bodies {
            let (message, detail) = refused(refusal_from_http(status, body)).unwrap();
            assert!(!message.is_empty());
            assert!(
                detail.starts_with(&format!("HTTP {status}")),
                "{status}: {detail}"
            );
        }
    }
    let (message, detail) = refused(refusal_from_http(404, b"")).unwrap();
    assert!(message.contains("HTTP 404"), "{message}");
    assert!(detail.ends_with("the body is empty"));
}
