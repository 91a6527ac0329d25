//! The CSP's error answer `{ "error": "60008", "error_description": "…" }`. Codes and their texts
//! come from kendra-wire's copy of the guide's table 30, so the sandbox and the client agree.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A refusal: HTTP status, the guide's code, and what exactly was wrong.
#[derive(Debug, Clone)]
pub struct CspError {
    pub status: StatusCode,
    pub code: u32,
    pub detail: String,
    /// The status service's example prints `error__escription`: that service answers with it.
    pub typo_description_key: bool,
}

impl CspError {
    pub fn new(status: StatusCode, code: u32, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            typo_description_key: false,
        }
    }

    pub fn bad_request(code: u32, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    pub fn unauthorized(code: u32, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    pub fn not_found(code: u32, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, detail)
    }

    pub fn precondition(code: u32, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PRECONDITION_FAILED, code, detail)
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, 60001, detail)
    }

    /// A missing or malformed parameter (60043), naming it.
    pub fn malformed(detail: impl Into<String>) -> Self {
        Self::bad_request(60043, detail)
    }

    pub fn with_code(mut self, code: u32) -> Self {
        self.code = code;
        self
    }

    pub fn with_typo_key(mut self) -> Self {
        self.typo_description_key = true;
        self
    }

    /// The guide's text for the code, then the specific reason.
    pub fn description(&self) -> String {
        let code = self.code.to_string();
        match kendra_wire::csp::error_codes::lookup(&code) {
            Some(row) => format!("{}: {}", row.guide_text, self.detail),
            None => self.detail.clone(),
        }
    }
}

impl IntoResponse for CspError {
    fn into_response(self) -> Response {
        let key = if self.typo_description_key {
            "error__escription"
        } else {
            "error_description"
        };
        let body = json!({ "error": self.code.to_string(), key: self.description() });
        (self.status, axum::Json(body)).into_response()
    }
}

pub type CspResult<T = Response> = Result<T, CspError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_starts_with_the_guide_text() {
        let error = CspError::unauthorized(60008, "wrong password for user \"amit.verma\"");
        assert_eq!(
            error.description(),
            "Failed to process request - User ID or password is not valid: wrong password for user \"amit.verma\""
        );
        // Every code the sandbox uses is in the guide's table.
        for code in [
            60001, 60002, 60006, 60007, 60008, 60009, 60010, 60011, 60012, 60013, 60014, 60015,
            60016, 60018, 60019, 60021, 60022, 60023, 60024, 60025, 60026, 60027, 60028, 60029,
            60030, 60031, 60032, 60033, 60034, 60035, 60036, 60037, 60038, 60039, 60043, 60045,
            60047, 60048, 60049, 60053, 60054, 60055, 86011, 86012, 86015, 86019, 86024,
        ] {
            assert!(
                kendra_wire::csp::error_codes::lookup(&code.to_string()).is_some(),
                "{code}"
            );
        }
    }
}
