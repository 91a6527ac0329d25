//! Standard base64 as the peers print it, decoded with errors that point at the bad character.
//!
//! Whitespace (line breaks from e-mail or PDFs) is ignored; padding may be present or not.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use crate::{Error, Result};

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes `text`; `input` names it in errors ("ciphertext", "e_data", …).
pub fn decode(input: &str, text: &str) -> Result<Vec<u8>> {
    // Keep each kept byte's position in the original text so errors point at what the user sees.
    let mut compact = Vec::with_capacity(text.len());
    let mut positions = Vec::with_capacity(text.len());
    for (char_index, (byte_index, ch)) in text.char_indices().enumerate() {
        if ch.is_ascii_whitespace() {
            continue;
        }
        if !ch.is_ascii() {
            return Err(Error::InvalidBase64 {
                input: input.to_owned(),
                position: char_index + 1,
                detail: format!("non-ASCII character {ch:?} at byte offset {byte_index}"),
            });
        }
        compact.push(ch as u8);
        positions.push(char_index + 1);
    }
    if compact.is_empty() {
        return Err(Error::EmptyInput {
            input: input.to_owned(),
        });
    }
    LENIENT.decode(&compact).map_err(|err| {
        let (offset, detail) = match err {
            base64::DecodeError::InvalidByte(offset, byte) => {
                (offset, format!("unexpected character {:?}", byte as char))
            }
            base64::DecodeError::InvalidLastSymbol(offset, byte) => (
                offset,
                format!(
                    "last character {:?} has bits set that base64 forbids",
                    byte as char
                ),
            ),
            base64::DecodeError::InvalidLength(len) => (
                len.saturating_sub(1),
                format!("{len} base64 characters cannot be a whole number of bytes: truncated?"),
            ),
            base64::DecodeError::InvalidPadding => (
                compact.len().saturating_sub(1),
                "the '=' padding is wrong".to_owned(),
            ),
        };
        Error::InvalidBase64 {
            input: input.to_owned(),
            position: positions
                .get(offset)
                .copied()
                .unwrap_or(text.chars().count()),
            detail,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_whitespace() {
        let text = encode(b"hello kendra");
        let wrapped = format!("{}\n{}\r\n", &text[..5], &text[5..]);
        assert_eq!(decode("x", &wrapped).unwrap(), b"hello kendra");
    }

    #[test]
    fn missing_padding_is_accepted() {
        assert_eq!(decode("x", "aGk").unwrap(), b"hi");
    }

    #[test]
    fn bad_character_position_is_one_based_in_original_text() {
        let err = decode("ciphertext", "QUJD\nRE*G").unwrap_err();
        match err {
            Error::InvalidBase64 { position, .. } => assert_eq!(position, 8),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            decode("ciphertext", "QUJDRE*G").unwrap_err().to_string(),
            "ciphertext is not valid base64 (character 7)"
        );
    }

    #[test]
    fn empty_and_truncated() {
        assert!(matches!(decode("x", " \n"), Err(Error::EmptyInput { .. })));
        assert!(matches!(
            decode("x", "QUJDR"),
            Err(Error::InvalidBase64 { .. })
        ));
        assert!(matches!(
            decode("x", "QUJDРE"),
            Err(Error::InvalidBase64 { position: 5, .. })
        ));
    }
}
