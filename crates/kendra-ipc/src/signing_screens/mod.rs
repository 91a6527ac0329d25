//! The signing officer's screen and Settings' panels (profiles, sandbox).
//!
//! | file | holds |
//! |---|---|
//! | [`signing`] | `signing_login`, `signing_hash_file`, `signing_sign` (progress, cancel), `signing_save`, `signing_history` |
//! | [`pdf`] | `signing_sign_pdf`: a picked PDF signed (PAdES B-B) into the Downloads folder, typed refusals |
//! | [`profiles_panel`] | `settings_profiles`, `settings_profile_save`, `settings_profile_delete`: secrets in, masks out |
//! | [`sandbox_panel`] | the built-in sandbox's inbox (OTPs) and faults, from what its control surface serializes |
//! | [`ist_time`] | times as ISO 8601 IST strings |

pub mod pdf;
pub mod profiles_panel;
pub mod sandbox_panel;
pub mod signing;

pub use pdf::{
    signing_sign_pdf, PdfRefusal, PdfSignAnswer, PdfSigningProgress, PdfSigningRequest,
    PdfSigningResult,
};
pub use profiles_panel::{
    settings_profile_delete, settings_profile_save, settings_profiles, ProfileRow, ProfileSave,
    ProfilesPanel,
};
pub use sandbox_panel::{FaultAdd, FaultView, InboxMessageView, SandboxPanel};
pub use signing::{
    signing_cancel, signing_hash_file, signing_history, signing_login, signing_save, signing_sign,
    SavedSignatures, SigningDocument, SigningHistoryRow, SigningLogin, SigningProgress,
    SigningRequest, SigningResult, SigningSessions,
};

#[cfg(test)]
mod tests;
