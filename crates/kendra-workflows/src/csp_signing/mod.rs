//! The signing officer's workflow with the ADSS CSP: sign in (password or client credentials,
//! renewed by the client), service status, about and password policy, certificates, signing one
//! or many SHA-256 hashes or files with `PENDING` polling under a time limit and every returned
//! signature verified against the certificate before success is reported, and the user and
//! certificate administration the service offers.
//!
//! Every exchange is journaled (`Peer::Csp`), and every hash sent for signing is a row of the
//! journal's `signing_requests` whose state follows the request to its end.
//!
//! | file | holds |
//! |---|---|
//! | [`signing_certificate`] | X.509 parsing, the officer's view of a certificate, signature verification |
//! | [`sign_job`] | documents and hashes, the sign-and-poll loop, its progress and report |
//! | [`pdf_signature`] | signed PDFs (PAdES B-B) as incremental updates around a CSP signature |

pub mod pdf_signature;
pub mod sign_job;
pub mod signing_certificate;

use chrono::{DateTime, Utc};
use kendra_client::csp_client::{self, CspClient, CspLogin, UsersPage};
use kendra_client::SecretString;
use kendra_client::{Attempt, Exchange};
use kendra_journal::{Actor, Journal, Peer};
use kendra_wire::base64_text;
use kendra_wire::csp::certificate_messages::{CertificateList, UserCertificate};
use kendra_wire::csp::service_messages::{
    About, AdvanceSettings, AuthenticationProfiles, PasswordPolicy, ServiceStatus,
};
use kendra_wire::csp::user_messages::{RegisterUserRequest, UpdateUserRequest, User};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exchange_log::journal_exchanges;

pub use sign_job::{DocumentDigest, SignJob, SignProgress, SignReport, SignedDocument};
pub use signing_certificate::{CertificateView, SigningCertificate};

/// How errors and the journal name this peer.
pub const PEER: &str = kendra_wire::csp::PEER;

/// What `kendra csp login` shows: who is signed in where, never a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginReport {
    pub profile: String,
    pub base_url: String,
    /// False for plain HTTP (the sandbox): the UI says the link is unencrypted.
    pub link_encrypted: bool,
    /// `password` or `client_credentials`.
    pub login: String,
    pub user_id: Option<String>,
    /// The officer's record (password sign-in).
    pub user: Option<User>,
    /// The service's own words (`Success`, `ADSS CSP Service is running`).
    pub service_message: String,
    pub service_description: Option<String>,
    /// ISO 8601, IST.
    pub expires_at: Option<String>,
    /// A refresh token came with the session: it renews without the password.
    pub renewable: bool,
    /// The officer's certificates (password sign-in).
    pub certificates: Option<usize>,
}

/// The signing officer's (or the CSP administrator's) session with one CSP profile.
#[derive(Debug)]
pub struct CspSigning<'a> {
    journal: &'a Journal,
    actor: Actor,
    profile: String,
    client: CspClient,
}

impl<'a> CspSigning<'a> {
    pub fn new(
        journal: &'a Journal,
        actor: Actor,
        profile: impl Into<String>,
        client: CspClient,
    ) -> Self {
        Self {
            journal,
            actor,
            profile: profile.into(),
            client,
        }
    }

    pub fn client(&self) -> &CspClient {
        &self.client
    }

    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// Journals the attempt's exchanges and turns a CSP refusal into [`Error::Refused`] with
    /// the guide's code; answers the journal ids of the exchanges too.
    fn settle_with_ids<T>(&self, attempt: Attempt<T>) -> (Result<T>, Vec<i64>) {
        let ids = match journal_exchanges(
            self.journal,
            &self.actor,
            Peer::Csp,
            &self.profile,
            &attempt.exchanges,
        ) {
            Ok(ids) => ids,
            Err(e) => return (Err(e), Vec::new()),
        };
        let result = attempt
            .result
            .map_err(|error| csp_error(error, &attempt.exchanges));
        (result, ids)
    }

    fn settle<T>(&self, attempt: Attempt<T>) -> Result<T> {
        self.settle_with_ids(attempt).0
    }

    /// Checks the service, signs in and, for an officer, reads their record and certificates.
    pub async fn login(&self) -> Result<LoginReport> {
        let status = self.settle(self.client.status().await)?;
        let session = self.settle(self.client.login().await)?;
        let (user, certificates) = match &session.user_id {
            Some(user_id) if session.login == CspLogin::Password => {
                let user = self.settle(self.client.user(user_id).await)?;
                let certificates = self.settle(self.client.certificates().await)?;
                (Some(user), Some(certificates.certificates.len()))
            }
            _ => (None, None),
        };
        Ok(LoginReport {
            profile: self.profile.clone(),
            base_url: self.client.settings().base_url.clone(),
            link_encrypted: self.client.link_is_encrypted(),
            login: session.login.as_str().to_owned(),
            user_id: session.user_id,
            user,
            service_message: status.message,
            service_description: status.message_description,
            expires_at: session.expires_at.map(ist),
            renewable: session.renewable,
            certificates,
        })
    }

    /// Revokes the session's refresh token.
    pub async fn logout(&self) -> Result<()> {
        self.settle(self.client.logout().await)
    }

    pub async fn service_status(&self) -> Result<ServiceStatus> {
        self.settle(self.client.status().await)
    }

    pub async fn about(&self) -> Result<About> {
        self.settle(self.client.about().await)
    }

    pub async fn password_policy(&self, profile_id: Option<&str>) -> Result<PasswordPolicy> {
        self.settle(self.client.password_policy(profile_id).await)
    }

    pub async fn advance_settings(&self) -> Result<AdvanceSettings> {
        self.settle(self.client.advance_settings().await)
    }

    pub async fn authentication_profiles(&self) -> Result<AuthenticationProfiles> {
        self.settle(self.client.authentication_profiles().await)
    }

    /// The signed-in officer's certificates as raw entries.
    pub async fn certificate_entries(&self) -> Result<Vec<UserCertificate>> {
        Ok(self.settle(self.client.certificates().await)?.certificates)
    }

    /// The signed-in officer's certificates, each parsed for display.
    pub async fn certificates(&self) -> Result<Vec<CertificateView>> {
        Ok(self
            .certificate_entries()
            .await?
            .iter()
            .map(signing_certificate::view_of)
            .collect())
    }

    /// The officer's certificate `alias`, ready to verify signatures with.
    pub async fn signing_certificate(&self, alias: &str) -> Result<SigningCertificate> {
        let alias = alias.trim();
        if alias.is_empty() {
            return Err(Error::input(
                "certificate (--cert)",
                "give the alias of the certificate to sign with (`kendra csp certs` lists them)",
            ));
        }
        let entries = self.certificate_entries().await?;
        let entry = entries
            .iter()
            .find(|entry| entry.cert_alias == alias)
            .ok_or_else(|| {
                let known: Vec<&str> = entries.iter().map(|e| e.cert_alias.as_str()).collect();
                Error::input(
                    format!("certificate \"{alias}\""),
                    if known.is_empty() {
                        "this officer has no certificates on the signing service".to_owned()
                    } else {
                        format!(
                            "this officer has no such certificate; theirs: {}",
                            known.join(", ")
                        )
                    },
                )
            })?;
        SigningCertificate::from_entry(entry)
    }

    // --- administration (business application calls: either grant) ---

    pub async fn users(&self, start: u64, size: u64) -> Result<UsersPage> {
        self.settle(self.client.users(start, size).await)
    }

    pub async fn user(&self, user_id: &str) -> Result<User> {
        self.settle(self.client.user(user_id).await)
    }

    pub async fn user_count(&self) -> Result<Option<u64>> {
        Ok(self.settle(self.client.user_count().await)?.user_count)
    }

    pub async fn register_user(&self, request: &RegisterUserRequest) -> Result<()> {
        self.settle(self.client.register_user(request).await)
    }

    pub async fn update_user(&self, user_id: &str, change: &UpdateUserRequest) -> Result<()> {
        if change.user_name.is_none() && change.status.is_none() {
            return Err(Error::input(
                "the change to the user",
                "give a new name or a new status (ACTIVE, INACTIVE, BLOCKED)",
            ));
        }
        self.settle(self.client.update_user(user_id, change).await)
    }

    pub async fn delete_user(&self, user_id: &str) -> Result<()> {
        self.settle(self.client.delete_user(user_id).await)
    }

    /// Starts a password reset: the service e-mails the user an OTP.
    pub async fn reset_password(&self, user_id: &str) -> Result<()> {
        self.settle(self.client.reset_password(user_id).await)
    }

    pub async fn confirm_reset_password(
        &self,
        user_id: &str,
        new_password: &SecretString,
        otp: &SecretString,
    ) -> Result<()> {
        self.settle(
            self.client
                .confirm_reset_password(user_id, new_password, otp)
                .await,
        )
    }

    pub async fn change_password(&self, old: &SecretString, new: &SecretString) -> Result<()> {
        self.settle(self.client.change_password(old, new).await)
    }

    /// Any user's certificates, parsed for display.
    pub async fn user_certificates(&self, user_id: &str) -> Result<Vec<CertificateView>> {
        Ok(self
            .settle(self.client.user_certificates(user_id).await)?
            .certificates
            .iter()
            .map(signing_certificate::view_of)
            .collect())
    }

    /// Adds one certificate (DER, checked to be X.509 first) to a user.
    pub async fn add_user_certificate(
        &self,
        user_id: &str,
        certificate: NewCertificate,
    ) -> Result<()> {
        let entry = certificate.entry()?;
        let list = CertificateList {
            certificates: vec![entry],
        };
        self.settle(self.client.add_user_certificates(user_id, &list).await)
    }

    /// Replaces a user's entry with the same alias.
    pub async fn update_user_certificate(
        &self,
        user_id: &str,
        certificate: NewCertificate,
    ) -> Result<()> {
        let entry = certificate.entry()?;
        self.settle(self.client.update_user_certificate(user_id, &entry).await)
    }

    pub async fn delete_user_certificate(&self, user_id: &str, cert_alias: &str) -> Result<()> {
        self.settle(
            self.client
                .delete_user_certificate(user_id, cert_alias)
                .await,
        )
    }
}

/// A certificate to add to a user.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub cert_alias: String,
    pub sam_user_id: Option<String>,
    pub auth_pass: bool,
    /// DER or PEM, checked to be X.509 before it is sent.
    pub certificate_der: Vec<u8>,
    /// DER certificates of the chain, one after another.
    pub chain_der: Option<Vec<u8>>,
}

impl NewCertificate {
    fn entry(&self) -> Result<UserCertificate> {
        let alias = self.cert_alias.trim();
        if alias.is_empty() {
            return Err(Error::input(
                "certificate alias (--alias)",
                "it is empty: give the name the certificate will be known by",
            ));
        }
        let der = signing_certificate::certificate_der_from_file_bytes(
            "certificate",
            &self.certificate_der,
        )?;
        Ok(UserCertificate {
            cert_alias: alias.to_owned(),
            sam_user_id: self.sam_user_id.clone(),
            auth_pass: self.auth_pass,
            certificate: base64_text::encode(&der),
            certificate_chain: self.chain_der.as_deref().map(base64_text::encode),
        })
    }
}

/// A client error, or the CSP's coded refusal behind it as [`Error::Refused`].
fn csp_error(error: kendra_client::Error, exchanges: &[Exchange]) -> Error {
    if matches!(error, kendra_client::Error::PeerFailed { .. }) {
        if let Some(refusal) = csp_client::refusal_of(exchanges) {
            return Error::Refused {
                peer: PEER,
                message: refusal.message,
                code: Some(refusal.code),
                detail: Some(refusal.detail),
            };
        }
    }
    Error::Client(error)
}

/// ISO 8601 with the IST offset, to the second.
pub fn ist(at: DateTime<Utc>) -> String {
    kendra_wire::ist_time::iso(at)
}
