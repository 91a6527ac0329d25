//! The sandbox CA and every user's RSA-2048 key and X.509 certificate.
//!
//! RSA key generation is slow, so keys are made lazily (the first time a certificate or signature
//! is needed), kept for the life of the process (a reset or a second sandbox in the same process
//! reuses them) and, with a data folder, written there as PEM so a restart reuses them too. Keys
//! come from an RNG seeded with the key's name: without a data folder a restart still yields the
//! same keys and certificates, which keeps the sandbox deterministic.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use rand::rngs::StdRng;
use rand::SeedableRng;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::{Decode, Encode, EncodePem};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::inbox::lock;
use crate::{Error, Result};

const KEY_BITS: usize = 2048;
/// Fixed validity, so certificates are byte-for-byte the same on every run: 2024-04-01 to
/// 2034-03-31 (UTC).
const NOT_BEFORE_UNIX: u64 = 1_711_929_600;
const NOT_AFTER_UNIX: u64 = 2_027_462_399;

pub const CA_SUBJECT: &str =
    "CN=Kendra Sandbox CSP CA,OU=Not for production use,O=Kendra Sandbox,C=IN";

/// The sandbox CA: its key and self-signed certificate.
pub struct CertificateAuthority {
    pub key: RsaPrivateKey,
    pub certificate_der: Vec<u8>,
    pub certificate_pem: String,
}

/// The subject of a user's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserSubject {
    pub common_name: String,
    pub unit: Option<String>,
    pub organisation: String,
    pub locality: Option<String>,
    pub state: Option<String>,
}

impl UserSubject {
    fn rfc4514(&self) -> String {
        let mut parts = vec![format!("CN={}", escape(&self.common_name))];
        if let Some(unit) = &self.unit {
            parts.push(format!("OU={}", escape(unit)));
        }
        parts.push(format!("O={}", escape(&self.organisation)));
        if let Some(locality) = &self.locality {
            parts.push(format!("L={}", escape(locality)));
        }
        if let Some(state) = &self.state {
            parts.push(format!("ST={}", escape(state)));
        }
        parts.push("C=IN".to_owned());
        parts.join(",")
    }
}

#[derive(Default)]
struct Cache {
    keys: HashMap<String, Arc<RsaPrivateKey>>,
    authorities: HashMap<String, Arc<CertificateAuthority>>,
    certificates: HashMap<String, Arc<Vec<u8>>>,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

fn cache_key(data_dir: Option<&Path>, name: &str) -> String {
    format!(
        "{}|{name}",
        data_dir
            .map(|d| d.display().to_string())
            .unwrap_or_default()
    )
}

/// The sandbox CA (made on first use).
pub fn authority(data_dir: Option<&Path>) -> Result<Arc<CertificateAuthority>> {
    let id = cache_key(data_dir, "ca");
    if let Some(found) = lock(cache()).authorities.get(&id) {
        return Ok(Arc::clone(found));
    }
    let key = key_named(data_dir, "ca")?;
    let subject = name(CA_SUBJECT)?;
    let spki = public_key_info(&key)?;
    let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((*key).clone());
    let builder = CertificateBuilder::new(
        Profile::Root,
        SerialNumber::from(1u32),
        validity()?,
        subject,
        spki,
        &signer,
    )
    .map_err(keygen("the CA certificate"))?;
    let certificate = builder
        .build::<rsa::pkcs1v15::Signature>()
        .map_err(keygen("the CA certificate"))?;
    let der = certificate.to_der().map_err(keygen("the CA certificate"))?;
    let pem = certificate
        .to_pem(LineEnding::LF)
        .map_err(keygen("the CA certificate"))?;
    if let Some(dir) = data_dir {
        write_if_changed(&csp_dir(dir).join("ca.cert.pem"), &pem)?;
    }
    let authority = Arc::new(CertificateAuthority {
        key: (*key).clone(),
        certificate_der: der,
        certificate_pem: pem,
    });
    lock(cache()).authorities.insert(id, Arc::clone(&authority));
    Ok(authority)
}

/// A user's private key (made on first use, then reused).
pub fn user_key(data_dir: Option<&Path>, user_id: &str) -> Result<Arc<RsaPrivateKey>> {
    key_named(data_dir, &user_file_stem(user_id))
}

/// A user's certificate (DER), signed by the sandbox CA; key usage digitalSignature and
/// nonRepudiation.
pub fn user_certificate(
    data_dir: Option<&Path>,
    user_id: &str,
    subject: &UserSubject,
) -> Result<Arc<Vec<u8>>> {
    let subject_text = subject.rfc4514();
    let id = cache_key(data_dir, &format!("cert|{user_id}|{subject_text}"));
    if let Some(found) = lock(cache()).certificates.get(&id) {
        return Ok(Arc::clone(found));
    }
    let authority = authority(data_dir)?;
    let key = user_key(data_dir, user_id)?;
    let ca_certificate =
        Certificate::from_der(&authority.certificate_der).map_err(keygen("the CA certificate"))?;
    let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(authority.key.clone());
    let what = "a user certificate";
    let builder = CertificateBuilder::new(
        Profile::Leaf {
            issuer: ca_certificate.tbs_certificate.subject,
            enable_key_agreement: false,
            enable_key_encipherment: false,
        },
        serial_number(user_id)?,
        validity()?,
        name(&subject_text)?,
        public_key_info(&key)?,
        &signer,
    )
    .map_err(keygen(what))?;
    let certificate = builder
        .build::<rsa::pkcs1v15::Signature>()
        .map_err(keygen(what))?;
    let der = Arc::new(certificate.to_der().map_err(keygen(what))?);
    if let Some(dir) = data_dir {
        let pem = certificate.to_pem(LineEnding::LF).map_err(keygen(what))?;
        let stem = user_file_stem(user_id);
        write_if_changed(&csp_dir(dir).join(format!("{stem}.cert.pem")), &pem)?;
    }
    lock(cache()).certificates.insert(id, Arc::clone(&der));
    Ok(der)
}

/// A second certificate for `user_id` over the same key whose key usage is keyEncipherment and
/// dataEncipherment only (an encryption certificate): a client must refuse to sign documents
/// with it. The builder's leaf profile always grants digitalSignature, so its key usage is
/// replaced and the certificate signed again by the CA.
pub fn encryption_certificate(
    data_dir: Option<&Path>,
    user_id: &str,
    subject: &UserSubject,
) -> Result<Arc<Vec<u8>>> {
    use rsa::signature::{SignatureEncoding, Signer};
    use x509_cert::der::asn1::{BitString, OctetString};
    use x509_cert::der::oid::AssociatedOid;
    use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

    let subject_text = subject.rfc4514();
    let id = cache_key(
        data_dir,
        &format!("encryption-cert|{user_id}|{subject_text}"),
    );
    if let Some(found) = lock(cache()).certificates.get(&id) {
        return Ok(Arc::clone(found));
    }
    let authority = authority(data_dir)?;
    let key = user_key(data_dir, user_id)?;
    let ca_certificate =
        Certificate::from_der(&authority.certificate_der).map_err(keygen("the CA certificate"))?;
    let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(authority.key.clone());
    let what = "an encryption certificate";
    let builder = CertificateBuilder::new(
        Profile::Leaf {
            issuer: ca_certificate.tbs_certificate.subject,
            enable_key_agreement: false,
            enable_key_encipherment: true,
        },
        serial_number(&format!("{user_id}/encryption"))?,
        validity()?,
        name(&subject_text)?,
        public_key_info(&key)?,
        &signer,
    )
    .map_err(keygen(what))?;
    let mut certificate = builder
        .build::<rsa::pkcs1v15::Signature>()
        .map_err(keygen(what))?;
    let usage = KeyUsage(KeyUsages::KeyEncipherment | KeyUsages::DataEncipherment)
        .to_der()
        .map_err(keygen(what))?;
    let usage = OctetString::new(usage).map_err(keygen(what))?;
    for extension in certificate.tbs_certificate.extensions.iter_mut().flatten() {
        if extension.extn_id == <KeyUsage as AssociatedOid>::OID {
            extension.extn_value = usage.clone();
        }
    }
    let tbs = certificate.tbs_certificate.to_der().map_err(keygen(what))?;
    let signature = signer.try_sign(&tbs).map_err(keygen(what))?;
    certificate.signature = BitString::from_bytes(&signature.to_bytes()).map_err(keygen(what))?;
    let der = Arc::new(certificate.to_der().map_err(keygen(what))?);
    lock(cache()).certificates.insert(id, Arc::clone(&der));
    Ok(der)
}

/// The alias of a user's encryption-only certificate.
pub fn encryption_certificate_alias(user_id: &str) -> String {
    certificate_alias(&format!("{user_id}/encryption"))
}

/// Whether `certificate` is the one the sandbox CA issued for `user_id` (same issuer and serial),
/// so the sandbox holds its private key even when a client uploaded it again.
pub fn is_sandbox_certificate_for(user_id: &str, certificate: &Certificate) -> bool {
    let issuer_matches = name(CA_SUBJECT).is_ok_and(|ca| certificate.tbs_certificate.issuer == ca);
    let serial_matches = serial_number(user_id)
        .is_ok_and(|serial| certificate.tbs_certificate.serial_number == serial);
    issuer_matches && serial_matches
}

/// PKCS#1 v1.5 over a SHA-256 digest (the DigestInfo is added here): what `openssl pkeyutl
/// -verify -pkeyopt digest:sha256` and `openssl dgst -sha256 -verify` check.
pub fn sign_sha256_digest(key: &RsaPrivateKey, digest: &[u8]) -> Result<Vec<u8>> {
    key.sign(Pkcs1v15Sign::new::<Sha256>(), digest)
        .map_err(|e| Error::KeyGeneration {
            detail: format!("signing failed: {e}"),
        })
}

/// The alias of the certificate the sandbox makes for a user: 31 lowercase letters and digits
/// derived from the user ID, like the guide's `o5eaqqdi9htel7vj6s63ai4j4chlpqt`.
pub fn certificate_alias(user_id: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let digest = Sha256::digest(format!("kendra-sandbox/csp/alias/{user_id}").as_bytes());
    digest
        .iter()
        .take(31)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

fn key_named(data_dir: Option<&Path>, name: &str) -> Result<Arc<RsaPrivateKey>> {
    let id = cache_key(data_dir, name);
    // Held while generating so two requests never make the same key twice.
    let mut cache = lock(cache());
    if let Some(found) = cache.keys.get(&id) {
        return Ok(Arc::clone(found));
    }
    let key = match data_dir {
        Some(dir) => {
            let path = csp_dir(dir).join(format!("{name}.key.pem"));
            match std::fs::read_to_string(&path) {
                Ok(pem) => {
                    RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|e| Error::KeyGeneration {
                        detail: format!("{} is not a PKCS#8 RSA key: {e}", path.display()),
                    })?
                }
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    let key = generate(name)?;
                    let pem = key
                        .to_pkcs8_pem(LineEnding::LF)
                        .map_err(keygen("a private key"))?;
                    write_if_changed(&path, &pem)?;
                    key
                }
                Err(source) => return Err(Error::DataDir { path, source }),
            }
        }
        None => generate(name)?,
    };
    let key = Arc::new(key);
    cache.keys.insert(id, Arc::clone(&key));
    Ok(key)
}

fn generate(name: &str) -> Result<RsaPrivateKey> {
    let seed: [u8; 32] = Sha256::digest(format!("kendra-sandbox/csp/key/{name}").as_bytes()).into();
    let mut rng = StdRng::from_seed(seed);
    RsaPrivateKey::new(&mut rng, KEY_BITS).map_err(keygen("an RSA-2048 key"))
}

fn csp_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("csp")
}

/// File names stay safe whatever the user ID holds.
fn user_file_stem(user_id: &str) -> String {
    let digest = Sha256::digest(user_id.as_bytes());
    let readable: String = user_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(40)
        .collect();
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("user-{readable}-{hex}")
}

fn serial_number(user_id: &str) -> Result<SerialNumber> {
    let digest = Sha256::digest(format!("kendra-sandbox/csp/serial/{user_id}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    // Positive and without a leading zero byte.
    bytes[0] = (bytes[0] & 0x7f) | 0x10;
    SerialNumber::new(&bytes).map_err(keygen("a serial number"))
}

fn validity() -> Result<Validity> {
    let at = |secs| {
        Time::try_from(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
            .map_err(keygen("the validity period"))
    };
    Ok(Validity {
        not_before: at(NOT_BEFORE_UNIX)?,
        not_after: at(NOT_AFTER_UNIX)?,
    })
}

fn name(text: &str) -> Result<Name> {
    Name::from_str(text).map_err(keygen("a certificate subject"))
}

fn public_key_info(key: &RsaPrivateKey) -> Result<SubjectPublicKeyInfoOwned> {
    let der = key
        .to_public_key()
        .to_public_key_der()
        .map_err(keygen("a public key"))?;
    SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(keygen("a public key"))
}

/// RFC 4514 escaping of an attribute value.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (index, c) in value.trim().chars().enumerate() {
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') || (index == 0 && c == '#') {
            out.push('\\');
        }
        out.push(c);
    }
    if out.is_empty() {
        out.push('-');
    }
    out
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    let dir_error = |source| Error::DataDir {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(dir_error)?;
    }
    std::fs::write(path, text).map_err(dir_error)
}

fn keygen<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> Error {
    move |e| Error::KeyGeneration {
        detail: format!("could not make {what}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_stable_and_shaped_like_the_guide() {
        let alias = certificate_alias("amit.verma");
        assert_eq!(alias.len(), 31);
        assert!(alias
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert_eq!(alias, certificate_alias("amit.verma"));
        assert_ne!(alias, certificate_alias("sunita.yadav"));
    }

    #[test]
    fn subjects_escape_special_characters() {
        let subject = UserSubject {
            common_name: "Roy, Debashis".into(),
            unit: None,
            organisation: "A+B".into(),
            locality: None,
            state: None,
        };
        assert_eq!(subject.rfc4514(), r"CN=Roy\, Debashis,O=A\+B,C=IN");
        assert!(name(&subject.rfc4514()).is_ok());
        assert!(user_file_stem("a/../b c").starts_with("user-a..bc-"));
    }
}
