//! A CSP certificate made usable: parsed X.509, its RSA public key, and the check that a
//! returned PKCS#1 v1.5 signature was made with that key over exactly the hash that was sent.
//! Reused by PAdES later: it holds the certificate and chain a signature container embeds.

use std::time::Duration;

use chrono::{DateTime, Utc};
use kendra_wire::base64_text;
use kendra_wire::csp::certificate_messages::UserCertificate;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use x509_cert::der::{Decode, DecodePem, Encode, Reader, SliceReader};
use x509_cert::Certificate;

use super::ist;
use crate::error::{Error, Result};

/// What the officer sees of a certificate (`kendra csp certs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub cert_alias: String,
    pub sam_user_id: Option<String>,
    /// Signing with it asks for the certificate's password.
    pub auth_pass: bool,
    /// RFC 4514, as the certificate writes it (`CN=…,OU=…,O=…`).
    pub subject: Option<String>,
    pub issuer: Option<String>,
    /// Lowercase hex.
    pub serial: Option<String>,
    /// ISO 8601, IST.
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    pub valid_now: bool,
    /// `RSA-2048`, or what else the key is.
    pub key: Option<String>,
    /// SHA-256 of the DER certificate, lowercase hex.
    pub sha256_fingerprint: String,
    /// Certificates in `certificate_chain`.
    pub chain_length: usize,
    /// Why the certificate cannot be used for signing, when it cannot.
    pub problem: Option<String>,
}

/// A certificate ready to check signatures with.
#[derive(Debug, Clone)]
pub struct SigningCertificate {
    pub view: CertificateView,
    pub certificate_der: Vec<u8>,
    /// The issuing chain as separate DER certificates (empty when the CSP sent none).
    pub chain_der: Vec<Vec<u8>>,
    public_key: RsaPublicKey,
}

impl SigningCertificate {
    /// Parses a CSP certificate entry; an entry that cannot sign (not X.509, not RSA) is an
    /// error naming the alias.
    pub fn from_entry(entry: &UserCertificate) -> Result<Self> {
        let (view, parsed) = inspect(entry, Utc::now());
        let field = || format!("certificate \"{}\"", entry.cert_alias);
        let (certificate_der, chain_der, public_key) = parsed.map_err(|problem| Error::Input {
            field: field(),
            problem,
        })?;
        Ok(Self {
            view,
            certificate_der,
            chain_der,
            public_key,
        })
    }

    pub fn alias(&self) -> &str {
        &self.view.cert_alias
    }

    /// Checks a PKCS#1 v1.5 signature over a SHA-256 digest (DigestInfo included), as the CSP
    /// makes them and `openssl pkeyutl -verify -pkeyopt digest:sha256` checks them.
    pub fn verify_sha256(
        &self,
        digest: &[u8],
        signature: &[u8],
    ) -> std::result::Result<(), String> {
        if digest.len() != 32 {
            return Err(format!(
                "a SHA-256 hash is 32 bytes, this one is {}",
                digest.len()
            ));
        }
        let expected = self.public_key.size();
        if signature.len() != expected {
            return Err(format!(
                "the signature is {} bytes, but certificate \"{}\"'s key makes {expected}-byte signatures",
                signature.len(),
                self.alias()
            ));
        }
        self.public_key
            .verify(Pkcs1v15Sign::new::<Sha256>(), digest, signature)
            .map_err(|e| {
                format!(
                    "it does not verify with certificate \"{}\"'s public key ({e}): it was made with another key or over another hash",
                    self.alias()
                )
            })
    }
}

/// The officer's view of any entry, whether or not it can sign.
pub fn view_of(entry: &UserCertificate) -> CertificateView {
    inspect(entry, Utc::now()).0
}

type Parsed = (Vec<u8>, Vec<Vec<u8>>, RsaPublicKey);

fn inspect(
    entry: &UserCertificate,
    now: DateTime<Utc>,
) -> (CertificateView, std::result::Result<Parsed, String>) {
    let mut view = CertificateView {
        cert_alias: entry.cert_alias.clone(),
        sam_user_id: entry.sam_user_id.clone(),
        auth_pass: entry.auth_pass,
        subject: None,
        issuer: None,
        serial: None,
        not_before: None,
        not_after: None,
        valid_now: false,
        key: None,
        sha256_fingerprint: String::new(),
        chain_length: 0,
        problem: None,
    };
    let der = match base64_text::decode("the certificate (base64 DER)", &entry.certificate) {
        Ok(der) => der,
        Err(e) => {
            let problem = format!("the CSP sent a certificate that is not base64: {e}");
            view.problem = Some(problem.clone());
            return (view, Err(problem));
        }
    };
    view.sha256_fingerprint = hex(&Sha256::digest(&der));
    let chain = match entry.certificate_chain.as_deref().map(str::trim) {
        None | Some("") => Ok(Vec::new()),
        Some(text) => base64_text::decode("the certificate chain", text)
            .map_err(|e| e.to_string())
            .and_then(|bytes| split_certificates(&bytes)),
    };
    let certificate = match Certificate::from_der(&der) {
        Ok(certificate) => certificate,
        Err(e) => {
            let problem = format!("the CSP sent something that is not an X.509 certificate ({e})");
            view.problem = Some(problem.clone());
            return (view, Err(problem));
        }
    };
    let tbs = &certificate.tbs_certificate;
    view.subject = Some(tbs.subject.to_string());
    view.issuer = Some(tbs.issuer.to_string());
    view.serial = Some(hex(tbs.serial_number.as_bytes()));
    let not_before = unix(tbs.validity.not_before.to_unix_duration());
    let not_after = unix(tbs.validity.not_after.to_unix_duration());
    view.not_before = not_before.map(ist);
    view.not_after = not_after.map(ist);
    view.valid_now =
        matches!((not_before, not_after), (Some(from), Some(to)) if from <= now && now <= to);
    let key = tbs
        .subject_public_key_info
        .to_der()
        .map_err(|e| e.to_string())
        .and_then(|spki| RsaPublicKey::from_public_key_der(&spki).map_err(|e| e.to_string()));
    let key = match key {
        Ok(key) => {
            view.key = Some(format!("RSA-{}", key.size() * 8));
            key
        }
        Err(e) => {
            let algorithm = tbs.subject_public_key_info.algorithm.oid.to_string();
            view.key = Some(algorithm.clone());
            let problem = format!(
                "its key (algorithm {algorithm}) is not an RSA key Kendra can check signatures with ({e})"
            );
            view.problem = Some(problem.clone());
            return (view, Err(problem));
        }
    };
    let chain = match chain {
        Ok(chain) => chain,
        Err(e) => {
            let problem = format!("its certificate_chain cannot be read: {e}");
            view.problem = Some(problem.clone());
            return (view, Err(problem));
        }
    };
    view.chain_length = chain.len();
    (view, Ok((der, chain, key)))
}

/// One or more DER certificates one after another.
fn split_certificates(bytes: &[u8]) -> std::result::Result<Vec<Vec<u8>>, String> {
    let mut reader = SliceReader::new(bytes).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        let certificate = Certificate::decode(&mut reader)
            .map_err(|e| format!("certificate {} of the chain: {e}", out.len() + 1))?;
        out.push(certificate.to_der().map_err(|e| e.to_string())?);
    }
    Ok(out)
}

/// A certificate file as PEM (`-----BEGIN CERTIFICATE-----`) or DER, checked to be X.509.
pub fn certificate_der_from_file_bytes(field: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    let certificate = if bytes.starts_with(b"-----BEGIN")
        || bytes.trim_ascii_start().starts_with(b"-----BEGIN")
    {
        Certificate::from_pem(bytes.trim_ascii()).map_err(|e| Error::Input {
            field: field.to_owned(),
            problem: format!("it looks like PEM but is not a certificate ({e})"),
        })?
    } else {
        Certificate::from_der(bytes).map_err(|e| Error::Input {
            field: field.to_owned(),
            problem: format!("it is neither a PEM nor a DER X.509 certificate ({e})"),
        })?
    };
    certificate.to_der().map_err(|e| Error::Input {
        field: field.to_owned(),
        problem: e.to_string(),
    })
}

fn unix(since_epoch: Duration) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(i64::try_from(since_epoch.as_secs()).ok()?, 0)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
