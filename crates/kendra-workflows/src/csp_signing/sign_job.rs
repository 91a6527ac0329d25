//! Signing one or many SHA-256 hashes with a chosen certificate: the sign request, `PENDING`
//! polling under a time limit with progress, and every returned PKCS#1 v1.5 signature verified
//! against the certificate's key before success is reported. Each hash is a `signing_requests`
//! row whose state follows the request: `requested` → `pending` → `signed` | `declined` |
//! `timeout` | `failed` | `refused` | `unverified` | `abandoned` (Kendra's own limit ran out).

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use kendra_client::FailureClass;
use kendra_client::SecretString;
use kendra_wire::base64_text;
use kendra_wire::csp::signing_messages::{DocToSign, SignRequest, SignStatus, SHA256_OID};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::signing_certificate::{hex, CertificateView, SigningCertificate};
use super::{ist, CspSigning, PEER};
use crate::error::{Error, Result};

/// How long Kendra waits for approval unless told otherwise.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(120);
/// How often a `PENDING` request is asked about.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// Network trouble tolerated in a row while polling (the request lives on at the service).
const TRANSIENT_POLL_FAILURES: u32 = 3;
const READ_CHUNK: usize = 64 * 1024;

/// A document's SHA-256, computed here or given as hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentDigest {
    /// Shown on the officer's device as `doc_alias` and kept in the journal.
    pub name: String,
    pub digest: [u8; 32],
    /// The file's size when the hash was computed from a file.
    pub file_bytes: Option<u64>,
}

impl DocumentDigest {
    /// A hash given as 64 hex digits.
    pub fn from_hex(name: impl Into<String>, hex_text: &str) -> Result<Self> {
        let name = name.into();
        let text = hex_text.trim();
        let field = || format!("hash \"{name}\"");
        if text.len() != 64 {
            return Err(Error::input(
                field(),
                format!(
                    "a SHA-256 hash is 64 hex digits, this one has {} characters",
                    text.chars().count()
                ),
            ));
        }
        let mut digest = [0u8; 32];
        for (index, pair) in text.as_bytes().chunks(2).enumerate() {
            let byte = std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or_else(|| {
                    Error::input(
                        field(),
                        format!(
                            "\"{}\" at position {} is not a hex digit pair",
                            String::from_utf8_lossy(pair),
                            index * 2 + 1
                        ),
                    )
                })?;
            if let Some(slot) = digest.get_mut(index) {
                *slot = byte;
            }
        }
        Ok(Self {
            name,
            digest,
            file_bytes: None,
        })
    }

    /// The SHA-256 of bytes in memory.
    pub fn of_bytes(name: impl Into<String>, bytes: &[u8]) -> Self {
        Self {
            name: name.into(),
            digest: Sha256::digest(bytes).into(),
            file_bytes: Some(bytes.len() as u64),
        }
    }

    /// The SHA-256 of a file, read in chunks (a large PDF is never held in memory). Blocking.
    pub fn from_file(path: &Path) -> Result<Self> {
        let shown = path.display().to_string();
        let file_error = |problem: String| Error::File {
            path: shown.clone(),
            problem,
        };
        let mut file = std::fs::File::open(path)
            .map_err(|e| file_error(format!("it cannot be opened to be signed ({e})")))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(file_error(
                "it is a folder; give the files to sign".to_owned(),
            ));
        }
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; READ_CHUNK];
        let mut total = 0u64;
        loop {
            let read = file
                .read(&mut buffer)
                .map_err(|e| file_error(format!("it could not be read to the end ({e})")))?;
            if read == 0 {
                break;
            }
            total += read as u64;
            hasher.update(buffer.get(..read).unwrap_or_default());
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        Ok(Self {
            name,
            digest: hasher.finalize().into(),
            file_bytes: Some(total),
        })
    }

    pub fn sha256_hex(&self) -> String {
        hex(&self.digest)
    }
}

/// What to sign, with which certificate, and how long to wait for approval.
#[derive(Debug, Clone)]
pub struct SignJob {
    pub cert_alias: String,
    /// Only for certificates with `auth_pass` (asked before every signing).
    pub cert_password: Option<SecretString>,
    /// Shown on the officer's approving device.
    pub description: Option<String>,
    pub documents: Vec<DocumentDigest>,
    pub time_limit: Duration,
    pub poll_interval: Duration,
}

impl SignJob {
    pub fn new(cert_alias: impl Into<String>, documents: Vec<DocumentDigest>) -> Self {
        Self {
            cert_alias: cert_alias.into(),
            cert_password: None,
            description: None,
            documents,
            time_limit: DEFAULT_TIME_LIMIT,
            poll_interval: DEFAULT_POLL_INTERVAL,
        }
    }

    fn check(&self) -> Result<()> {
        if self.documents.is_empty() {
            return Err(Error::input(
                "documents to sign",
                "give at least one hash (--hash) or file",
            ));
        }
        if self.time_limit.is_zero() {
            return Err(Error::input(
                "time limit (--timeout)",
                "it must be at least one second",
            ));
        }
        Ok(())
    }
}

/// Where a signing stands, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignProgress {
    /// Fetching and checking the certificate.
    Preparing { cert_alias: String },
    /// The sign request is on its way.
    Requested { documents: usize },
    /// Waiting for approval on the officer's device.
    Pending {
        request_id: String,
        elapsed: Duration,
        time_limit: Duration,
        polls: u32,
    },
    /// Checking the returned signatures.
    Verifying { signatures: usize },
}

/// A successful signing: every signature verified against the certificate.
#[derive(Debug, Clone, Serialize)]
pub struct SignReport {
    pub profile: String,
    /// The CSP's request ID.
    pub request_id: Option<String>,
    /// Always `SUCCESS` (anything else is an error).
    pub status: String,
    pub cert_alias: String,
    pub certificate: CertificateView,
    /// ISO 8601, IST.
    pub signed_at: String,
    /// From the sign request to the final answer.
    pub waited_ms: u64,
    /// Status checks made while `PENDING`.
    pub polls: u32,
    pub documents: Vec<SignedDocument>,
    /// The signing certificate and its chain (DER), for signature containers (PAdES).
    #[serde(skip)]
    pub certificate_der: Vec<u8>,
    #[serde(skip)]
    pub chain_der: Vec<Vec<u8>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignedDocument {
    pub name: String,
    pub file_bytes: Option<u64>,
    /// The OID of SHA-256.
    pub hash_algo: String,
    /// Lowercase hex.
    pub sha256: String,
    /// PKCS#1 v1.5, base64.
    pub signature_base64: String,
    /// Checked against the certificate's public key (always true in a report).
    pub verified: bool,
    /// The row in the journal's signing requests.
    pub journal_id: i64,
    #[serde(skip)]
    pub signature: Vec<u8>,
}

/// One digest signed, with what a signature container needs.
#[derive(Debug, Clone)]
pub struct SignedDigest {
    pub digest: [u8; 32],
    pub signature: Vec<u8>,
    pub certificate_der: Vec<u8>,
    pub chain_der: Vec<Vec<u8>>,
}

impl CspSigning<'_> {
    /// Signs every document of `job`, reporting progress, and verifies each signature.
    pub async fn sign(
        &self,
        job: &SignJob,
        progress: &mut (dyn FnMut(&SignProgress) + Send),
    ) -> Result<SignReport> {
        job.check()?;
        progress(&SignProgress::Preparing {
            cert_alias: job.cert_alias.trim().to_owned(),
        });
        let certificate = self.signing_certificate(&job.cert_alias).await?;
        if certificate.view.auth_pass && job.cert_password.is_none() {
            return Err(Error::input(
                format!("the password of certificate \"{}\"", certificate.alias()),
                "this certificate asks for its password at every signing: give it",
            ));
        }
        let docs = job
            .documents
            .iter()
            .map(|doc| DocToSign::sha256(Some(doc.name.clone()), &doc.digest))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let request = SignRequest {
            profile_id: None,
            sam_user_id: certificate.view.sam_user_id.clone(),
            cert_alias: certificate.alias().to_owned(),
            cert_password: job.cert_password.clone(),
            request_description: job.description.clone(),
            docs_to_sign_info: docs,
        };
        progress(&SignProgress::Requested {
            documents: job.documents.len(),
        });
        let started = tokio::time::Instant::now();
        let (result, exchange_ids) = self.settle_with_ids(self.client.sign(&request).await);
        let sign_exchange = exchange_ids.last().copied();
        let rows = self.journal.write(&self.actor, |tx| {
            job.documents
                .iter()
                .map(|doc| {
                    tx.record_signing_request(
                        Some(&self.profile),
                        &doc.name,
                        SHA256_OID,
                        &doc.sha256_hex(),
                        sign_exchange,
                    )
                })
                .collect::<kendra_journal::Result<Vec<i64>>>()
        })?;
        let mut response = match result {
            Ok(response) => response,
            Err(e) => {
                self.mark(&rows, "refused", None, Some(&e.to_string()))?;
                return Err(e);
            }
        };
        let request_id = response.request_id.clone();
        self.mark(
            &rows,
            state_word(&response.status),
            request_id.as_deref(),
            None,
        )?;
        let mut polls = 0u32;
        let mut transient_failures = 0u32;
        while response.status.is_pending() {
            let Some(id) = request_id.as_deref() else {
                let error = Error::Client(kendra_client::Error::BadResponse {
                    peer: kendra_client::Peer::Csp,
                    endpoint: "sign request".into(),
                    problem: "the PENDING answer carries no request_id to ask about".into(),
                    detail: String::new(),
                });
                self.mark(&rows, "failed", None, Some(&error.to_string()))?;
                return Err(error);
            };
            let elapsed = started.elapsed();
            if elapsed >= job.time_limit {
                let error = wait_limit_error(id, job.time_limit);
                self.mark(&rows, "abandoned", None, Some(&error.to_string()))?;
                return Err(error);
            }
            progress(&SignProgress::Pending {
                request_id: id.to_owned(),
                elapsed,
                time_limit: job.time_limit,
                polls,
            });
            let pause = job
                .poll_interval
                .max(Duration::from_millis(50))
                .min(job.time_limit.saturating_sub(elapsed));
            tokio::time::sleep(pause).await;
            polls += 1;
            match self.settle(self.client.sign_status(id).await) {
                Ok(next) => {
                    transient_failures = 0;
                    if next.status != response.status {
                        self.mark(&rows, state_word(&next.status), None, None)?;
                    }
                    response = next;
                }
                Err(e) if is_transient(&e) && transient_failures < TRANSIENT_POLL_FAILURES => {
                    transient_failures += 1;
                }
                Err(e) => {
                    self.mark(&rows, "failed", None, Some(&e.to_string()))?;
                    return Err(e);
                }
            }
        }
        let waited_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if response.status != SignStatus::Success {
            let error = ended_error(&response.status, request_id.as_deref(), polls, waited_ms);
            self.mark(
                &rows,
                state_word(&response.status),
                None,
                Some(&error.to_string()),
            )?;
            return Err(error);
        }
        progress(&SignProgress::Verifying {
            signatures: response.signatures.len(),
        });
        let verified = response
            .signature_bytes()
            .map_err(|e| untrusted(&format!("its signatures cannot be read: {e}")))
            .and_then(|signatures| verify_all(&certificate, &job.documents, signatures));
        let signatures = match verified {
            Ok(signatures) => signatures,
            Err(e) => {
                self.mark(&rows, "unverified", None, Some(&e.to_string()))?;
                return Err(e);
            }
        };
        self.mark(&rows, "signed", None, None)?;
        let documents = job
            .documents
            .iter()
            .zip(signatures)
            .zip(rows)
            .map(|((doc, signature), journal_id)| SignedDocument {
                name: doc.name.clone(),
                file_bytes: doc.file_bytes,
                hash_algo: SHA256_OID.to_owned(),
                sha256: doc.sha256_hex(),
                signature_base64: base64_text::encode(&signature),
                verified: true,
                journal_id,
                signature,
            })
            .collect();
        Ok(SignReport {
            profile: self.profile.clone(),
            request_id,
            status: "SUCCESS".to_owned(),
            cert_alias: certificate.alias().to_owned(),
            certificate: certificate.view.clone(),
            signed_at: ist(Utc::now()),
            waited_ms,
            polls,
            documents,
            certificate_der: certificate.certificate_der,
            chain_der: certificate.chain_der,
        })
    }

    /// Signs one digest and answers the signature with the certificate and chain: the signing
    /// core a PDF signature (PAdES) is built on.
    pub async fn sign_digest(
        &self,
        cert_alias: &str,
        cert_password: Option<SecretString>,
        document: DocumentDigest,
        time_limit: Duration,
        progress: &mut (dyn FnMut(&SignProgress) + Send),
    ) -> Result<SignedDigest> {
        let digest = document.digest;
        let mut job = SignJob::new(cert_alias, vec![document]);
        job.cert_password = cert_password;
        job.time_limit = time_limit;
        let report = self.sign(&job, progress).await?;
        let signature = report
            .documents
            .into_iter()
            .next()
            .map(|doc| doc.signature)
            .ok_or_else(|| untrusted("it carries no signature"))?;
        Ok(SignedDigest {
            digest,
            signature,
            certificate_der: report.certificate_der,
            chain_der: report.chain_der,
        })
    }

    fn mark(
        &self,
        rows: &[i64],
        state: &str,
        peer_ref: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        Ok(self.journal.write(&self.actor, |tx| {
            rows.iter()
                .try_for_each(|id| tx.update_signing_request(*id, state, peer_ref, detail))
        })?)
    }
}

/// One signature per document, in order, each made with the certificate's key over that hash.
fn verify_all(
    certificate: &SigningCertificate,
    documents: &[DocumentDigest],
    signatures: Vec<Vec<u8>>,
) -> Result<Vec<Vec<u8>>> {
    if signatures.len() != documents.len() {
        return Err(untrusted(&format!(
            "it carries {} signature(s) for {} document(s)",
            signatures.len(),
            documents.len()
        )));
    }
    for (index, (doc, signature)) in documents.iter().zip(&signatures).enumerate() {
        certificate
            .verify_sha256(&doc.digest, signature)
            .map_err(|problem| {
                untrusted(&format!(
                    "signature {} (for \"{}\"): {problem}",
                    index + 1,
                    doc.name
                ))
            })?;
    }
    Ok(signatures)
}

/// The answer cannot be trusted: nothing is reported as signed.
fn untrusted(problem: &str) -> Error {
    Error::Client(kendra_client::Error::BadResponse {
        peer: kendra_client::Peer::Csp,
        endpoint: "sign status".into(),
        problem: format!("{problem}; nothing is reported as signed"),
        detail: String::new(),
    })
}

fn state_word(status: &SignStatus) -> &'static str {
    match status {
        SignStatus::Pending => "pending",
        SignStatus::Success => "signed",
        SignStatus::Declined => "declined",
        SignStatus::Timeout => "timeout",
        SignStatus::Failed => "failed",
        SignStatus::Other(_) => "unknown",
    }
}

fn status_code(status: &SignStatus) -> String {
    match status {
        SignStatus::Pending => "PENDING".into(),
        SignStatus::Success => "SUCCESS".into(),
        SignStatus::Declined => "DECLINED".into(),
        SignStatus::Timeout => "TIMEOUT".into(),
        SignStatus::Failed => "FAILED".into(),
        SignStatus::Other(other) => other.clone(),
    }
}

/// DECLINED, TIMEOUT, FAILED or an unknown status, in the officer's words.
fn ended_error(status: &SignStatus, request_id: Option<&str>, polls: u32, waited_ms: u64) -> Error {
    let code = status_code(status);
    Error::Refused {
        peer: PEER,
        message: status.plain_message(),
        code: Some(code.clone()),
        detail: Some(format!(
            "sign request {}: status {code} after {polls} status check(s), {:.1} s",
            request_id.unwrap_or("(no request_id)"),
            waited_ms as f64 / 1000.0
        )),
    }
}

/// Kendra's own limit ran out while the request was still `PENDING`.
fn wait_limit_error(request_id: &str, limit: Duration) -> Error {
    Error::WaitedTooLong {
        peer: PEER,
        what: format!("did not approve sign request {request_id}"),
        waited_secs: limit.as_secs().max(1),
        next_step: "nothing was signed; approve promptly on your device, or sign again with a longer --timeout".into(),
        detail: Some(format!("sign request {request_id} still PENDING when Kendra's time limit ran out")),
    }
}

fn is_transient(error: &Error) -> bool {
    matches!(error, Error::Client(e) if matches!(
        e.class(),
        FailureClass::Network | FailureClass::Timeout | FailureClass::Http5xx
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_hashes_are_checked_and_named() {
        let doc = DocumentDigest::from_hex("h", &"ab".repeat(32)).unwrap();
        assert_eq!(doc.digest, [0xab; 32]);
        assert_eq!(doc.sha256_hex(), "ab".repeat(32));
        let short = DocumentDigest::from_hex("h", "abcd").unwrap_err();
        assert!(short.to_string().contains("64 hex digits"), "{short}");
        let bad = DocumentDigest::from_hex("h", &format!("zz{}", "00".repeat(31))).unwrap_err();
        assert!(bad.to_string().contains("position 1"), "{bad}");
    }

    #[test]
    fn files_are_hashed_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let doc = DocumentDigest::from_file(&path).unwrap();
        assert_eq!(
            doc,
            DocumentDigest {
                name: "big.bin".into(),
                ..DocumentDigest::of_bytes("x", &bytes)
            }
        );
        let missing = DocumentDigest::from_file(&dir.path().join("none.pdf")).unwrap_err();
        assert!(matches!(missing, Error::File { .. }));
        assert!(matches!(
            DocumentDigest::from_file(dir.path()),
            Err(Error::File { .. })
        ));
    }
}
