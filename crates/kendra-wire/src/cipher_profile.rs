//! Which AES-256-CBC key a profile uses: BSK-style raw key and IV, or ISP-style derived from a
//! shared secret. The header-secrets layer and `kendra crypto` take either.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::aes_cbc::AesCbcKey;
use crate::isp::{IspKeyCache, IspVariant};
use crate::Result;

/// The non-secret half of a cipher profile (what a profile stores in settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "scheme")]
pub enum CipherScheme {
    /// Raw 32-byte key and 16-byte IV (BSK section 15).
    Bsk,
    /// PBKDF2-derived from a shared secret (ISP Annexure B).
    Isp { variant: IspVariant },
}

/// The secret half, borrowed from the keyring or environment just long enough to build the key.
pub enum KeyMaterial<'a> {
    BskRaw {
        key_name: &'a str,
        key: &'a [u8],
        iv_name: &'a str,
        iv: &'a [u8],
    },
    IspSecret {
        secret: &'a [u8],
        variant: IspVariant,
    },
}

impl KeyMaterial<'_> {
    pub fn scheme(&self) -> CipherScheme {
        match self {
            KeyMaterial::BskRaw { .. } => CipherScheme::Bsk,
            KeyMaterial::IspSecret { variant, .. } => CipherScheme::Isp { variant: *variant },
        }
    }

    /// The AES key; ISP keys come from the process-wide derivation cache.
    pub fn key(&self) -> Result<Arc<AesCbcKey>> {
        match self {
            KeyMaterial::BskRaw {
                key_name,
                key,
                iv_name,
                iv,
            } => Ok(Arc::new(crate::bsk::bsk_cipher(
                key_name, key, iv_name, iv,
            )?)),
            KeyMaterial::IspSecret { secret, variant } => {
                IspKeyCache::global().get(secret, *variant)
            }
        }
    }
}
