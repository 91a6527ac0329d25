//! This crate's failures, and how each becomes the [`IpcError`] the UI sees.

use crate::{ErrorCode, IpcError};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request field the UI sent is unusable.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    /// The command exists but its feature has not landed yet.
    #[error("{command} is not implemented yet")]
    NotImplemented { command: &'static str },

    /// Message security (encrypt, decrypt, sign, verify) failed in the core.
    #[error(transparent)]
    Wire(#[from] kendra_wire::Error),
}

impl From<Error> for IpcError {
    fn from(err: Error) -> Self {
        let text = err.to_string();
        match err {
            Error::InvalidInput { .. } => IpcError::new(
                ErrorCode::InvalidInput,
                "Something entered is not right. Check the highlighted field and try again.",
            ),
            Error::NotImplemented { .. } => IpcError::new(
                ErrorCode::NotImplemented,
                "This part of Kendra Desk is not ready yet.",
            ),
            Error::Wire(_) => IpcError::new(
                ErrorCode::SecurityFailure,
                "The message could not be secured or read. Check the keys in this profile.",
            ),
        }
        .with_text(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_input_maps_to_its_code_and_keeps_the_field_in_detail() {
        let ipc: IpcError = Error::InvalidInput {
            field: "application_no",
            reason: "empty".to_owned(),
        }
        .into();
        assert_eq!(ipc.code, ErrorCode::InvalidInput);
        assert!(
            !ipc.message.contains("application_no"),
            "message is for people"
        );
        assert_eq!(ipc.detail.unwrap().text, "invalid application_no: empty");
    }

    #[test]
    fn not_implemented_maps_to_its_code() {
        let ipc: IpcError = Error::NotImplemented {
            command: "sign_pdf",
        }
        .into();
        assert_eq!(ipc.code, ErrorCode::NotImplemented);
        assert!(matches!(ipc.detail, Some(d) if d.text.contains("sign_pdf")));
    }
}
