//! The Documents screen: the OTP gate (API-5A, API-5B), documents that need no OTP (API-4), and
//! what happens to a released document — previewed, saved, opened, printed.
//!
//! Released documents are saved in the app's data folder (`documents/`); the UI names them by
//! file name only, and every command here refuses a name that is not a plain file in that folder.
//! Preview: PNG and JPEG bytes go to the UI (drawn on a canvas, so the CSP needs no `blob:` or
//! `data:` image source). WebKitGTK has no PDF viewer and no small, well-kept Rust crate renders
//! PDF pages without a native PDFium or Poppler, so a PDF is described (type, size, SHA-256) and
//! opened in the system's viewer or saved as a copy.

use std::path::{Path, PathBuf};

use kendra_client::SecretString;
use kendra_workflows::bsk_counter::{
    DocumentOutcome, DownloadInput, FileKind, OtpRequestInput, OtpVerifyInput, SaveTarget,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::{Desk, ErrorCode, IpcError};

/// How long an OTP usually stays valid, and how many tries it usually allows. The BSK document
/// does not say; departments (and the sandbox) use 5 minutes and 3 tries. Shown as expected
/// values: the department's answer to a wrong, expired or blocked OTP is what counts.
pub const OTP_EXPECTED_VALIDITY_MINUTES: u32 = 5;
pub const OTP_EXPECTED_ATTEMPTS: u32 = 3;

/// Request of `deo_otp_request`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OtpRequest {
    pub profile: String,
    /// The certificate's number (or the application number).
    pub document_no: String,
}

/// Answer of `deo_otp_request`: the OTP is on its way to the citizen's mobile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OtpSent {
    /// Needed to verify; digits, kept as text.
    pub otp_id: String,
    pub document_no: String,
    /// The department's words (`OTP sent to the citizen's mobile ******0385`).
    pub message: Option<String>,
    /// ISO 8601, IST.
    pub requested_at: String,
    /// `requested_at` plus [`OTP_EXPECTED_VALIDITY_MINUTES`] (ISO 8601, IST).
    pub expected_expiry: String,
    pub expected_attempts: u32,
}

/// Request of `deo_otp_verify`. The OTP is read once into a secret and never sent back.
#[derive(Clone, Deserialize, TS)]
#[ts(export)]
pub struct OtpVerifyRequest {
    pub profile: String,
    pub otp_id: String,
    pub otp: String,
    pub document_no: String,
}

impl std::fmt::Debug for OtpVerifyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpVerifyRequest")
            .field("profile", &self.profile)
            .field("otp_id", &self.otp_id)
            .field("otp", &"••••")
            .field("document_no", &self.document_no)
            .finish()
    }
}

/// Why the department did not accept an OTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OtpRefusal {
    /// Wrong digits; `attempts_left` says how many tries remain.
    Wrong,
    /// Too old: request a new one.
    Expired,
    /// Entered wrongly too many times: request a new one.
    AttemptsExhausted,
    /// Already used to release the document.
    Used,
    /// No OTP was requested with this id.
    Unknown,
    /// Refused for another reason (the department's words in `message`).
    Refused,
}

/// Answer of `deo_otp_verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum OtpVerifyAnswer {
    /// The OTP was right: the document is saved.
    Released { document: DocumentView },
    Refused {
        reason: OtpRefusal,
        /// Tries left, when the department said (after a wrong OTP).
        attempts_left: Option<u32>,
        /// The core's sentence (English).
        message: String,
        /// The department's own words and codes.
        detail: Option<String>,
    },
}

/// Request of `deo_document_download` (API-4: documents without the OTP gate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentDownloadRequest {
    pub profile: String,
    pub user_id: String,
    pub document_no: String,
    /// Needed when the journal does not know the document's application.
    pub service_code: Option<String>,
}

/// What a document's bytes are (by their first bytes, not by what the department claimed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    Pdf,
    Png,
    Jpeg,
    Unknown,
}

impl From<FileKind> for DocumentKind {
    fn from(k: FileKind) -> Self {
        match k {
            FileKind::Pdf => DocumentKind::Pdf,
            FileKind::Png => DocumentKind::Png,
            FileKind::Jpeg => DocumentKind::Jpeg,
            FileKind::Unknown => DocumentKind::Unknown,
        }
    }
}

/// A released, saved document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentView {
    /// `API-4`, or `API-5B` when the OTP released it.
    pub released_by: String,
    pub document_no: String,
    pub service_code: Option<String>,
    pub service_name: Option<String>,
    /// `link` (fetched), `base64` or `image`.
    pub delivered_as: String,
    pub kind: DocumentKind,
    pub media_type: String,
    pub bytes: u32,
    /// Lower-case hex.
    pub sha256: String,
    /// Where it is saved (the app's documents folder).
    pub path: String,
    /// Its name in that folder: what the preview, save and open commands take.
    pub file_name: String,
}

/// Answer of `deo_document_preview`: an image's bytes, base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentPreview {
    pub media_type: String,
    pub base64: String,
}

/// Answer of `deo_document_save_copy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedCopy {
    pub path: String,
}

/// Where released documents are kept.
pub fn documents_dir(desk: &Desk) -> PathBuf {
    desk.data_dir().join("documents")
}

fn ready_documents_dir(desk: &Desk) -> Result<SaveTarget, IpcError> {
    let dir = documents_dir(desk);
    std::fs::create_dir_all(&dir).map_err(|e| {
        IpcError::new(
            ErrorCode::Internal,
            "Kendra Desk could not make its documents folder.",
        )
        .with_text(format!("{}: {e}", dir.display()))
    })?;
    Ok(SaveTarget::Folder(dir))
}

fn view(outcome: DocumentOutcome) -> DocumentView {
    let path = PathBuf::from(&outcome.file.path);
    DocumentView {
        released_by: outcome.released_by.to_owned(),
        document_no: outcome.document_no.unwrap_or_default(),
        service_code: outcome.service_code,
        service_name: outcome.service_name,
        delivered_as: outcome.delivered_as.to_owned(),
        kind: outcome.file.file_type.into(),
        media_type: outcome.file.media_type.to_owned(),
        bytes: u32::try_from(outcome.file.bytes).unwrap_or(u32::MAX),
        sha256: outcome.file.sha256,
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: outcome.file.path,
    }
}

/// API-5A: the department sends the citizen an OTP for the document.
pub async fn deo_otp_request(desk: &Desk, request: OtpRequest) -> Result<OtpSent, IpcError> {
    let counter = super::counter(desk, &request.profile)?;
    let sent = counter
        .request_otp(&OtpRequestInput {
            document_no: request.document_no,
            ..OtpRequestInput::default()
        })
        .await?;
    Ok(OtpSent {
        expected_expiry: crate::ist_time::iso(
            desk.journal().now_ms() + i64::from(OTP_EXPECTED_VALIDITY_MINUTES) * 60_000,
        ),
        otp_id: sent.otp_id,
        document_no: sent.document_no,
        message: sent.message,
        requested_at: sent.requested_at,
        expected_attempts: OTP_EXPECTED_ATTEMPTS,
    })
}

/// API-5B: a right OTP releases the document (saved); a refused one says why, and how many
/// tries are left.
pub async fn deo_otp_verify(
    desk: &Desk,
    request: OtpVerifyRequest,
) -> Result<OtpVerifyAnswer, IpcError> {
    let counter = super::counter(desk, &request.profile)?;
    let save = ready_documents_dir(desk)?;
    let document_no = Some(request.document_no.trim().to_owned()).filter(|d| !d.is_empty());
    let result = counter
        .verify_otp(&OtpVerifyInput {
            otp_id: request.otp_id,
            otp: SecretString::from(request.otp),
            document_no,
            save,
        })
        .await;
    match result {
        Ok(outcome) => Ok(OtpVerifyAnswer::Released {
            document: view(outcome),
        }),
        Err(kendra_workflows::Error::Refused {
            code: Some(code),
            message,
            detail,
            ..
        }) if otp_refusal(&code).is_some() => Ok(OtpVerifyAnswer::Refused {
            reason: otp_refusal(&code).unwrap_or(OtpRefusal::Refused),
            attempts_left: detail.as_deref().and_then(attempts_left),
            message,
            detail,
        }),
        Err(e) => Err(e.into()),
    }
}

/// API-4: a document that needs no OTP, saved.
pub async fn deo_document_download(
    desk: &Desk,
    request: DocumentDownloadRequest,
) -> Result<DocumentView, IpcError> {
    let counter = super::counter(desk, &request.profile)?;
    let save = ready_documents_dir(desk)?;
    let outcome = counter
        .download(&DownloadInput {
            user_id: request.user_id,
            ticket_no: None,
            service_code: request.service_code.filter(|s| !s.trim().is_empty()),
            document_no: request.document_no,
            save,
        })
        .await?;
    Ok(view(outcome))
}

/// The bytes of a saved PNG or JPEG, for the preview.
pub fn deo_document_preview(desk: &Desk, file_name: &str) -> Result<DocumentPreview, IpcError> {
    let path = saved_file(desk, file_name)?;
    let bytes = std::fs::read(&path).map_err(|e| file_error(&path, &e))?;
    let kind = FileKind::detect(&bytes);
    if !matches!(kind, FileKind::Png | FileKind::Jpeg) {
        return Err(Error::InvalidInput {
            field: "file_name",
            reason: format!("{file_name} is not an image; only images are previewed"),
        }
        .into());
    }
    Ok(DocumentPreview {
        media_type: kind.media_type().to_owned(),
        base64: kendra_wire::base64_text::encode(&bytes),
    })
}

/// Copies a saved document into `folder` (the Downloads folder), under a free name.
pub fn deo_document_save_copy(
    desk: &Desk,
    file_name: &str,
    folder: &Path,
) -> Result<SavedCopy, IpcError> {
    let path = saved_file(desk, file_name)?;
    let bytes = std::fs::read(&path).map_err(|e| file_error(&path, &e))?;
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".to_owned());
    let saved = kendra_workflows::bsk_counter::saved_document::save(
        &bytes,
        &stem,
        &SaveTarget::Folder(folder.to_owned()),
    )?;
    Ok(SavedCopy { path: saved.path })
}

/// Opens a saved document in the system's viewer (for PDFs, which the window cannot show).
pub fn deo_document_open(desk: &Desk, file_name: &str) -> Result<(), IpcError> {
    let path = saved_file(desk, file_name)?;
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("explorer");
        c.arg(&path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(&path);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(&path);
        c
    };
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| {
            IpcError::new(
                ErrorCode::NotFound,
                "No program on this computer opens this kind of file. Save a copy and open it from the folder.",
            )
            .with_text(format!("{}: {e}", path.display()))
        })
}

/// `file_name` in the documents folder, if it is a plain name of a file there.
fn saved_file(desk: &Desk, file_name: &str) -> Result<PathBuf, IpcError> {
    let plain = !file_name.is_empty()
        && !file_name.starts_with('.')
        && !file_name.contains(['/', '\\', ':'])
        && Path::new(file_name).file_name().and_then(|n| n.to_str()) == Some(file_name);
    if !plain {
        return Err(Error::InvalidInput {
            field: "file_name",
            reason: format!("{file_name:?} is not a document name"),
        }
        .into());
    }
    let path = documents_dir(desk).join(file_name);
    if !path.is_file() {
        return Err(IpcError::new(
            ErrorCode::NotFound,
            "This document is no longer in Kendra Desk's documents folder. Download it again.",
        )
        .with_text(path.display().to_string()));
    }
    Ok(path)
}

fn file_error(path: &Path, e: &std::io::Error) -> IpcError {
    IpcError::new(ErrorCode::Internal, "The saved document could not be read.")
        .with_text(format!("{}: {e}", path.display()))
}

/// The core's refusal codes of API-5B.
fn otp_refusal(code: &str) -> Option<OtpRefusal> {
    Some(match code {
        "otp_wrong" => OtpRefusal::Wrong,
        "otp_expired" => OtpRefusal::Expired,
        "otp_attempts_exhausted" => OtpRefusal::AttemptsExhausted,
        "otp_used" => OtpRefusal::Used,
        "otp_unknown" => OtpRefusal::Unknown,
        "otp_refused" => OtpRefusal::Refused,
        _ => return None,
    })
}

/// The department's `attemptsLeft` as the core's detail carries it (`…; attemptsLeft 2`).
fn attempts_left(detail: &str) -> Option<u32> {
    let (_, rest) = detail.split_once("attemptsLeft ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_left_from_the_cores_detail() {
        assert_eq!(
            attempts_left(
                "API-5B: the OTP is wrong: 2 attempt(s) left; otpStatus wrong; attemptsLeft 2"
            ),
            Some(2)
        );
        assert_eq!(attempts_left("API-5B: OTP Expired"), None);
    }

    #[test]
    fn refusal_codes() {
        assert_eq!(otp_refusal("otp_wrong"), Some(OtpRefusal::Wrong));
        assert_eq!(otp_refusal("otp_not_sent"), None);
    }
}
