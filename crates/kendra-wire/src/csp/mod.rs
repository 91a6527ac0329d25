//! ADSS CSP remote signing (Ascertia ADSS CSP Developers Guide 7.0.2): OAuth 2.0 token requests
//! and answers, the error model with plain-language messages for every code of the guide, and the
//! JSON messages of the user, certificate and signing services. No I/O: bodies in, bodies out.
//!
//! | file | holds |
//! |---|---|
//! | [`oauth_token`] | `/authenticate` forms (password, client_credentials, refresh_token), token answers, expiry |
//! | [`error_body`] | `{ "error", "error_description" }` answers → [`crate::Error::PeerRefused`] |
//! | [`error_codes`] | the guide's table 30 (60001–86024) with officer-facing messages |
//! | [`json_answer`] | reading any JSON answer (refusals included), lenient number/flag fields |
//! | [`service_messages`] | status, about, password policy, advance settings, auth profiles, SSO |
//! | [`user_messages`] | register/update/get users, passwords, e-mail change |
//! | [`certificate_messages`] | user certificates |
//! | [`signing_messages`] | sign request (hashes, not documents) and sign status with `PENDING` |

pub mod certificate_messages;
pub mod error_body;
pub mod error_codes;
pub mod json_answer;
pub mod oauth_token;
pub mod service_messages;
pub mod signing_messages;
pub mod user_messages;

pub use error_body::{parse_error_body, refusal_from_http, CspErrorBody, PEER};
pub use error_codes::{CspErrorCode, Remedy, ERROR_CODES, GUIDE_ERROR_CODE_COUNT};
pub use json_answer::read_json_answer;
pub use oauth_token::{AccessToken, FormRequest, Grant, TokenRequest};
