//! Signing services (guide §7): the CSP signs hashes, never documents, and answers PKCS#1
//! signatures, possibly after `PENDING` while the officer approves on a phone.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::json_answer::{opt_text_lenient, secret_json_body};
use crate::{base64_text, Error, Result};

pub const SIGN_REQUEST_PATH: &str = "/adss/service/csp/v2/sign/request";
pub const SIGN_STATUS_PATH: &str = "/adss/service/csp/v2/sign/status";
/// OID of SHA-256, the guide's `hash_algo` example.
pub const SHA256_OID: &str = "2.16.840.1.101.3.4.2.1";

/// One hash to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocToSign {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_alias: Option<String>,
    pub hash_algo: String,
    pub hash_to_sign_base64: String,
}

impl DocToSign {
    /// A SHA-256 digest of a document; `digest` must be 32 bytes.
    pub fn sha256(doc_alias: Option<String>, digest: &[u8]) -> Result<Self> {
        if digest.len() != 32 {
            return Err(Error::WrongLength {
                input: "the SHA-256 hash of the document".to_owned(),
                expected: 32,
                actual: digest.len(),
            });
        }
        Ok(Self {
            doc_alias,
            hash_algo: SHA256_OID.to_owned(),
            hash_to_sign_base64: base64_text::encode(digest),
        })
    }

    /// Checks the hash is base64 and, for SHA-256, 32 bytes (catches 60048/60049/60055 early).
    fn check(&self, position: usize) -> Result<()> {
        let name = format!(
            "document {position}{}",
            self.doc_alias
                .as_deref()
                .map(|alias| format!(" ({alias})"))
                .unwrap_or_default()
        );
        if self.hash_algo.trim().is_empty() {
            return Err(Error::EmptyInput {
                input: format!("the hash algorithm (hash_algo) of {name}"),
            });
        }
        let hash = base64_text::decode(
            &format!("the hash (hash_to_sign_base64) of {name}"),
            &self.hash_to_sign_base64,
        )?;
        if self.hash_algo.trim() == SHA256_OID && hash.len() != 32 {
            return Err(Error::WrongLength {
                input: format!("the SHA-256 hash of {name}"),
                expected: 32,
                actual: hash.len(),
            });
        }
        Ok(())
    }
}

/// Sign Request's body. May hold the certificate's password, so it has no `Serialize`: use
/// [`Self::to_body`].
#[derive(Debug, Clone)]
pub struct SignRequest {
    pub profile_id: Option<String>,
    pub sam_user_id: Option<String>,
    pub cert_alias: String,
    pub cert_password: Option<SecretString>,
    /// Shown on the officer's phone; the guide suggests base64 for non-Latin text.
    pub request_description: Option<String>,
    pub docs_to_sign_info: Vec<DocToSign>,
}

#[derive(Serialize)]
struct SignRequestWire<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    profile_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sam_user_id: Option<&'a str>,
    cert_alias: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cert_password: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_description: Option<&'a str>,
    docs_to_sign_info: &'a [DocToSign],
}

impl SignRequest {
    /// Validates (certificate chosen, at least one hash, each hash well-formed) and encodes.
    pub fn to_body(&self) -> Result<SecretString> {
        let cert_alias = self.cert_alias.trim();
        if cert_alias.is_empty() {
            return Err(Error::EmptyInput {
                input: "the certificate to sign with (cert_alias)".to_owned(),
            });
        }
        if self.docs_to_sign_info.is_empty() {
            return Err(Error::EmptyInput {
                input: "the list of documents to sign (docs_to_sign_info)".to_owned(),
            });
        }
        for (index, doc) in self.docs_to_sign_info.iter().enumerate() {
            doc.check(index + 1)?;
        }
        let wire = SignRequestWire {
            profile_id: self.profile_id.as_deref(),
            sam_user_id: self.sam_user_id.as_deref(),
            cert_alias,
            cert_password: self.cert_password.as_ref().map(|p| p.expose_secret()),
            request_description: self.request_description.as_deref(),
            docs_to_sign_info: &self.docs_to_sign_info,
        };
        secret_json_body("the signing request", &wire)
    }
}

/// Sign Status's body. The table says `requestId`, the example `request_id`: the example's name
/// is sent, both are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignStatusRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<String>,
    #[serde(alias = "requestId")]
    pub request_id: String,
}

/// `PENDING`, `TIMEOUT`, `DECLINED`, `FAILED`, `SUCCESS`; anything else kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SignStatus {
    Pending,
    Timeout,
    Declined,
    Failed,
    Success,
    #[serde(untagged)]
    Other(String),
}

impl SignStatus {
    /// Still waiting for the officer's approval: poll `/v2/sign/status` again.
    pub fn is_pending(&self) -> bool {
        matches!(self, SignStatus::Pending)
    }

    /// No further polling will change the answer.
    pub fn is_final(&self) -> bool {
        !self.is_pending()
    }

    /// What the officer reads while waiting or after the end.
    pub fn plain_message(&self) -> String {
        match self {
            SignStatus::Pending => "Waiting for you to approve the signing on your registered device.".to_owned(),
            SignStatus::Timeout => "The signing was not approved in time. Start it again and approve it promptly.".to_owned(),
            SignStatus::Declined => "The signing was declined on the approving device. Nothing was signed.".to_owned(),
            SignStatus::Failed => "The signing service could not sign. Try again; if it repeats, tell the signing-service administrator.".to_owned(),
            SignStatus::Success => "Signed.".to_owned(),
            SignStatus::Other(status) => format!("The signing service reported the unknown status \"{status}\". Check with the signing-service administrator before relying on the result."),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub signature_base64: String,
}

/// Sign Request's and Sign Status's answer (the latter has no `request_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignResponse {
    #[serde(
        default,
        deserialize_with = "opt_text_lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    pub status: SignStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<Signature>,
}

impl SignResponse {
    /// The PKCS#1 signatures' bytes, in request order; an error unless the status is SUCCESS.
    pub fn signature_bytes(&self) -> Result<Vec<Vec<u8>>> {
        if self.status != SignStatus::Success {
            return Err(Error::InvalidField {
                input: "the signing answer".to_owned(),
                field: "status".to_owned(),
                problem: format!("is {:?}, so there are no signatures yet", self.status),
            });
        }
        if self.signatures.is_empty() {
            return Err(Error::MissingField {
                input: "the signing answer".to_owned(),
                field: "signatures".to_owned(),
            });
        }
        self.signatures
            .iter()
            .enumerate()
            .map(|(index, signature)| {
                base64_text::decode(
                    &format!("signature {} (signature_base64)", index + 1),
                    &signature.signature_base64,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csp::json_answer::read_json_answer;
    use serde_json::{json, Value};

    fn example_request(hash: &str) -> SignRequest {
        let doc = DocToSign {
            doc_alias: Some("DWORD.EXE".into()),
            hash_algo: SHA256_OID.into(),
            hash_to_sign_base64: hash.into(),
        };
        SignRequest {
            profile_id: Some("CSP Service Profile".into()),
            sam_user_id: Some("john.doe@ascertia.com".into()),
            cert_alias: "o5eaqqdi9htel7vj6s63ai4j4chlpqt".into(),
            cert_password: Some(SecretString::from("password")),
            request_description: Some("Display Text".into()),
            docs_to_sign_info: vec![doc.clone(), doc],
        }
    }

    #[test]
    fn sign_request_has_the_examples_shape() {
        let hash = base64_text::encode(&[7u8; 32]);
        let body = example_request(&hash).to_body().unwrap();
        let value: Value = serde_json::from_str(body.expose_secret()).unwrap();
        let doc = json!({ "doc_alias": "DWORD.EXE", "hash_algo": "2.16.840.1.101.3.4.2.1",
                          "hash_to_sign_base64": hash });
        assert_eq!(
            value,
            json!({ "profile_id": "CSP Service Profile", "sam_user_id": "john.doe@ascertia.com",
                    "cert_alias": "o5eaqqdi9htel7vj6s63ai4j4chlpqt", "cert_password": "password",
                    "request_description": "Display Text", "docs_to_sign_info": [doc.clone(), doc] })
        );
        assert!(!format!("{:?}", example_request(&hash)).contains("\"password\""));
    }

    #[test]
    fn the_guides_printed_hash_is_not_a_sha256_digest() {
        // "35456465465GCSqGSAAAAAAAAA=" is 26 characters + padding: not whole bytes.
        let err = example_request("35456465465GCSqGSAAAAAAAAA=")
            .to_body()
            .unwrap_err();
        assert!(err.to_string().contains("document 1 (DWORD.EXE)"), "{err}");
        let short = example_request(&base64_text::encode(&[1u8; 20]))
            .to_body()
            .unwrap_err();
        assert!(matches!(
            short,
            Error::WrongLength {
                expected: 32,
                actual: 20,
                ..
            }
        ));
    }

    #[test]
    fn sign_request_needs_a_certificate_and_a_hash() {
        let mut request = example_request(&base64_text::encode(&[0u8; 32]));
        request.docs_to_sign_info.clear();
        assert!(matches!(request.to_body(), Err(Error::EmptyInput { .. })));
        request.cert_alias = " ".into();
        assert!(
            matches!(request.to_body(), Err(Error::EmptyInput { input }) if input.contains("cert_alias"))
        );
        assert!(DocToSign::sha256(None, &[0u8; 31]).is_err());
        let doc = DocToSign::sha256(None, &[0u8; 32]).unwrap();
        assert_eq!(doc.hash_algo, SHA256_OID);
        assert_eq!(
            doc.hash_to_sign_base64,
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        );
    }

    #[test]
    fn sign_response_example() {
        let response: SignResponse = read_json_answer(
            "the signing answer",
            200,
            br#"{ "request_id": "1613630666", "status": "SUCCESS", "signatures": [
                  { "signature_base64": "35456465465AAAA=" }, { "signature_base64": "35456465465AAAA=" } ] }"#,
        )
        .unwrap();
        assert_eq!(response.request_id.as_deref(), Some("1613630666"));
        assert!(response.status.is_final());
        let signatures = response.signature_bytes().unwrap();
        assert_eq!(signatures.len(), 2);
        assert_eq!(signatures[0].len(), 11);
    }

    #[test]
    fn sign_status_example_and_pending() {
        let request = serde_json::to_value(SignStatusRequest {
            profile_id: Some("CSP Service Profile".into()),
            request_id: "85963A58745".into(),
        })
        .unwrap();
        assert_eq!(
            request,
            json!({ "profile_id": "CSP Service Profile", "request_id": "85963A58745" })
        );
        let table_name: SignStatusRequest =
            serde_json::from_str(r#"{"requestId":"85963A58745"}"#).unwrap();
        assert_eq!(table_name.request_id, "85963A58745");

        let done: SignResponse = serde_json::from_str(
            r#"{ "status": "SUCCESS", "signatures": [ { "signature_base64": "35456465465AAAA=" },
                 { "signature_base64": "35456465465AAAA=" } ] }"#,
        )
        .unwrap();
        assert_eq!(done.request_id, None);
        assert_eq!(done.signatures.len(), 2);

        let pending: SignResponse =
            serde_json::from_str(r#"{"request_id": 1613630666, "status": "PENDING"}"#).unwrap();
        assert!(pending.status.is_pending());
        assert_eq!(pending.request_id.as_deref(), Some("1613630666"));
        assert!(matches!(
            pending.signature_bytes(),
            Err(Error::InvalidField { .. })
        ));
        assert!(pending.status.plain_message().starts_with("Waiting"));

        let odd: SignResponse = serde_json::from_str(r#"{"status": "QUEUED"}"#).unwrap();
        assert_eq!(odd.status, SignStatus::Other("QUEUED".into()));
        assert!(odd.status.is_final());
        let empty: SignResponse = serde_json::from_str(r#"{"status": "SUCCESS"}"#).unwrap();
        assert!(matches!(
            empty.signature_bytes(),
            Err(Error::MissingField { .. })
        ));
    }

    #[test]
    fn every_status_round_trips() {
        for name in ["PENDING", "TIMEOUT", "DECLINED", "FAILED", "SUCCESS"] {
            let status: SignStatus = serde_json::from_value(json!(name)).unwrap();
            assert!(!matches!(status, SignStatus::Other(_)), "{name}");
            assert_eq!(serde_json::to_value(&status).unwrap(), json!(name));
        }
    }
}
