//! `--json` output, the same for every workflow command: the result as one pretty JSON document
//! on stdout (schemas in docs/cli.md); on failure, `{"error": {code, message, detail}}` on stdout
//! as well as the plain sentence on stderr, so scripts can read either.

use serde::Serialize;
use serde_json::json;

use crate::error::{CliError, Result};
use crate::io_text::write_stdout;

/// Prints `value` as JSON, or `human` as text when `json` is false.
pub fn print<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T) -> String) -> Result<()> {
    let text = if json {
        let mut text = serde_json::to_string_pretty(value).map_err(|e| CliError::WriteStdout {
            detail: e.to_string(),
        })?;
        text.push('\n');
        text
    } else {
        let mut text = human(value);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    };
    write_stdout(text.as_bytes())
}

/// With `--json`, also writes the error document to stdout before the error goes to stderr.
pub fn fail<T>(json: bool, error: CliError) -> Result<T> {
    if json {
        let (code, detail) = match &error {
            CliError::Workflow(e) => (e.code(), e.detail()),
            _ => ("cli".to_owned(), None),
        };
        let doc = json!({"error": {"code": code, "message": error.to_string(), "detail": detail}});
        let _ = write_stdout(format!("{doc:#}\n").as_bytes());
    }
    Err(error)
}
