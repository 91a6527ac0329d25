//! "Sign a PDF" on the Signing screen: the UI sends a picked PDF's bytes, the core
//! (`CspSigning::sign_pdf`, PAdES B-B) signs it through the CSP with the same PENDING progress
//! and Stop waiting as hash signing, and the signed copy is written into the folder the
//! signatures are saved in (`Downloads/Kendra Desk/`), never over an existing file.
//!
//! What the officer can fix (an encrypted or damaged PDF, a certificate that may not sign) comes
//! back as a typed refusal, so the screen words it in the chosen language; everything else is an
//! [`IpcError`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use kendra_client::SecretString;
use kendra_wire::base64_text;
use kendra_workflows::csp_signing::pdf_signature::{
    PdfSignProgress, PdfSignReport, PdfSignRequest,
};
use kendra_workflows::csp_signing::SignProgress;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::signing::{
    abandon, cancellable, count, input, safe_name, session, SigningCertificate, SigningProgress,
    SigningSessions,
};
use crate::error::Error;
use crate::{Desk, ErrorCode, IpcError};

/// PDFs larger than this are refused (their bytes cross the IPC as base64). The core itself
/// signs PDFs up to 256 MiB (`kendra csp sign-pdf`).
pub const MAX_PDF_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// Request of `signing_sign_pdf`.
#[derive(Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PdfSigningRequest {
    /// Chosen by the UI, so `signing_cancel` can name this signing while it waits.
    pub job_id: String,
    pub profile: String,
    pub cert_alias: String,
    /// Only for certificates with `auth_pass`; used for this signing and dropped.
    pub cert_password: Option<String>,
    /// The picked file's name (the signed copy is `<stem>.signed.pdf`).
    pub file_name: String,
    /// The PDF's bytes, base64.
    pub bytes_base64: String,
    /// Draw a stamp (signer, IST time, application number, reason) on the last page.
    pub visible: bool,
    pub application_no: Option<String>,
    /// The signature's `/Reason` (and on the stamp).
    pub reason: Option<String>,
    /// Give up waiting for approval after this long (default 120).
    pub time_limit_secs: Option<u32>,
}

impl std::fmt::Debug for PdfSigningRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfSigningRequest")
            .field("job_id", &self.job_id)
            .field("profile", &self.profile)
            .field("cert_alias", &self.cert_alias)
            .field(
                "cert_password",
                &self.cert_password.as_ref().map(|_| "••••"),
            )
            .field("file_name", &self.file_name)
            .field("bytes_base64", &self.bytes_base64.len())
            .field("visible", &self.visible)
            .finish()
    }
}

/// Where a PDF signing stands: the hash signing's steps, plus reading and writing the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "step", rename_all = "snake_case")]
#[ts(export)]
pub enum PdfSigningProgress {
    /// The PDF was read and checked.
    Read {
        pages: u32,
        bytes: u32,
    },
    Preparing {
        cert_alias: String,
    },
    Requested {
        documents: u32,
    },
    Pending {
        request_id: String,
        elapsed_ms: u32,
        time_limit_ms: u32,
        polls: u32,
    },
    Verifying {
        signatures: u32,
    },
    /// Writing the signed copy.
    Writing {
        path: String,
    },
}

impl From<&PdfSignProgress> for PdfSigningProgress {
    fn from(p: &PdfSignProgress) -> Self {
        match p {
            PdfSignProgress::Read { pages, bytes } => PdfSigningProgress::Read {
                pages: count(*pages),
                bytes: u32::try_from(*bytes).unwrap_or(u32::MAX),
            },
            PdfSignProgress::Signing(step) => match SigningProgress::from(step) {
                SigningProgress::Preparing { cert_alias } => {
                    PdfSigningProgress::Preparing { cert_alias }
                }
                SigningProgress::Requested { documents } => {
                    PdfSigningProgress::Requested { documents }
                }
                SigningProgress::Pending {
                    request_id,
                    elapsed_ms,
                    time_limit_ms,
                    polls,
                } => PdfSigningProgress::Pending {
                    request_id,
                    elapsed_ms,
                    time_limit_ms,
                    polls,
                },
                SigningProgress::Verifying { signatures } => {
                    PdfSigningProgress::Verifying { signatures }
                }
            },
            PdfSignProgress::Writing { path } => PdfSigningProgress::Writing { path: path.clone() },
        }
    }
}

/// A signed PDF, written and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PdfSigningResult {
    pub job_id: String,
    pub profile: String,
    /// The CSP's request ID.
    pub request_id: Option<String>,
    pub cert_alias: String,
    pub certificate: SigningCertificate,
    /// The signer's name as the certificate gives it (CN).
    pub signer: String,
    /// ISO 8601, IST (the signature's signing-time and `/M`).
    pub signed_at: String,
    pub waited_ms: u32,
    pub polls: u32,
    /// The picked file's name.
    pub file_name: String,
    pub field_name: String,
    /// 1-based.
    pub page: u32,
    pub visible: bool,
    pub application_no: Option<String>,
    pub reason: Option<String>,
    /// `ETSI.CAdES.detached`.
    pub sub_filter: String,
    /// `[0, a, b, c]`: everything but the signature itself.
    pub byte_range: Vec<u32>,
    pub input_bytes: u32,
    pub output_bytes: u32,
    /// SHA-256 of the ByteRange (the CMS message-digest), lowercase hex.
    pub document_sha256: String,
    /// SHA-256 of the signed attributes: what the CSP signed.
    pub signed_attributes_sha256: String,
    /// SHA-256 of the signed copy as saved.
    pub output_sha256: String,
    pub cms_bytes: u32,
    /// The CSP's signature was checked against the certificate's key before it was embedded.
    pub verified: bool,
    /// What the check was, in words.
    pub verified_with: String,
    /// Where the signed copy was saved (full path), its folder and its file name.
    pub saved_path: String,
    pub folder: String,
    pub saved_name: String,
    /// The row in the journal's signing requests.
    pub journal_id: String,
}

/// Why a PDF was refused before anything was signed (the officer can fix each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PdfRefusal {
    /// Password-protected: save an unprotected copy.
    Encrypted,
    /// Truncated or a broken cross-reference table.
    Damaged,
    /// Not a PDF at all.
    NotPdf,
    /// A PDF Kendra cannot sign (e.g. certified "no changes allowed").
    Unsupported,
    /// The certificate's key usage does not allow signing (an encryption-only certificate).
    NotSigningCertificate,
    /// The certificate is outside its validity.
    CertificateNotValid,
    /// Larger than Kendra Desk takes through the screen.
    TooLarge,
}

/// Answer of `signing_sign_pdf`: signed, or refused for a reason the officer can fix (the
/// core's own words and detail in `error`). Failures of the service come as [`IpcError`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum PdfSignAnswer {
    Signed { result: Box<PdfSigningResult> },
    Refused { reason: PdfRefusal, error: IpcError },
}

/// Handler of `signing_sign_pdf`: signs the PDF and saves the signed copy in `folder` as
/// `<stem>.signed.pdf` (`(2)`, `(3)`… when taken). The original bytes are only read.
pub async fn signing_sign_pdf(
    desk: &Desk,
    sessions: &SigningSessions,
    request: PdfSigningRequest,
    folder: &Path,
    mut on_progress: impl FnMut(PdfSigningProgress) + Send,
) -> Result<PdfSignAnswer, IpcError> {
    let job_id = request.job_id.trim().to_owned();
    if job_id.is_empty() {
        return Err(input("job id", "it is empty"));
    }
    let file_name = request.file_name.trim().to_owned();
    if file_name.is_empty() {
        return Err(input("file name", "it is empty"));
    }
    if request.bytes_base64.len() / 4 * 3 > MAX_PDF_UPLOAD_BYTES + 3 {
        return Ok(refused(
            PdfRefusal::TooLarge,
            &format!("PDF {file_name}"),
            &format!(
                "it is larger than {} MB; Kendra Desk signs PDFs up to that size (the `kendra csp sign-pdf` command takes larger ones)",
                MAX_PDF_UPLOAD_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = base64_text::decode("file", &request.bytes_base64).map_err(Error::from)?;

    std::fs::create_dir_all(folder).map_err(|e| {
        IpcError::from(kendra_workflows::Error::File {
            path: folder.display().to_string(),
            problem: format!("the signed PDF cannot be saved there ({e})"),
        })
    })?;
    let output = free_file(folder, &signed_name(&file_name));
    let work = WorkDir::create(&job_id)?;
    let original = work.path.join(safe_name(&file_name));
    std::fs::write(&original, &bytes).map_err(|e| {
        IpcError::from(kendra_workflows::Error::File {
            path: original.display().to_string(),
            problem: format!("the PDF could not be held for signing ({e})"),
        })
    })?;
    drop(bytes);

    let mut job = PdfSignRequest::new(&original, &output, request.cert_alias.trim());
    job.cert_password = request
        .cert_password
        .filter(|p| !p.is_empty())
        .map(SecretString::from);
    job.visible = request.visible;
    job.application_no = trimmed(request.application_no);
    job.reason = trimmed(request.reason);
    if let Some(secs) = request.time_limit_secs {
        job.time_limit = Duration::from_secs(u64::from(secs));
    }
    job.poll_interval = Duration::from_secs(1);
    let signing = session(desk, &request.profile)?;

    let flag = sessions.begin(&job_id);
    let mut seen_request: Option<String> = None;
    let outcome = {
        let mut progress = |step: &PdfSignProgress| {
            if let PdfSignProgress::Signing(SignProgress::Pending { request_id, .. }) = step {
                seen_request = Some(request_id.clone());
            }
            on_progress(PdfSigningProgress::from(step));
        };
        let sign = signing.sign_pdf(&job, &mut progress);
        cancellable(sign, &flag).await
    };
    sessions.end(&job_id);
    drop(work);
    let report = match outcome {
        Some(Ok(report)) => report,
        Some(Err(e)) => {
            return match (refusal(&e), &e) {
                (Some(reason), kendra_workflows::Error::Input { field, problem }) => {
                    Ok(refused(reason, field, problem))
                }
                _ => Err(IpcError::from(e)),
            }
        }
        None => {
            abandon(desk, seen_request.as_deref());
            return Err(IpcError::new(
                ErrorCode::InvalidInput,
                "You stopped waiting for approval, so the PDF was not signed.",
            )
            .with_text(format!(
                "sign request {} for PDF {file_name} cancelled by the officer while PENDING",
                seen_request.as_deref().unwrap_or("(not sent yet)")
            )));
        }
    };
    Ok(PdfSignAnswer::Signed {
        result: Box::new(result_view(&job_id, &file_name, &output, report)),
    })
}

fn trimmed(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn refused(reason: PdfRefusal, field: &str, problem: &str) -> PdfSignAnswer {
    PdfSignAnswer::Refused {
        reason,
        error: IpcError::new(ErrorCode::InvalidInput, format!("{field}: {problem}")).with_text(
            "nothing was sent for signing; `kendra csp sign-pdf` refuses it the same way",
        ),
    }
}

/// The refusals the officer can fix, from the core's input errors.
fn refusal(e: &kendra_workflows::Error) -> Option<PdfRefusal> {
    let kendra_workflows::Error::Input { field, problem } = e else {
        return None;
    };
    if field.starts_with("PDF ") {
        Some(if problem.starts_with("the PDF is encrypted") {
            PdfRefusal::Encrypted
        } else if problem.starts_with("the PDF is damaged") {
            PdfRefusal::Damaged
        } else if problem.starts_with("it is not a PDF") {
            PdfRefusal::NotPdf
        } else {
            PdfRefusal::Unsupported
        })
    } else if field.starts_with("certificate ") {
        if problem.starts_with("it is not a signing certificate") {
            Some(PdfRefusal::NotSigningCertificate)
        } else if problem.starts_with("it is not valid now") {
            Some(PdfRefusal::CertificateNotValid)
        } else {
            None
        }
    } else {
        None
    }
}

fn result_view(
    job_id: &str,
    file_name: &str,
    output: &Path,
    report: PdfSignReport,
) -> PdfSigningResult {
    let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let verified_with = format!(
        "{} PKCS#1 v1.5 over SHA-256 of the signed attributes, certificate \"{}\" ({})",
        report.certificate.key.as_deref().unwrap_or("RSA"),
        report.cert_alias,
        report
            .certificate
            .subject
            .as_deref()
            .unwrap_or("no subject")
    );
    PdfSigningResult {
        job_id: job_id.to_owned(),
        profile: report.profile,
        request_id: report.request_id,
        cert_alias: report.cert_alias,
        certificate: SigningCertificate::from(&report.certificate),
        signer: report.signer,
        signed_at: report.signed_at,
        waited_ms: small(report.waited_ms),
        polls: report.polls,
        file_name: file_name.to_owned(),
        field_name: report.field_name,
        page: count(report.page),
        visible: report.visible,
        application_no: report.application_no,
        reason: report.reason,
        sub_filter: report.sub_filter,
        byte_range: report.byte_range.iter().map(|&n| small(n)).collect(),
        input_bytes: small(report.input_bytes),
        output_bytes: small(report.output_bytes),
        document_sha256: report.document_sha256,
        signed_attributes_sha256: report.signed_attributes_sha256,
        output_sha256: report.output_sha256,
        cms_bytes: count(report.cms_bytes),
        verified: true,
        verified_with,
        saved_path: output.display().to_string(),
        folder: output
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        saved_name: output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        journal_id: report.journal_id,
    }
}

/// `income.pdf` → `income.signed.pdf`.
fn signed_name(file_name: &str) -> String {
    let safe = safe_name(file_name);
    let stem = match safe.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.eq_ignore_ascii_case("pdf") => stem,
        _ => safe.as_str(),
    };
    format!("{stem}.signed.pdf")
}

/// `dir/name`, or `dir/stem (2).pdf`, `(3)`… when taken (as the shell's downloads do).
fn free_file(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    (2..10_000)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// A private folder holding the PDF while it is signed (the core signs files), removed after.
struct WorkDir {
    path: PathBuf,
}

impl WorkDir {
    fn create(job_id: &str) -> Result<Self, IpcError> {
        let path = std::env::temp_dir().join(format!(
            "kendra-desk-pdf-{}-{}",
            std::process::id(),
            safe_name(job_id)
        ));
        let _ = std::fs::remove_dir_all(&path);
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&path).map_err(|e| {
            IpcError::from(kendra_workflows::Error::File {
                path: path.display().to_string(),
                problem: format!("no temporary folder to hold the PDF while it is signed ({e})"),
            })
        })?;
        Ok(Self { path })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
