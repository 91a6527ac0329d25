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

    /// The app's data folder and keyring are not ready yet (the sandbox is still starting).
    #[error("the desk is not ready: {reason}")]
    DeskNotReady { reason: String },

    #[error(transparent)]
    Workflow(#[from] kendra_workflows::Error),

    #[error(transparent)]
    Profiles(#[from] kendra_profiles::Error),

    #[error(transparent)]
    Journal(#[from] kendra_journal::Error),

    #[error(transparent)]
    Outbox(#[from] kendra_outbox::Error),
}

fn journal_code(e: &kendra_journal::Error) -> ErrorCode {
    use kendra_journal::Error as J;
    match e {
        J::NotFound { .. } => ErrorCode::NotFound,
        J::DataDir { .. }
        | J::Open { .. }
        | J::SchemaTooNew { .. }
        | J::Migration { .. }
        | J::Sqlite(_) => ErrorCode::Internal,
        J::CitizenKeyMissing => ErrorCode::SecretUnavailable,
        J::CitizenDecrypt { .. } | J::CitizenEncrypt { .. } => ErrorCode::SecurityFailure,
        _ => ErrorCode::InvalidInput,
    }
}

fn profiles_code(e: &kendra_profiles::Error) -> ErrorCode {
    use kendra_profiles::Error as P;
    match e {
        P::NotFound { .. } => ErrorCode::NotFound,
        P::SecretsMissing { .. } | P::Secrets(_) | P::CitizenKeyDamaged => {
            ErrorCode::SecretUnavailable
        }
        P::Client { source, .. } => client_code(source),
        P::Journal(j) => journal_code(j),
        _ => ErrorCode::InvalidInput,
    }
}

fn client_code(e: &kendra_client::Error) -> ErrorCode {
    use kendra_client::FailureClass as F;
    match e.class() {
        F::Network | F::Timeout => ErrorCode::PeerUnreachable,
        F::Http4xx | F::Http5xx | F::PeerFailed | F::TokenExpired => ErrorCode::PeerRejected,
        F::LocalValidation => ErrorCode::InvalidInput,
        F::BadResponse => ErrorCode::BadResponse,
    }
}

fn workflow_code(e: &kendra_workflows::Error) -> ErrorCode {
    use kendra_workflows::Error as W;
    match e {
        W::Input { .. } => ErrorCode::InvalidInput,
        W::Refused { .. } => ErrorCode::PeerRejected,
        W::Client(c) => client_code(c),
        W::Journal(j) => journal_code(j),
        W::Profiles(p) => profiles_code(p),
        W::Outbox(_) => ErrorCode::InvalidInput,
        W::Wire(_) => ErrorCode::SecurityFailure,
        W::File { .. } => ErrorCode::InvalidInput,
        W::WaitedTooLong { .. } => ErrorCode::PeerUnreachable,
        _ => ErrorCode::Internal,
    }
}

impl From<kendra_workflows::Error> for IpcError {
    fn from(err: kendra_workflows::Error) -> Self {
        Error::Workflow(err).into()
    }
}

impl From<Error> for IpcError {
    fn from(err: Error) -> Self {
        let text = err.to_string();
        // The core's sentence names the field or the peer's words: it is the message; the
        // technical detail (HTTP status, peer code) goes alongside.
        let core = |code: ErrorCode, detail: Option<String>| {
            let ipc = IpcError::new(code, text.clone());
            match detail {
                Some(d) => ipc.with_text(d),
                None => ipc,
            }
        };
        match err {
            Error::DeskNotReady { .. } => {
                return IpcError::new(
                    ErrorCode::Internal,
                    "Kendra Desk is still opening its journal and keyring; try again in a moment.",
                )
                .with_text(text)
            }
            Error::Workflow(ref w) => {
                let mut ipc = core(workflow_code(w), w.detail());
                if let kendra_workflows::Error::Refused { code, .. } = w {
                    ipc = ipc.with_peer(None, code.clone());
                }
                return ipc;
            }
            Error::Profiles(ref p) => return core(profiles_code(p), None),
            Error::Journal(ref j) => return core(journal_code(j), j.detail()),
            Error::Outbox(ref o) => return core(ErrorCode::InvalidInput, o.detail()),
            _ => {}
        }
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
            Error::DeskNotReady { .. }
            | Error::Workflow(_)
            | Error::Profiles(_)
            | Error::Journal(_)
            | Error::Outbox(_) => IpcError::new(ErrorCode::Internal, text.clone()),
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
