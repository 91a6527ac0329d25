//! Certificate services (guide §6): a user's signing certificates, as listed, added and updated.
//! `auth_pass` is printed as `"TRUE"`/`"FALSE"` and written back that way.

use serde::{Deserialize, Serialize};

use super::json_answer::{bool_as_upper_text, bool_lenient};
use super::user_messages::path_segment;
use crate::{base64_text, Result};

/// List User Certificates (the signed-in user's own).
pub const LIST_CERTIFICATES_PATH: &str = "/adss/service/csp/v2/users/certs";
pub const UPDATE_CERTIFICATES_PATH: &str = "/adss/service/csp/v2/users/certs/update";

/// `/v2/users/certs/{user_id}` (add, update one, get).
pub fn user_certificates_path(user_id: &str) -> String {
    format!("{LIST_CERTIFICATES_PATH}/{}", path_segment(user_id.trim()))
}

/// `/v2/users/certs/{user_id}/{cert_alias}` (delete).
pub fn user_certificate_path(user_id: &str, cert_alias: &str) -> String {
    format!(
        "{}/{}",
        user_certificates_path(user_id),
        path_segment(cert_alias.trim())
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserCertificate {
    pub cert_alias: String,
    /// SAM user for authorised remote signing, when the certificate needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sam_user_id: Option<String>,
    /// Whether signing with it asks for the certificate's password.
    #[serde(
        deserialize_with = "bool_lenient",
        serialize_with = "bool_as_upper_text"
    )]
    pub auth_pass: bool,
    /// The certificate, base64 DER.
    pub certificate: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_chain: Option<String>,
}

impl UserCertificate {
    /// The certificate's DER bytes (errors point at a bad base64 character).
    pub fn certificate_der(&self) -> Result<Vec<u8>> {
        base64_text::decode(
            &format!("certificate \"{}\"", self.cert_alias),
            &self.certificate,
        )
    }
}

/// List/Get User Certificates' answer and Add User Certificates' body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateList {
    #[serde(default)]
    pub certificates: Vec<UserCertificate>,
}

/// Update User Certificates' body (replaces the user's set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateUserCertificatesRequest {
    pub user_id: String,
    pub certificates: Vec<UserCertificate>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    // The guide's examples miss the comma before "certificate_chain"; added here.
    const LIST_EXAMPLE: &str = r#"{ "certificates": [
        { "cert_alias": "o5eaqqdiai4j4chlpqt", "sam_user_id": "john.doe@ascertia.com",
          "auth_pass": "TRUE", "certificate": "MIAGCSqGSI[...]AAAAA=",
          "certificate_chain": "MIAGsdGSI[...]AA=" },
        { "cert_alias": "o5eaqadhlpqt", "sam_user_id": "john.doe@ascertia.com",
          "auth_pass": "FALSE", "certificate": "MIAGCSqGSI[...]AAA=",
          "certificate_chain": "MIAGsdGSI[...]AA=" } ] }"#;

    #[test]
    fn list_example() {
        let list: CertificateList = serde_json::from_str(LIST_EXAMPLE).unwrap();
        assert_eq!(list.certificates.len(), 2);
        assert!(list.certificates[0].auth_pass);
        assert!(!list.certificates[1].auth_pass);
        assert_eq!(list.certificates[1].cert_alias, "o5eaqadhlpqt");
        // The printed certificates are elided ("[...]"), so decoding names the bad character.
        assert!(list.certificates[0].certificate_der().is_err());
    }

    #[test]
    fn add_example_round_trips_with_upper_case_flags() {
        let body = json!({ "certificates": [
            { "cert_alias": "o5eaqqdi9htel7vj6s63ai4j4chlpqt", "sam_user_id": "john.doe@ascertia.com",
              "auth_pass": "TRUE", "certificate": "MIAGCSqGSI[...]AAAAAAAAA=",
              "certificate_chain": "MIAGCSqGSI[...]AAAAAAAAA=" },
            { "cert_alias": "o5eaqqdi9hsdf63ai4j4chlpqt", "sam_user_id": "john.doe@ascertia.com",
              "auth_pass": "FALSE", "certificate": "MIAGCSqGSI[...]AAAAAAAAA=" } ] });
        let list: CertificateList = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&list).unwrap(), body);
    }

    #[test]
    fn update_request_and_missing_auth_pass() {
        let request = UpdateUserCertificatesRequest {
            user_id: "johnDoe12".into(),
            certificates: vec![UserCertificate {
                cert_alias: "a".into(),
                sam_user_id: None,
                auth_pass: true,
                certificate: "MAA=".into(),
                certificate_chain: None,
            }],
        };
        let value: Value = serde_json::to_value(&request).unwrap();
        assert_eq!(
            value,
            json!({"user_id":"johnDoe12","certificates":[{"cert_alias":"a","auth_pass":"TRUE","certificate":"MAA="}]})
        );
        assert_eq!(
            request.certificates[0].certificate_der().unwrap(),
            [0x30, 0x00]
        );
        let missing =
            serde_json::from_str::<UserCertificate>(r#"{"cert_alias":"a","certificate":"MAA="}"#);
        assert!(missing.is_err());
        let boolean: UserCertificate =
            serde_json::from_str(r#"{"cert_alias":"a","certificate":"MAA=","auth_pass":true}"#)
                .unwrap();
        assert!(boolean.auth_pass);
    }

    #[test]
    fn paths() {
        assert_eq!(
            user_certificate_path("johnDoe12", "o5ea qq"),
            "/adss/service/csp/v2/users/certs/johnDoe12/o5ea%20qq"
        );
    }
}
