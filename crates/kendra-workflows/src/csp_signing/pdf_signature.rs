//! A signed PDF through the CSP (PAdES B-B, `ETSI.CAdES.detached`): the PDF is read and checked,
//! a signature field (optionally a visible stamp) is appended as an incremental update with the
//! signature space reserved, the ByteRange is hashed, the CMS signed attributes are built over
//! that hash, the SHA-256 of their DER goes to the CSP's sign request (PENDING waited out, the
//! answer verified against the certificate), and the returned PKCS#1 signature is embedded in
//! the SignerInfo. The result goes to a temporary file beside OUT, renamed into place; IN is
//! only ever read.
//!
//! | file | holds |
//! |---|---|
//! | [`pdf_update`] | reading the original, the appended objects, xref and trailer, ByteRange |
//! | [`cms_container`] | signed attributes and the SignedData around the CSP's signature |

pub mod cms_container;
pub mod pdf_update;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use der::asn1::{Ia5StringRef, PrintableStringRef, Utf8StringRef};
use kendra_client::SecretString;
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::der::Decode;
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::Certificate;

use super::sign_job::{DocumentDigest, SignJob, SignProgress, DEFAULT_POLL_INTERVAL};
use super::signing_certificate::{hex, CertificateView, SigningCertificate};
use super::{ist, CspSigning};
use crate::error::{Error, Result};
use pdf_update::{FieldPlan, OriginalPdf};

/// PDFs are held in memory while signed: anything larger is refused before it is read.
pub const MAX_PDF_BYTES: u64 = 256 * 1024 * 1024;
const ID_COMMON_NAME: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3");
const ID_KEY_USAGE: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.5.29.15");

/// What to sign and how.
#[derive(Debug, Clone)]
pub struct PdfSignRequest {
    pub input: PathBuf,
    pub output: PathBuf,
    pub cert_alias: String,
    /// Only for certificates with `auth_pass`.
    pub cert_password: Option<SecretString>,
    /// Draw a stamp (signer, IST time, application number) on the last page.
    pub visible: bool,
    pub application_no: Option<String>,
    pub reason: Option<String>,
    /// Replace an existing OUT.
    pub force: bool,
    pub time_limit: Duration,
    pub poll_interval: Duration,
}

impl PdfSignRequest {
    pub fn new(
        input: impl Into<PathBuf>,
        output: impl Into<PathBuf>,
        cert_alias: impl Into<String>,
    ) -> Self {
        Self {
            input: input.into(),
            output: output.into(),
            cert_alias: cert_alias.into(),
            cert_password: None,
            visible: false,
            application_no: None,
            reason: None,
            force: false,
            time_limit: super::sign_job::DEFAULT_TIME_LIMIT,
            poll_interval: DEFAULT_POLL_INTERVAL,
        }
    }
}

/// Where a PDF signing stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfSignProgress {
    /// The PDF was read and checked.
    Read { pages: usize, bytes: u64 },
    /// The CSP part: certificate, request, PENDING, verification.
    Signing(SignProgress),
    /// Writing OUT.
    Writing { path: String },
}

/// A signed PDF written.
#[derive(Debug, Clone, Serialize)]
pub struct PdfSignReport {
    pub profile: String,
    pub input: String,
    pub output: String,
    pub cert_alias: String,
    pub certificate: CertificateView,
    /// The signer's name as the certificate gives it (CN).
    pub signer: String,
    /// ISO 8601, IST: the signed attributes' signing-time and the dictionary's /M.
    pub signed_at: String,
    pub request_id: Option<String>,
    pub waited_ms: u64,
    pub polls: u32,
    pub field_name: String,
    /// 1-based.
    pub page: usize,
    pub visible: bool,
    pub application_no: Option<String>,
    pub reason: Option<String>,
    /// `ETSI.CAdES.detached`.
    pub sub_filter: String,
    /// `[0, a, b, c]`: everything but the signature itself.
    pub byte_range: [u64; 4],
    pub input_bytes: u64,
    pub output_bytes: u64,
    /// SHA-256 of the ByteRange (the CMS message-digest), lowercase hex.
    pub document_sha256: String,
    /// SHA-256 of the DER signed attributes: what the CSP signed.
    pub signed_attributes_sha256: String,
    pub output_sha256: String,
    pub cms_bytes: usize,
    /// The row in the journal's signing requests (an identifier: a string).
    pub journal_id: String,
}

impl CspSigning<'_> {
    /// Signs the PDF `request.input` into `request.output` (PAdES B-B).
    pub async fn sign_pdf(
        &self,
        request: &PdfSignRequest,
        progress: &mut (dyn FnMut(&PdfSignProgress) + Send),
    ) -> Result<PdfSignReport> {
        if request.time_limit.is_zero() {
            return Err(Error::input(
                "time limit (--timeout)",
                "it must be at least one second",
            ));
        }
        let paths = Paths::check(&request.input, &request.output, request.force)?;
        let original = read_pdf(&request.input)?;
        let input_bytes = original.len() as u64;
        progress(&PdfSignProgress::Read {
            pages: original.pages,
            bytes: input_bytes,
        });

        // The certificate is checked before anything is sent for signing.
        progress(&PdfSignProgress::Signing(SignProgress::Preparing {
            cert_alias: request.cert_alias.trim().to_owned(),
        }));
        let certificate = self.signing_certificate(&request.cert_alias).await?;
        let signer = check_can_sign(&certificate)?;

        let signing_time = Utc::now();
        let signed_at = ist(signing_time);
        let stamp = request.visible.then(|| {
            let mut lines = vec![
                format!("Digitally signed by {signer}"),
                format!(
                    "Date: {} IST",
                    signing_time
                        .with_timezone(&kendra_wire::ist_time::ist())
                        .format("%Y-%m-%d %H:%M:%S")
                ),
            ];
            if let Some(no) = &request.application_no {
                lines.push(format!("Application no.: {no}"));
            }
            if let Some(reason) = &request.reason {
                lines.push(format!("Reason: {reason}"));
            }
            lines
        });
        let plan = FieldPlan {
            signer: signer.clone(),
            reason: request.reason.clone(),
            signing_time,
            stamp,
        };
        let prepared = pdf_update::prepare(&original, &plan)
            .map_err(|problem| pdf_input_error(&request.input, &problem))?;
        let document_digest = prepared.byte_range_digest();
        let attributes = cms_container::signed_attributes(
            &document_digest,
            signing_time,
            &certificate.certificate_der,
            &certificate.chain_der,
        )
        .map_err(|problem| Error::input(alias_field(&certificate), problem))?;

        let name = file_name(&request.input);
        let mut job = SignJob::new(
            certificate.alias(),
            vec![DocumentDigest {
                name: format!("{name} (PDF signature)"),
                digest: attributes.digest,
                file_bytes: Some(input_bytes),
            }],
        );
        job.cert_password = request.cert_password.clone();
        job.time_limit = request.time_limit;
        job.poll_interval = request.poll_interval;
        job.description = Some(match &request.application_no {
            Some(no) => format!("Sign PDF {name} (application {no})"),
            None => format!("Sign PDF {name}"),
        });
        let report = self
            .sign(&job, &mut |step| {
                progress(&PdfSignProgress::Signing(step.clone()))
            })
            .await?;
        if report.certificate_der != certificate.certificate_der {
            return Err(Error::input(
                alias_field(&certificate),
                "the signing service changed this certificate while the PDF was being signed; sign again",
            ));
        }
        let signed = report.documents.first().ok_or_else(|| {
            Error::input(
                alias_field(&certificate),
                "the signing service returned no signature",
            )
        })?;

        let cms = attributes
            .container(&signed.signature)
            .map_err(|problem| Error::input(alias_field(&certificate), problem))?;
        let cms_bytes = cms.len();
        let byte_range = prepared.byte_range;
        let field_name = prepared.field_name.clone();
        let page = prepared.page_number;
        let bytes = prepared
            .embed(&cms)
            .map_err(|problem| Error::input(alias_field(&certificate), problem))?;
        // The result must read back as a PDF before it replaces anything.
        lopdf::Document::load_mem(&bytes).map_err(|e| {
            pdf_input_error(
                &request.input,
                &pdf_update::PdfProblem::Unsupported(format!(
                    "the signed copy does not read back ({e})"
                )),
            )
        })?;
        progress(&PdfSignProgress::Writing {
            path: request.output.display().to_string(),
        });
        paths.write(&bytes, request.force)?;

        let output_sha256 = hex(&Sha256::digest(&bytes));
        let journal_id = signed.journal_id;
        let detail = serde_json::json!({
            "input": request.input.display().to_string(),
            "output": request.output.display().to_string(),
            "cert_alias": certificate.alias(),
            "request_id": report.request_id,
            "field": field_name,
            "application_no": request.application_no,
            "output_sha256": output_sha256,
        });
        self.journal.write(&self.actor, |tx| {
            tx.audit(
                "csp.sign_pdf",
                &format!("signing_request:{journal_id}"),
                Some(&detail),
            )
        })?;
        Ok(PdfSignReport {
            profile: self.profile.clone(),
            input: request.input.display().to_string(),
            output: request.output.display().to_string(),
            cert_alias: certificate.alias().to_owned(),
            certificate: certificate.view.clone(),
            signer,
            signed_at,
            request_id: report.request_id,
            waited_ms: report.waited_ms,
            polls: report.polls,
            field_name,
            page,
            visible: request.visible,
            application_no: request.application_no.clone(),
            reason: request.reason.clone(),
            sub_filter: "ETSI.CAdES.detached".to_owned(),
            byte_range,
            input_bytes,
            output_bytes: bytes.len() as u64,
            document_sha256: hex(&document_digest),
            signed_attributes_sha256: hex(&attributes.digest),
            output_sha256,
            cms_bytes,
            journal_id: journal_id.to_string(),
        })
    }
}

/// IN and OUT, checked before anything is read or sent.
struct Paths {
    output: PathBuf,
    dir: PathBuf,
}

impl Paths {
    fn check(input: &Path, output: &Path, force: bool) -> Result<Self> {
        let file_error = |path: &Path, problem: &str| Error::File {
            path: path.display().to_string(),
            problem: problem.to_owned(),
        };
        let meta = std::fs::metadata(input)
            .map_err(|e| file_error(input, &format!("the PDF to sign cannot be opened ({e})")))?;
        if meta.is_dir() {
            return Err(file_error(
                input,
                "it is a folder; give the PDF file to sign",
            ));
        }
        if meta.len() > MAX_PDF_BYTES {
            return Err(file_error(
                input,
                &format!(
                    "it is {} MiB; Kendra signs PDFs up to {} MiB",
                    meta.len() / (1024 * 1024),
                    MAX_PDF_BYTES / (1024 * 1024)
                ),
            ));
        }
        let dir = match output.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(file_error(
                output,
                "its folder does not exist; create it or choose another place for the signed PDF",
            ));
        }
        let same_file = match (std::fs::canonicalize(input), std::fs::canonicalize(output)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same_file {
            return Err(file_error(
                output,
                "it is the PDF being signed; the original is never changed, so give the signed copy another name",
            ));
        }
        if output.exists() {
            if !force {
                return Err(file_error(
                    output,
                    "it already exists; give another name, or --force to replace it",
                ));
            }
            if output.is_dir() {
                return Err(file_error(
                    output,
                    "it is a folder; give a file name for the signed PDF",
                ));
            }
        }
        Ok(Self {
            output: output.to_path_buf(),
            dir,
        })
    }

    /// Writes a temporary file beside OUT and renames it into place (never half a PDF at OUT).
    fn write(&self, bytes: &[u8], force: bool) -> Result<()> {
        let file_error = |problem: String| Error::File {
            path: self.output.display().to_string(),
            problem,
        };
        let mut temp = tempfile::Builder::new()
            .prefix(".kendra-signing-")
            .suffix(".pdf.part")
            .tempfile_in(&self.dir)
            .map_err(|e| {
                file_error(format!(
                    "the signed PDF cannot be written in its folder ({e})"
                ))
            })?;
        temp.write_all(bytes)
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| file_error(format!("the signed PDF could not be written ({e})")))?;
        if force {
            temp.persist(&self.output).map_err(|e| {
                file_error(format!(
                    "the signed PDF could not be put in place ({})",
                    e.error
                ))
            })?;
        } else {
            temp.persist_noclobber(&self.output).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    file_error("it appeared while the PDF was being signed; give another name, or --force to replace it".to_owned())
                } else {
                    file_error(format!("the signed PDF could not be put in place ({})", e.error))
                }
            })?;
        }
        Ok(())
    }
}

fn read_pdf(path: &Path) -> Result<OriginalPdf> {
    let bytes = std::fs::read(path).map_err(|e| Error::File {
        path: path.display().to_string(),
        problem: format!("the PDF to sign could not be read ({e})"),
    })?;
    OriginalPdf::read(bytes).map_err(|problem| pdf_input_error(path, &problem))
}

fn pdf_input_error(path: &Path, problem: &pdf_update::PdfProblem) -> Error {
    Error::input(format!("PDF {}", path.display()), problem.sentence())
}

fn alias_field(certificate: &SigningCertificate) -> String {
    format!("certificate \"{}\"", certificate.alias())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Refuses a certificate that may not sign documents (key usage without digitalSignature and
/// nonRepudiation) or is outside its validity; answers the signer's name.
fn check_can_sign(certificate: &SigningCertificate) -> Result<String> {
    let field = alias_field(certificate);
    let parsed = Certificate::from_der(&certificate.certificate_der)
        .map_err(|e| Error::input(field.clone(), format!("it cannot be read as X.509 ({e})")))?;
    let tbs = &parsed.tbs_certificate;
    let key_usage = tbs
        .extensions
        .iter()
        .flatten()
        .find(|ext| ext.extn_id == ID_KEY_USAGE)
        .map(|ext| KeyUsage::from_der(ext.extn_value.as_bytes()))
        .transpose()
        .map_err(|e| Error::input(field.clone(), format!("its key usage cannot be read ({e})")))?;
    if let Some(usage) = key_usage {
        if !usage.digital_signature() && !usage.non_repudiation() {
            let allowed: Vec<String> = usage.0.into_iter().map(|u| format!("{u:?}")).collect();
            return Err(Error::input(
                field,
                format!(
                    "it is not a signing certificate: its key usage ({}) has neither digitalSignature nor nonRepudiation; choose a signing certificate (`kendra csp certs`)",
                    if allowed.is_empty() { "none".to_owned() } else { allowed.join(", ") }
                ),
            ));
        }
    }
    if !certificate.view.valid_now {
        return Err(Error::input(
            field,
            format!(
                "it is not valid now (valid from {} to {}); choose a current certificate",
                certificate.view.not_before.as_deref().unwrap_or("?"),
                certificate.view.not_after.as_deref().unwrap_or("?")
            ),
        ));
    }
    Ok(common_name(&parsed).unwrap_or_else(|| {
        certificate
            .view
            .subject
            .clone()
            .unwrap_or_else(|| certificate.alias().to_owned())
    }))
}

/// The subject's CN, whatever string type it is written in.
fn common_name(certificate: &Certificate) -> Option<String> {
    certificate
        .tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == ID_COMMON_NAME)
        .and_then(|atv| {
            atv.value
                .decode_as::<Utf8StringRef<'_>>()
                .map(|s| s.as_str().to_owned())
                .or_else(|_| {
                    atv.value
                        .decode_as::<PrintableStringRef<'_>>()
                        .map(|s| s.as_str().to_owned())
                })
                .or_else(|_| {
                    atv.value
                        .decode_as::<Ia5StringRef<'_>>()
                        .map(|s| s.as_str().to_owned())
                })
                .ok()
        })
}
