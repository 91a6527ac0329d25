//! The CMS SignedData of a PAdES B-B signature (RFC 5652, ETSI EN 319 142-1): detached (no
//! encapsulated content), one SignerInfo identified by issuer and serial, signed attributes
//! content-type, message-digest, signing-time and signing-certificate-v2 (RFC 5035), and the
//! signer's certificate with its chain. Every structure is the `cms`/`x509-cert` type, encoded by
//! `der`; only ESS's SigningCertificateV2, which those crates lack, is declared here.

use chrono::{DateTime, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use der::asn1::{Any, ObjectIdentifier, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::time::Time;
use x509_cert::Certificate;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// rsaEncryption: what a PKCS#1 v1.5 signature is declared as in CMS (RFC 3370 §3.2).
const ID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// `IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }`:
/// SHA-256 is the default, so the algorithm is left out of the encoding as DER requires.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: Option<IssuerSerial>,
}

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// The signed attributes, made once: their DER is what the CSP signs (as a SHA-256 hash) and
/// exactly what goes into the SignerInfo.
#[derive(Debug, Clone)]
pub struct SignedAttributesPlan {
    attributes: SignedAttributes,
    certificate: Certificate,
    chain: Vec<Certificate>,
    /// SHA-256 of the DER `SET OF Attribute`: the hash sent to the CSP.
    pub digest: [u8; 32],
}

/// Why a container could not be built (always a Kendra-side fault, named by the caller).
pub type CmsResult<T> = std::result::Result<T, String>;

/// Builds the signed attributes over `document_digest` (the SHA-256 of the ByteRange).
pub fn signed_attributes(
    document_digest: &[u8; 32],
    signing_time: DateTime<Utc>,
    certificate_der: &[u8],
    chain_der: &[Vec<u8>],
) -> CmsResult<SignedAttributesPlan> {
    let certificate = Certificate::from_der(certificate_der)
        .map_err(|e| format!("the signing certificate cannot be read: {e}"))?;
    // The CSP's chain may repeat the signer's certificate: carry each certificate once.
    let chain = chain_der
        .iter()
        .filter(|der| der.as_slice() != certificate_der)
        .map(|der| Certificate::from_der(der))
        .collect::<der::Result<Vec<_>>>()
        .map_err(|e| format!("the certificate chain cannot be read: {e}"))?;

    let time = Time::try_from(std::time::SystemTime::from(signing_time))
        .map_err(|e| format!("the signing time cannot be encoded: {e}"))?;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(certificate_der).to_vec())
                .map_err(der_text)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    certificate.tbs_certificate.issuer.clone(),
                )],
                serial_number: certificate.tbs_certificate.serial_number.clone(),
            }),
        }],
    };
    let attributes = SetOfVec::try_from(vec![
        attribute(ID_CONTENT_TYPE, &ID_DATA)?,
        attribute(
            ID_MESSAGE_DIGEST,
            &OctetString::new(document_digest.to_vec()).map_err(der_text)?,
        )?,
        attribute(ID_SIGNING_TIME, &time)?,
        attribute(ID_SIGNING_CERTIFICATE_V2, &ess)?,
    ])
    .map_err(der_text)?;
    let der = attributes.to_der().map_err(der_text)?;
    Ok(SignedAttributesPlan {
        attributes,
        certificate,
        chain,
        digest: Sha256::digest(&der).into(),
    })
}

impl SignedAttributesPlan {
    /// The DER ContentInfo(SignedData) carrying `signature` (PKCS#1 v1.5 over [`Self::digest`]).
    pub fn container(&self, signature: &[u8]) -> CmsResult<Vec<u8>> {
        let sha256 = AlgorithmIdentifierOwned {
            oid: ID_SHA256,
            parameters: None,
        };
        let signer = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: self.certificate.tbs_certificate.issuer.clone(),
                serial_number: self.certificate.tbs_certificate.serial_number.clone(),
            }),
            digest_alg: sha256.clone(),
            signed_attrs: Some(self.attributes.clone()),
            signature_algorithm: AlgorithmIdentifierOwned {
                oid: ID_RSA_ENCRYPTION,
                parameters: Some(Any::null()),
            },
            signature: OctetString::new(signature.to_vec()).map_err(der_text)?,
            unsigned_attrs: None,
        };
        let certificates = std::iter::once(&self.certificate)
            .chain(&self.chain)
            .map(|c| CertificateChoices::Certificate(c.clone()))
            .collect::<Vec<_>>();
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(der_text)?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: ID_DATA,
                econtent: None,
            },
            certificates: Some(CertificateSet(
                SetOfVec::try_from(certificates).map_err(der_text)?,
            )),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).map_err(der_text)?),
        };
        ContentInfo {
            content_type: ID_SIGNED_DATA,
            content: Any::encode_from(&signed_data).map_err(der_text)?,
        }
        .to_der()
        .map_err(der_text)
    }
}

fn attribute(oid: ObjectIdentifier, value: &impl Encode) -> CmsResult<Attribute> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![
            Any::from_der(&value.to_der().map_err(der_text)?).map_err(der_text)?
        ])
        .map_err(der_text)?,
    })
}

fn der_text(e: der::Error) -> String {
    format!("DER encoding failed: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_certificate_v2_leaves_out_the_default_sha256() {
        let ess = EssCertIdV2 {
            cert_hash: OctetString::new(vec![7u8; 32]).unwrap(),
            issuer_serial: None,
        };
        // SEQUENCE { OCTET STRING (32) } and nothing else.
        let der = ess.to_der().unwrap();
        assert_eq!(&der[..4], &[0x30, 34, 0x04, 32]);
        assert_eq!(der.len(), 36);
    }
}
