//! The Signing screen: sign in to an ADSS CSP profile and list the officer's certificates, hash
//! a picked file, sign files and hashes with progress while `PENDING` (cancellable), every
//! signature verified by the core before success is shown, and save the signatures.
//!
//! The work is kendra-workflows' `csp_signing`; this file only adapts it to the UI's types.
//! Nothing secret comes back: the certificate password goes in once and is dropped.

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};
use std::time::Duration;

use kendra_client::SecretString;
use kendra_wire::base64_text;
use kendra_workflows::csp_signing::{
    CertificateView, CspSigning, DocumentDigest, SignJob, SignProgress, SignReport,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::ist_time;
use crate::{Desk, ErrorCode, IpcError};

/// Files larger than this are refused (only the hash is sent, but the bytes cross the IPC).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Answer of `signing_login`: who is signed in where, and their certificates. Never a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SigningLogin {
    pub profile: String,
    pub base_url: String,
    /// False for plain HTTP (the sandbox): the screen says the link is not encrypted.
    pub link_encrypted: bool,
    /// `password` or `client_credentials`.
    pub login: String,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub user_email: Option<String>,
    pub service_message: String,
    pub service_description: Option<String>,
    /// ISO 8601, IST.
    pub expires_at: Option<String>,
    pub renewable: bool,
    /// The officer's certificates (empty for a client-credentials sign-in, which has no officer).
    pub certificates: Vec<SigningCertificate>,
}

/// One certificate as the officer picks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SigningCertificate {
    pub cert_alias: String,
    pub sam_user_id: Option<String>,
    /// Signing with it asks for the certificate's password.
    pub auth_pass: bool,
    pub subject: Option<String>,
    pub issuer: Option<String>,
    pub serial: Option<String>,
    /// ISO 8601, IST.
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    pub valid_now: bool,
    pub key: Option<String>,
    pub sha256_fingerprint: String,
    pub chain_length: u32,
    /// Why it cannot sign, when it cannot.
    pub problem: Option<String>,
}

impl From<&CertificateView> for SigningCertificate {
    fn from(c: &CertificateView) -> Self {
        Self {
            cert_alias: c.cert_alias.clone(),
            sam_user_id: c.sam_user_id.clone(),
            auth_pass: c.auth_pass,
            subject: c.subject.clone(),
            issuer: c.issuer.clone(),
            serial: c.serial.clone(),
            not_before: c.not_before.clone(),
            not_after: c.not_after.clone(),
            valid_now: c.valid_now,
            key: c.key.clone(),
            sha256_fingerprint: c.sha256_fingerprint.clone(),
            chain_length: u32::try_from(c.chain_length).unwrap_or(u32::MAX),
            problem: c.problem.clone(),
        }
    }
}

/// A document ready to sign: its SHA-256, computed by the core (`signing_hash_file`) or pasted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SigningDocument {
    /// Shown on the approving device and kept in the journal.
    pub name: String,
    /// 64 hex digits.
    pub sha256: String,
    /// The file's size; `null` for a pasted hash.
    pub file_bytes: Option<u32>,
}

/// Request of `signing_sign`.
#[derive(Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SigningRequest {
    /// Chosen by the UI, so `signing_cancel` can name this signing while it waits.
    pub job_id: String,
    pub profile: String,
    pub cert_alias: String,
    /// Only for certificates with `auth_pass`; used for this signing and dropped.
    pub cert_password: Option<String>,
    /// Shown on the approving device.
    pub description: Option<String>,
    pub documents: Vec<SigningDocument>,
    /// Give up waiting for approval after this long (default 120).
    pub time_limit_secs: Option<u32>,
}

impl std::fmt::Debug for SigningRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningRequest")
            .field("job_id", &self.job_id)
            .field("profile", &self.profile)
            .field("cert_alias", &self.cert_alias)
            .field(
                "cert_password",
                &self.cert_password.as_ref().map(|_| "••••"),
            )
            .field("documents", &self.documents)
            .finish()
    }
}

/// Where a signing stands, streamed to the screen while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "step", rename_all = "snake_case")]
#[ts(export)]
pub enum SigningProgress {
    /// Fetching and checking the certificate.
    Preparing { cert_alias: String },
    /// The sign request is on its way.
    Requested { documents: u32 },
    /// Waiting for approval on the officer's device.
    Pending {
        request_id: String,
        elapsed_ms: u32,
        time_limit_ms: u32,
        polls: u32,
    },
    /// Checking the returned signatures against the certificate.
    Verifying { signatures: u32 },
}

pub(super) fn millis(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<&SignProgress> for SigningProgress {
    fn from(p: &SignProgress) -> Self {
        match p {
            SignProgress::Preparing { cert_alias } => SigningProgress::Preparing {
                cert_alias: cert_alias.clone(),
            },
            SignProgress::Requested { documents } => SigningProgress::Requested {
                documents: count(*documents),
            },
            SignProgress::Pending {
                request_id,
                elapsed,
                time_limit,
                polls,
            } => SigningProgress::Pending {
                request_id: request_id.clone(),
                elapsed_ms: millis(*elapsed),
                time_limit_ms: millis(*time_limit),
                polls: *polls,
            },
            SignProgress::Verifying { signatures } => SigningProgress::Verifying {
                signatures: count(*signatures),
            },
        }
    }
}

/// Answer of `signing_sign`: every signature verified against the certificate's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SigningResult {
    pub job_id: String,
    pub profile: String,
    /// The CSP's request ID.
    pub request_id: Option<String>,
    /// `SUCCESS` (anything else is an error).
    pub status: String,
    pub cert_alias: String,
    pub certificate: SigningCertificate,
    /// ISO 8601, IST.
    pub signed_at: String,
    pub waited_ms: u32,
    pub polls: u32,
    pub documents: Vec<SignedDocumentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignedDocumentView {
    pub name: String,
    pub file_bytes: Option<u32>,
    pub sha256: String,
    /// PKCS#1 v1.5, base64 (public: a signature is not a secret).
    pub signature_base64: String,
    /// Checked by the core against the certificate's public key.
    pub verified: bool,
    /// What the check was, in words (`RSA-2048 PKCS#1 v1.5 over SHA-256, certificate …`).
    pub verified_with: String,
    /// The row in the journal's signing requests.
    pub journal_id: String,
}

/// Answer of `signing_save`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedSignatures {
    pub folder: String,
    /// File names in `folder`: one `.sig` per document (raw PKCS#1 bytes), the certificate as
    /// PEM, and `signing-report.json`.
    pub files: Vec<String>,
}

/// One row of the journal's signing requests (`signing_history`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SigningHistoryRow {
    pub id: String,
    pub profile: Option<String>,
    pub document: String,
    pub sha256: String,
    /// `requested`, `pending`, `signed`, `declined`, `timeout`, `failed`, `refused`,
    /// `unverified`, `abandoned`.
    pub state: String,
    pub request_id: Option<String>,
    pub detail: Option<String>,
    /// ISO 8601, IST.
    pub updated_at: String,
}

/// What a signing in progress can be stopped by, and the reports kept for saving.
#[derive(Default)]
pub struct SigningSessions {
    running: Mutex<HashMap<String, Arc<CancelFlag>>>,
    reports: Mutex<HashMap<String, SignReport>>,
}

#[derive(Default)]
pub(super) struct CancelFlag {
    cancelled: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl CancelFlag {
    fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        if let Some(waker) = lock(&self.waker).take() {
            waker.wake();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Only the last few signings are kept for saving.
const KEPT_REPORTS: usize = 20;

impl SigningSessions {
    pub fn new() -> Self {
        Self::default()
    }

    pub(super) fn begin(&self, job_id: &str) -> Arc<CancelFlag> {
        let flag = Arc::new(CancelFlag::default());
        lock(&self.running).insert(job_id.to_owned(), Arc::clone(&flag));
        flag
    }

    pub(super) fn end(&self, job_id: &str) {
        lock(&self.running).remove(job_id);
    }

    fn keep(&self, job_id: &str, report: SignReport) {
        let mut reports = lock(&self.reports);
        if reports.len() >= KEPT_REPORTS {
            reports.clear();
        }
        reports.insert(job_id.to_owned(), report);
    }
}

pub(super) fn session<'a>(desk: &'a Desk, profile: &str) -> Result<CspSigning<'a>, IpcError> {
    let client = desk.profiles().csp_client(profile).map_err(Error::from)?;
    Ok(CspSigning::new(
        desk.journal(),
        desk.actor(),
        profile.to_owned(),
        client,
    ))
}

/// Handler of `signing_login`: checks the service, signs in with the profile's grant, and lists
/// the officer's certificates.
pub async fn signing_login(desk: &Desk, profile: &str) -> Result<SigningLogin, IpcError> {
    let signing = session(desk, profile)?;
    let report = signing.login().await?;
    let certificates = if report.user_id.is_some() && report.login == "password" {
        signing
            .certificates()
            .await?
            .iter()
            .map(SigningCertificate::from)
            .collect()
    } else {
        Vec::new()
    };
    Ok(SigningLogin {
        profile: report.profile,
        base_url: report.base_url,
        link_encrypted: report.link_encrypted,
        login: report.login,
        user_id: report.user_id,
        user_name: report.user.as_ref().and_then(|u| u.user_name.clone()),
        user_email: report.user.as_ref().and_then(|u| u.email.clone()),
        service_message: report.service_message,
        service_description: report.service_description,
        expires_at: report.expires_at,
        renewable: report.renewable,
        certificates,
    })
}

/// Handler of `signing_hash_file`: the SHA-256 of a picked file's bytes (base64 from the UI).
pub fn signing_hash_file(name: &str, bytes_base64: &str) -> Result<SigningDocument, IpcError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(input("file name", "it is empty"));
    }
    if bytes_base64.len() / 4 * 3 > MAX_FILE_BYTES + 3 {
        return Err(input(
            "file",
            &format!(
                "\"{name}\" is larger than {} MB; sign its SHA-256 hash instead",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = base64_text::decode("file", bytes_base64).map_err(Error::from)?;
    let digest = DocumentDigest::of_bytes(name, &bytes);
    Ok(SigningDocument {
        name: digest.name.clone(),
        sha256: digest.sha256_hex(),
        file_bytes: digest.file_bytes.and_then(|n| u32::try_from(n).ok()),
    })
}

pub(super) fn input(field: &str, problem: &str) -> IpcError {
    IpcError::from(kendra_workflows::Error::input(field, problem))
}

/// Handler of `signing_sign`: signs every document in one request, streaming progress, and
/// answers only when every signature verified. `signing_cancel` with the same `job_id` stops the
/// wait (the journal marks the request `abandoned`).
pub async fn signing_sign(
    desk: &Desk,
    sessions: &SigningSessions,
    request: SigningRequest,
    mut on_progress: impl FnMut(SigningProgress) + Send,
) -> Result<SigningResult, IpcError> {
    let job_id = request.job_id.trim().to_owned();
    if job_id.is_empty() {
        return Err(input("job id", "it is empty"));
    }
    let mut documents = Vec::with_capacity(request.documents.len());
    for doc in &request.documents {
        let mut digest = DocumentDigest::from_hex(doc.name.trim(), &doc.sha256)?;
        digest.file_bytes = doc.file_bytes.map(u64::from);
        documents.push(digest);
    }
    let mut job = SignJob::new(request.cert_alias.trim(), documents);
    job.description = request
        .description
        .filter(|d| !d.trim().is_empty())
        .map(|d| d.trim().to_owned());
    job.cert_password = request
        .cert_password
        .filter(|p| !p.is_empty())
        .map(SecretString::from);
    if let Some(secs) = request.time_limit_secs {
        job.time_limit = Duration::from_secs(u64::from(secs));
    }
    job.poll_interval = Duration::from_secs(1);
    let signing = session(desk, &request.profile)?;

    let flag = sessions.begin(&job_id);
    let mut seen_request: Option<String> = None;
    let outcome = {
        let mut progress = |step: &SignProgress| {
            if let SignProgress::Pending { request_id, .. } = step {
                seen_request = Some(request_id.clone());
            }
            on_progress(SigningProgress::from(step));
        };
        let sign = signing.sign(&job, &mut progress);
        cancellable(sign, &flag).await
    };
    sessions.end(&job_id);
    let report = match outcome {
        Some(result) => result?,
        None => {
            abandon(desk, seen_request.as_deref());
            return Err(IpcError::new(
                ErrorCode::InvalidInput,
                "You stopped waiting for approval, so nothing was signed.",
            )
            .with_text(format!(
                "sign request {} cancelled by the officer while PENDING",
                seen_request.as_deref().unwrap_or("(not sent yet)")
            )));
        }
    };
    let result = result_view(&job_id, &report);
    sessions.keep(&job_id, report);
    Ok(result)
}

/// Runs `work` until it ends or `flag` is cancelled (then `None`, and `work` is dropped).
pub(super) async fn cancellable<T>(work: impl Future<Output = T>, flag: &CancelFlag) -> Option<T> {
    let mut work = std::pin::pin!(work);
    std::future::poll_fn(|cx| {
        if flag.cancelled.load(Ordering::SeqCst) {
            return Poll::Ready(None);
        }
        *lock(&flag.waker) = Some(cx.waker().clone());
        if flag.cancelled.load(Ordering::SeqCst) {
            return Poll::Ready(None);
        }
        work.as_mut().poll(cx).map(Some)
    })
    .await
}

/// Marks the journal rows of a cancelled request `abandoned` (best effort: the request itself
/// lives on at the service until it times out there).
pub(super) fn abandon(desk: &Desk, request_id: Option<&str>) {
    let Some(request_id) = request_id else {
        return;
    };
    let Ok(rows) = desk.journal().signing_requests_for(request_id) else {
        return;
    };
    let open: Vec<i64> = rows
        .iter()
        .filter(|r| matches!(r.state.as_str(), "requested" | "pending"))
        .map(|r| r.id)
        .collect();
    let _ = desk.journal().write(&desk.actor(), |tx| {
        open.iter().try_for_each(|id| {
            tx.update_signing_request(
                *id,
                "abandoned",
                None,
                Some("the officer stopped waiting for approval in Kendra Desk"),
            )
        })
    });
}

/// Handler of `signing_cancel`: true when a signing with that id was waiting.
pub fn signing_cancel(sessions: &SigningSessions, job_id: &str) -> bool {
    match lock(&sessions.running).get(job_id.trim()) {
        Some(flag) => {
            flag.cancel();
            true
        }
        None => false,
    }
}

fn result_view(job_id: &str, report: &SignReport) -> SigningResult {
    let certificate = SigningCertificate::from(&report.certificate);
    let verified_with = format!(
        "{} PKCS#1 v1.5 over SHA-256, certificate \"{}\" ({})",
        report.certificate.key.as_deref().unwrap_or("RSA"),
        report.cert_alias,
        report
            .certificate
            .subject
            .as_deref()
            .unwrap_or("no subject")
    );
    SigningResult {
        job_id: job_id.to_owned(),
        profile: report.profile.clone(),
        request_id: report.request_id.clone(),
        status: report.status.clone(),
        cert_alias: report.cert_alias.clone(),
        certificate,
        signed_at: report.signed_at.clone(),
        waited_ms: u32::try_from(report.waited_ms).unwrap_or(u32::MAX),
        polls: report.polls,
        documents: report
            .documents
            .iter()
            .map(|d| SignedDocumentView {
                name: d.name.clone(),
                file_bytes: d.file_bytes.and_then(|n| u32::try_from(n).ok()),
                sha256: d.sha256.clone(),
                signature_base64: d.signature_base64.clone(),
                verified: d.verified,
                verified_with: verified_with.clone(),
                journal_id: d.journal_id.to_string(),
            })
            .collect(),
    }
}

/// Handler of `signing_save`: writes the signing `job_id`'s signatures into `parent`, in a
/// folder of their own (`signatures-<request id>`): `<document>.sig` (raw PKCS#1 v1.5, as
/// `openssl dgst -sha256 -verify` reads it), the certificate as PEM, and the report as JSON.
pub fn signing_save(
    sessions: &SigningSessions,
    job_id: &str,
    parent: &Path,
) -> Result<SavedSignatures, IpcError> {
    let reports = lock(&sessions.reports);
    let report = reports.get(job_id.trim()).ok_or_else(|| {
        IpcError::new(
            ErrorCode::NotFound,
            "That signing is no longer held; sign the documents again to save them.",
        )
        .with_text(format!("no signing report for job {job_id}"))
    })?;
    let folder = free_folder(
        parent,
        &format!(
            "signatures-{}",
            safe_name(report.request_id.as_deref().unwrap_or(job_id))
        ),
    );
    let file_error = |path: &Path, e: std::io::Error| {
        IpcError::from(kendra_workflows::Error::File {
            path: path.display().to_string(),
            problem: format!("the signatures could not be saved there ({e})"),
        })
    };
    std::fs::create_dir_all(&folder).map_err(|e| file_error(&folder, e))?;
    let mut files = Vec::new();
    let mut write = |name: String, bytes: &[u8]| -> Result<(), IpcError> {
        let path = folder.join(&name);
        std::fs::write(&path, bytes).map_err(|e| file_error(&path, e))?;
        files.push(name);
        Ok(())
    };
    let mut used = Vec::new();
    for doc in &report.documents {
        let mut name = format!("{}.sig", safe_name(&doc.name));
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{}-{n}.sig", safe_name(&doc.name));
            n += 1;
        }
        used.push(name.clone());
        write(name, &doc.signature)?;
    }
    write(
        format!("{}.cert.pem", safe_name(&report.cert_alias)),
        pem("CERTIFICATE", &report.certificate_der).as_bytes(),
    )?;
    let json = serde_json::to_vec_pretty(report).unwrap_or_default();
    write("signing-report.json".to_owned(), &json)?;
    Ok(SavedSignatures {
        folder: folder.display().to_string(),
        files,
    })
}

/// Handler of `signing_history`: the journal's signing requests, newest first.
pub fn signing_history(
    desk: &Desk,
    profile: Option<&str>,
    limit: u32,
) -> Result<Vec<SigningHistoryRow>, IpcError> {
    let rows = desk
        .journal()
        .signing_requests(profile, limit)
        .map_err(Error::from)?;
    Ok(rows
        .into_iter()
        .map(|r| SigningHistoryRow {
            id: r.id.to_string(),
            profile: r.profile,
            document: r.document,
            sha256: r.hash_hex,
            state: r.state,
            request_id: r.peer_ref,
            detail: r.detail,
            updated_at: ist_time::iso(r.updated_ms),
        })
        .collect())
}

fn pem(label: &str, der: &[u8]) -> String {
    let text = base64_text::encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in text.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// A file name made of the name's letters, digits, `.`, `-` and `_` (others become `_`).
pub(super) fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "document".to_owned()
    } else {
        cleaned
    }
}

fn free_folder(parent: &Path, name: &str) -> PathBuf {
    let first = parent.join(name);
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| parent.join(format!("{name}-{n}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}
