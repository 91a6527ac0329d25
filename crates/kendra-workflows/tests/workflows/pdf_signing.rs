//! Signed PDFs (PAdES B-B) through the sandbox CSP, checked by independent validators: poppler's
//! `pdfsig` must call the signature valid and covering the whole document, and `openssl cms
//! -verify` must accept the extracted CMS over the ByteRange against the sandbox CA. PDFs made
//! here with lopdf: one page, several pages with a cross-reference stream, one that already has
//! an incremental update. The original is always a byte-for-byte prefix of the signed file, and
//! bad input (encrypted, not a PDF, truncated, bad xref, an encryption-only certificate, a
//! DECLINED request, an existing OUT) is a named error that leaves IN untouched.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use kendra_journal::{Actor, Peer};
use kendra_profiles::{PeerSettings, ProfileSettings, SecretInput};
use kendra_secrets::SecretName;
use kendra_workflows::csp_signing::pdf_signature::{
    PdfSignProgress, PdfSignReport, PdfSignRequest,
};
use kendra_workflows::csp_signing::{CspSigning, SignProgress};
use kendra_workflows::Error;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, IncrementalDocument, Object, Stream};
use serde_json::{json, Value};

use crate::sandbox_fixture::SandboxDesk;

const PROFILE: &str = "sandbox-csp";

fn info(desk: &SandboxDesk, pointer: &str) -> String {
    desk.info
        .pointer(&format!("/csp{pointer}"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("info has no /csp{pointer}"))
        .to_owned()
}

fn officer(desk: &SandboxDesk) -> CspSigning<'_> {
    let client = desk.profiles().csp_client(PROFILE).unwrap();
    CspSigning::new(&desk.journal, Actor::Cli, PROFILE, client)
}

async fn signing_mode(desk: &SandboxDesk, mode: Value) {
    desk.control("/_sandbox/csp/signing-mode", mode).await;
}

/// A PDF of `pages` pages with a line of text each, saved classic (xref table) or modern
/// (object streams and a cross-reference stream).
fn make_pdf(pages: usize, modern: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let kids: Vec<Object> = (1..=pages)
        .map(|n| {
            let content = Content {
                operations: vec![
                    Operation::new("BT", vec![]),
                    Operation::new("Tf", vec!["F1".into(), 14.into()]),
                    Operation::new("Td", vec![72.into(), 720.into()]),
                    Operation::new(
                        "Tj",
                        vec![Object::string_literal(format!(
                            "Income certificate IC/LKO/2026/000917 - page {n}"
                        ))],
                    ),
                    Operation::new("ET", vec![]),
                ],
            };
            let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
            })
            .into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => pages as i64,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    if modern {
        doc.save_modern(&mut bytes).unwrap();
    } else {
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        doc.save_to(&mut bytes).unwrap();
        assert!(String::from_utf8_lossy(&bytes).contains("\nxref\n"));
    }
    bytes
}

/// A one-page PDF that already carries an incremental update (a title added by lopdf).
fn make_updated_pdf() -> Vec<u8> {
    let original = make_pdf(1, false);
    let doc = Document::load_mem(&original).unwrap();
    let mut incremental = IncrementalDocument::create_from(original.clone(), doc);
    let info_id = incremental.new_document.add_object(dictionary! {
        "Title" => Object::string_literal("Income certificate"),
    });
    incremental.new_document.trailer.set("Info", info_id);
    let mut bytes = Vec::new();
    incremental.save_to(&mut bytes).unwrap();
    assert!(bytes.starts_with(&original));
    assert!(bytes.len() > original.len());
    bytes
}

fn request(dir: &Path, desk: &SandboxDesk, input: &Path, out: &str) -> PdfSignRequest {
    let mut request = PdfSignRequest::new(input, dir.join(out), info(desk, "/cert_alias"));
    request.time_limit = Duration::from_secs(20);
    request.poll_interval = Duration::from_millis(200);
    request
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn tool_missing(tool: &str) -> bool {
    let arg = if tool == "pdfsig" { "-v" } else { "version" };
    if Command::new(tool).arg(arg).output().is_err() {
        eprintln!("{tool} is not on PATH (scripts/setup.sh installs it): its independent check is skipped");
        return true;
    }
    false
}

/// `pdfsig`'s report on a file.
fn pdfsig(path: &Path) -> String {
    let out = Command::new("pdfsig").arg(path).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// pdfsig says the signature is valid and covers the whole document. The issuer is the sandbox
/// CA, which pdfsig's NSS store does not know (it takes no CA file): untrusted is accepted, but
/// only alongside a valid signature.
fn assert_pdfsig_valid(path: &Path, signatures: usize) {
    if tool_missing("pdfsig") {
        return;
    }
    let report = pdfsig(path);
    assert_eq!(
        report
            .matches("Signature Validation: Signature is Valid.")
            .count(),
        signatures,
        "{report}"
    );
    assert!(
        report.contains("Signature Type: ETSI.CAdES.detached"),
        "{report}"
    );
    assert!(report.contains("Total document signed"), "{report}");
    assert!(!report.contains("Not total document signed"), "{report}");
    assert!(
        report.contains("Certificate Validation: Certificate issuer isn't Trusted.")
            || report.contains("Certificate Validation: Certificate is Trusted."),
        "{report}"
    );
}

/// The DER CMS in `/Contents` and the bytes the ByteRange covers.
fn extract(signed: &[u8], range: [u64; 4]) -> (Vec<u8>, Vec<u8>) {
    let [_, a, b, c] = range.map(|v| v as usize);
    assert_eq!(
        b + c,
        signed.len(),
        "the ByteRange must reach the end of the file"
    );
    assert_eq!(signed[a], b'<');
    assert_eq!(signed[b - 1], b'>');
    let hex = std::str::from_utf8(&signed[a + 1..b - 1]).unwrap();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    // The DER SEQUENCE's own length, without the zero padding.
    assert_eq!(bytes[0], 0x30);
    let length = match bytes[1] {
        0x82 => 4 + ((bytes[2] as usize) << 8 | bytes[3] as usize),
        0x83 => 5 + ((bytes[2] as usize) << 16 | (bytes[3] as usize) << 8 | bytes[4] as usize),
        n => panic!("unexpected DER length byte {n:#x}"),
    };
    assert!(bytes[length..].iter().all(|b| *b == 0));
    let mut content = signed[..a].to_vec();
    content.extend_from_slice(&signed[b..]);
    (bytes[..length].to_vec(), content)
}

/// `openssl cms -verify` of the extracted CMS over `content` against the sandbox CA.
fn openssl_cms_verify(
    dir: &Path,
    desk: &SandboxDesk,
    cms: &[u8],
    content: &[u8],
) -> (bool, String) {
    std::fs::write(dir.join("ca.pem"), info(desk, "/ca_certificate_pem")).unwrap();
    std::fs::write(dir.join("sig.der"), cms).unwrap();
    std::fs::write(dir.join("content.bin"), content).unwrap();
    let out = Command::new("openssl")
        .args([
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            "sig.der",
            "-content",
            "content.bin",
            "-CAfile",
            "ca.pem",
            "-out",
            "verified.bin",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Everything a good signed PDF must be, by our reading and by the independent validators.
fn assert_signed(
    dir: &Path,
    desk: &SandboxDesk,
    original: &[u8],
    report: &PdfSignReport,
    signatures: usize,
) -> Vec<u8> {
    let signed = std::fs::read(&report.output).unwrap();
    assert!(
        signed.starts_with(original),
        "the original must be a prefix"
    );
    // The update's cross-reference section is of the original's kind.
    let classic = |bytes: &[u8]| String::from_utf8_lossy(bytes).contains("\nxref\n");
    assert_eq!(classic(&signed[original.len()..]), classic(original));
    assert_eq!(report.input_bytes as usize, original.len());
    assert_eq!(report.output_bytes as usize, signed.len());
    assert_eq!(report.sub_filter, "ETSI.CAdES.detached");
    assert!(report.signed_at.ends_with("+05:30"), "{}", report.signed_at);

    let doc = Document::load_mem(&signed).unwrap();
    let sig = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"ByteRange").is_ok() && d.get(b"Contents").is_ok())
        .unwrap();
    assert_eq!(sig.get(b"Type").unwrap().as_name().unwrap(), b"Sig");
    assert_eq!(
        sig.get(b"Filter").unwrap().as_name().unwrap(),
        b"Adobe.PPKLite"
    );
    assert_eq!(
        sig.get(b"SubFilter").unwrap().as_name().unwrap(),
        b"ETSI.CAdES.detached"
    );
    let m = sig.get(b"M").unwrap().as_str().unwrap();
    assert!(m.starts_with(b"D:20") && m.ends_with(b"+05'30'"), "{m:?}");

    let (cms, content) = extract(&signed, report.byte_range);
    assert_eq!(report.cms_bytes, cms.len());
    assert_pdfsig_valid(Path::new(&report.output), signatures);
    if !tool_missing("openssl") {
        let (ok, text) = openssl_cms_verify(dir, desk, &cms, &content);
        assert!(ok, "openssl cms -verify: {text}");
        assert!(text.contains("Verification successful"), "{text}");
        // The same CMS over one changed byte is refused.
        let mut tampered = content.clone();
        tampered[10] ^= 1;
        let (ok, text) = openssl_cms_verify(dir, desk, &cms, &tampered);
        assert!(!ok, "openssl accepted changed content: {text}");
        // The signed attributes are the four PAdES asks for.
        let out = Command::new("openssl")
            .args([
                "cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der",
            ])
            .current_dir(dir)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout);
        for attribute in [
            "contentType",
            "messageDigest",
            "signingTime",
            "id-smime-aa-signingCertificateV2",
        ] {
            assert!(printed.contains(attribute), "no {attribute} in:\n{printed}");
        }
        assert!(
            printed.contains("eContent: <ABSENT>"),
            "detached:\n{printed}"
        );
    }
    signed
}

#[tokio::test]
async fn a_one_page_pdf_is_signed_invisibly_and_both_validators_agree() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "auto" })).await;
    let dir = tempfile::tempdir().unwrap();
    let original = make_pdf(1, false);
    let input = write(dir.path(), "income-certificate.pdf", &original);
    let mut steps = Vec::new();
    let report = officer(&desk)
        .sign_pdf(
            &request(dir.path(), &desk, &input, "signed.pdf"),
            &mut |p| steps.push(p.clone()),
        )
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(&input).unwrap(),
        original,
        "IN is never changed"
    );
    assert_eq!(report.signer, "Amit Kumar Verma");
    assert_eq!(report.field_name, "Signature1");
    assert_eq!(report.page, 1);
    assert!(!report.visible);
    assert!(matches!(
        steps.first(),
        Some(PdfSignProgress::Read { pages: 1, .. })
    ));
    assert!(matches!(
        steps.last(),
        Some(PdfSignProgress::Writing { .. })
    ));
    assert_signed(dir.path(), &desk, &original, &report, 1);

    // The journal holds the sign request, its row and an audit entry; never the PDF.
    let rows = desk.journal.signing_requests(None, 0).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, "signed");
    assert_eq!(rows[0].id.to_string(), report.journal_id);
    let audit = desk.journal.audit_log(None, 10).unwrap();
    assert!(
        audit.iter().any(|a| a.action == "csp.sign_pdf"),
        "{audit:?}"
    );
    let endpoints: Vec<String> = desk
        .journal
        .exchanges(Some(Peer::Csp), 0, i64::MAX, 100)
        .unwrap()
        .into_iter()
        .map(|e| e.record.endpoint)
        .collect();
    assert!(
        endpoints.iter().any(|e| e == "sign request"),
        "{endpoints:?}"
    );

    // Modified inside the signed range: pdfsig reports the digest no longer matches.
    if !tool_missing("pdfsig") {
        let mut signed = std::fs::read(&report.output).unwrap();
        let at = signed.windows(6).position(|w| w == b"Income").unwrap();
        signed[at] = b'X';
        let changed = write(dir.path(), "changed.pdf", &signed);
        let text = pdfsig(&changed);
        assert!(!text.contains("Signature is Valid."), "{text}");
        assert!(text.contains("Digest Mismatch"), "{text}");

        // Appended to after signing: still a valid signature, but not over the whole document.
        let mut appended = std::fs::read(&report.output).unwrap();
        appended.extend_from_slice(b"\n% appended after signing\n");
        let appended = write(dir.path(), "appended.pdf", &appended);
        let text = pdfsig(&appended);
        assert!(text.contains("Not total document signed"), "{text}");
    }
}

#[tokio::test]
async fn a_visible_stamp_on_a_multi_page_pdf_with_a_cross_reference_stream() {
    let desk = SandboxDesk::start().await;
    // Approval after a second: the PENDING wait is shown.
    signing_mode(&desk, json!({ "approve_after_secs": 1 })).await;
    let dir = tempfile::tempdir().unwrap();
    let original = make_pdf(3, true);
    let input = write(dir.path(), "three-pages.pdf", &original);
    let mut req = request(dir.path(), &desk, &input, "signed-visible.pdf");
    req.visible = true;
    req.application_no = Some("20221202153322882".into());
    req.reason = Some("Income certificate issued".into());
    let mut pending = 0;
    let report = officer(&desk)
        .sign_pdf(&req, &mut |p| {
            if matches!(p, PdfSignProgress::Signing(SignProgress::Pending { .. })) {
                pending += 1;
            }
        })
        .await
        .unwrap();
    assert!(pending > 0, "PENDING was waited out with progress");
    assert!(report.polls > 0);
    assert_eq!(report.page, 3, "the stamp goes on the last page");
    assert_eq!(report.application_no.as_deref(), Some("20221202153322882"));
    let signed = assert_signed(dir.path(), &desk, &original, &report, 1);
    // The update's cross-reference section is a stream, like the original's.
    let tail = &signed[original.len()..];
    let text = String::from_utf8_lossy(tail);
    assert!(text.contains("/Type /XRef"), "{text}");
    assert!(
        text.contains("Application no.: 20221202153322882"),
        "{text}"
    );
    assert!(text.contains("Digitally signed by Amit Kumar Verma"));
    assert!(text.contains("/Reason (Income certificate issued)"));
    let doc = Document::load_mem(&signed).unwrap();
    let widget = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig"))
        .unwrap();
    let rect: Vec<f32> = widget
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    assert!(rect[2] > rect[0] && rect[3] > rect[1], "{rect:?}");
    assert!(rect[2] <= 595.0, "inside the A4 page: {rect:?}");
}

#[tokio::test]
async fn a_pdf_with_an_earlier_update_and_a_second_signature() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "auto" })).await;
    let dir = tempfile::tempdir().unwrap();
    let original = make_updated_pdf();
    let input = write(dir.path(), "updated.pdf", &original);
    let first = officer(&desk)
        .sign_pdf(&request(dir.path(), &desk, &input, "once.pdf"), &mut |_| {})
        .await
        .unwrap();
    let once = assert_signed(dir.path(), &desk, &original, &first, 1);

    // Signing the signed copy again keeps the first signature valid; it covers its own revision,
    // the second the whole file.
    let mut again = request(dir.path(), &desk, Path::new(&first.output), "twice.pdf");
    again.visible = true;
    let second = officer(&desk).sign_pdf(&again, &mut |_| {}).await.unwrap();
    assert_eq!(second.field_name, "Signature2");
    let twice = std::fs::read(&second.output).unwrap();
    assert!(twice.starts_with(&once));
    if !tool_missing("pdfsig") {
        let text = pdfsig(Path::new(&second.output));
        assert_eq!(
            text.matches("Signature Validation: Signature is Valid.")
                .count(),
            2,
            "{text}"
        );
        assert_eq!(text.matches("Total document signed").count(), 1, "{text}");
        assert_eq!(
            text.matches("Not total document signed").count(),
            1,
            "{text}"
        );
    }
}

/// Runs a signing that must fail and checks IN untouched and OUT not created.
async fn refused(desk: &SandboxDesk, dir: &Path, bytes: &[u8], name: &str) -> Error {
    let input = write(dir, name, bytes);
    let req = request(dir, desk, &input, &format!("{name}.signed.pdf"));
    let error = officer(desk).sign_pdf(&req, &mut |_| {}).await.unwrap_err();
    assert_eq!(
        std::fs::read(&input).unwrap(),
        bytes,
        "IN must never change"
    );
    assert!(!req.output.exists(), "no OUT after a failure");
    error
}

fn no_sign_request_sent(desk: &SandboxDesk) {
    let endpoints: Vec<String> = desk
        .journal
        .exchanges(Some(Peer::Csp), 0, i64::MAX, 100)
        .unwrap()
        .into_iter()
        .map(|e| e.record.endpoint)
        .collect();
    assert!(
        !endpoints.iter().any(|e| e.contains("sign")),
        "{endpoints:?}"
    );
    assert!(desk.journal.signing_requests(None, 0).unwrap().is_empty());
}

#[tokio::test]
async fn damaged_and_encrypted_pdfs_are_named_and_nothing_is_sent() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "auto" })).await;
    let dir = tempfile::tempdir().unwrap();
    let good = make_pdf(1, false);

    let error = refused(
        &desk,
        dir.path(),
        b"Income certificate, plain text\n",
        "text.pdf",
    )
    .await;
    assert!(matches!(error, Error::Input { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with("PDF ") && text.contains("text.pdf"),
        "{text}"
    );
    assert!(text.contains("it is not a PDF"), "{text}");

    let error = refused(&desk, dir.path(), &good[..good.len() / 2], "truncated.pdf").await;
    let text = error.to_string();
    assert!(
        text.contains("truncated.pdf") && text.contains("damaged"),
        "{text}"
    );
    assert!(text.contains("truncated"), "{text}");

    // The cross-reference table points object 1 a few bytes off.
    let mut bad_xref = good.clone();
    let startxref = bad_xref
        .windows(9)
        .rposition(|w| w == b"startxref")
        .unwrap();
    let xref_at: usize = String::from_utf8_lossy(&bad_xref[startxref + 9..])
        .split_ascii_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        bad_xref[xref_at..].starts_with(b"xref"),
        "{}",
        String::from_utf8_lossy(&bad_xref[xref_at..])
    );
    let mut entry_at = xref_at;
    loop {
        let line_end = entry_at
            + bad_xref[entry_at..]
                .iter()
                .position(|b| *b == b'\n')
                .unwrap();
        let line = &bad_xref[entry_at..line_end];
        if line.len() >= 18 && line[17] == b'n' && &line[..10] != b"0000000000" {
            break;
        }
        entry_at = line_end + 1;
    }
    let shown = std::str::from_utf8(&bad_xref[entry_at..entry_at + 10]).unwrap();
    let moved = format!("{:010}", shown.parse::<u64>().unwrap() + 3);
    bad_xref[entry_at..entry_at + 10].copy_from_slice(moved.as_bytes());
    let error = refused(&desk, dir.path(), &bad_xref, "bad-xref.pdf").await;
    let text = error.to_string();
    assert!(
        text.contains("bad-xref.pdf") && text.contains("damaged"),
        "{text}"
    );
    assert!(text.contains("cross-reference"), "{text}");

    // Certified with "no changes allowed": another signature would break the certification.
    let mut doc = Document::load_mem(&good).unwrap();
    let certification = doc.add_object(dictionary! {
        "Type" => "Sig",
        "Reference" => vec![Object::Dictionary(dictionary! {
            "TransformMethod" => "DocMDP",
            "TransformParams" => dictionary! { "P" => 1 },
        })],
    });
    doc.catalog_mut()
        .unwrap()
        .set("Perms", dictionary! { "DocMDP" => certification });
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let mut certified = Vec::new();
    doc.save_to(&mut certified).unwrap();
    let error = refused(&desk, dir.path(), &certified, "certified.pdf").await;
    let text = error.to_string();
    assert!(
        text.contains("certified.pdf") && text.contains("no changes allowed"),
        "{text}"
    );

    // Encrypted, with a user password and with an empty one.
    for (name, user_password) in [("locked.pdf", "secret"), ("owner-only.pdf", "")] {
        let mut doc = Document::load_mem(&good).unwrap();
        doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::string_literal("0123456789abcdef"),
                Object::string_literal("0123456789abcdef"),
            ]),
        );
        let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        let mut encrypted = Vec::new();
        doc.save_to(&mut encrypted).unwrap();
        let error = refused(&desk, dir.path(), &encrypted, name).await;
        let text = error.to_string();
        assert!(text.contains(name) && text.contains("encrypted"), "{text}");
    }
    no_sign_request_sent(&desk);
}

#[tokio::test]
async fn a_certificate_without_the_signing_key_usage_is_refused_before_anything_is_sent() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "auto" })).await;
    let holder = info(&desk, "/encryption_only_certificate/user_id");
    let alias = info(&desk, "/encryption_only_certificate/cert_alias");
    let user = desk
        .info
        .pointer("/csp/users")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .find(|u| u["user_id"] == holder.as_str())
        .unwrap()
        .clone();
    let mut settings = match desk.profiles().settings(PROFILE).unwrap().peer {
        PeerSettings::Csp(s) => s,
        other => panic!("{other:?}"),
    };
    settings.username = Some(holder.clone());
    desk.profiles()
        .set(
            "csp-holder",
            &ProfileSettings::new(PeerSettings::Csp(settings)),
            &SecretInput::new()
                .with(SecretName::CspClientSecret, info(&desk, "/client_secret"))
                .with(SecretName::CspPassword, user["password"].as_str().unwrap()),
        )
        .unwrap();
    let client = desk.profiles().csp_client("csp-holder").unwrap();
    let holder_signing = CspSigning::new(&desk.journal, Actor::Cli, "csp-holder", client);
    let dir = tempfile::tempdir().unwrap();
    let original = make_pdf(1, false);
    let input = write(dir.path(), "certificate.pdf", &original);
    let mut req = request(dir.path(), &desk, &input, "signed.pdf");
    req.cert_alias = alias.clone();
    let error = holder_signing
        .sign_pdf(&req, &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Input { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with(&format!("certificate \"{alias}\"")),
        "{text}"
    );
    assert!(text.contains("not a signing certificate"), "{text}");
    assert!(text.contains("digitalSignature"), "{text}");
    assert_eq!(std::fs::read(&input).unwrap(), original);
    assert!(!req.output.exists());
    no_sign_request_sent(&desk);

    // The same officer's signing certificate works.
    req.cert_alias = user["cert_aliases"][0].as_str().unwrap().to_owned();
    let report = holder_signing.sign_pdf(&req, &mut |_| {}).await.unwrap();
    assert_eq!(report.signer, "Debashis Roy");
    assert_pdfsig_valid(&req.output, 1);
}

#[tokio::test]
async fn a_declined_request_writes_nothing() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "decline", "after_secs": 0 })).await;
    let dir = tempfile::tempdir().unwrap();
    let original = make_pdf(1, false);
    let error = refused(&desk, dir.path(), &original, "declined.pdf").await;
    assert!(
        matches!(&error, Error::Refused { code: Some(code), .. } if code == "DECLINED"),
        "{error:?}"
    );
    assert!(error.to_string().contains("declined"), "{error}");
    // No temporary file left behind either.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["declined.pdf"], "{left:?}");
    let rows = desk.journal.signing_requests(None, 0).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, "declined");
}

#[tokio::test]
async fn an_existing_out_is_kept_unless_forced_and_in_is_never_out() {
    let desk = SandboxDesk::start().await;
    signing_mode(&desk, json!({ "mode": "auto" })).await;
    let dir = tempfile::tempdir().unwrap();
    let original = make_pdf(1, false);
    let input = write(dir.path(), "in.pdf", &original);
    let existing = write(dir.path(), "out.pdf", b"keep me");

    let mut req = request(dir.path(), &desk, &input, "out.pdf");
    let error = officer(&desk)
        .sign_pdf(&req, &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(error, Error::File { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains("out.pdf") && text.contains("already exists"),
        "{text}"
    );
    assert!(text.contains("--force"), "{text}");
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");
    no_sign_request_sent(&desk);

    // IN as OUT is refused even with --force.
    let mut same = request(dir.path(), &desk, &input, "in.pdf");
    same.force = true;
    let error = officer(&desk)
        .sign_pdf(&same, &mut |_| {})
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("the PDF being signed"),
        "{error}"
    );
    assert_eq!(std::fs::read(&input).unwrap(), original);

    req.force = true;
    let report = officer(&desk).sign_pdf(&req, &mut |_| {}).await.unwrap();
    assert_signed(dir.path(), &desk, &original, &report, 1);
}
