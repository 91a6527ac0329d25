//! A gateway behind the header-secrets layer: look up an application's status, or send any JSON
//! to a path and read the decrypted answer (what a tester does to prove a client's layer works).
//! Every exchange is journaled under the profile, whatever its outcome. The gateway's refusals
//! (`{status: FAILED, error_code, message}`) become [`Error::Refused`] with its code and a plain
//! sentence saying what to fix: the clock, the pass_key, the credentials, the key.

use kendra_client::{Exchange, GatewayApplicationStatus, GatewayRefusal, HeaderSecretsClient};
use kendra_journal::{Actor, Journal, Peer};
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::exchange_log::journal_exchanges;

/// How errors name the peer.
pub const GATEWAY: &str = "the header-secrets gateway";

/// One header-secrets profile's calls, journaled under that profile.
pub struct HeaderSecretsGateway<'a> {
    journal: &'a Journal,
    actor: Actor,
    profile: String,
    client: &'a HeaderSecretsClient,
}

/// An application's status at the gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusLookup {
    pub profile: String,
    #[serde(flatten)]
    pub status: GatewayApplicationStatus,
    /// The journal's ids of the exchanges made, as strings.
    pub exchange_ids: Vec<String>,
}

/// The decrypted answer of a call to any path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GatewayAnswer {
    pub profile: String,
    pub path: String,
    pub answer: Value,
    pub exchange_ids: Vec<String>,
}

impl<'a> HeaderSecretsGateway<'a> {
    pub fn new(
        journal: &'a Journal,
        actor: Actor,
        profile: &str,
        client: &'a HeaderSecretsClient,
    ) -> Self {
        Self {
            journal,
            actor,
            profile: profile.to_owned(),
            client,
        }
    }

    /// The status of `application_no` (`/hs/v1/application/status`).
    pub async fn application_status(&self, application_no: &str) -> Result<StatusLookup> {
        let attempt = self.client.application_status(application_no).await;
        let ids = self.journal_calls(&attempt.exchanges)?;
        match attempt.result {
            Ok(status) => Ok(StatusLookup {
                profile: self.profile.clone(),
                status,
                exchange_ids: ids,
            }),
            Err(e) => Err(self.failure(e, &attempt.exchanges, Some(application_no.trim()))),
        }
    }

    /// Sends `request` to `path` under the layer and answers the decrypted JSON.
    pub async fn call(&self, path: &str, request: &Value) -> Result<GatewayAnswer> {
        let attempt = self.client.call(path, request).await;
        let ids = self.journal_calls(&attempt.exchanges)?;
        match attempt.result {
            Ok(answer) => Ok(GatewayAnswer {
                profile: self.profile.clone(),
                path: path.to_owned(),
                answer,
                exchange_ids: ids,
            }),
            Err(e) => Err(self.failure(e, &attempt.exchanges, None)),
        }
    }

    fn journal_calls(&self, exchanges: &[Exchange]) -> Result<Vec<String>> {
        let ids = journal_exchanges(
            self.journal,
            &self.actor,
            Peer::HeaderSecrets,
            &self.profile,
            exchanges,
        )?;
        Ok(ids.iter().map(ToString::to_string).collect())
    }

    /// The gateway's own refusal, when it sent one, in plain words with its code; any other
    /// failure (network, timeout, an answer that does not decrypt) keeps the client's sentence.
    fn failure(
        &self,
        error: kendra_client::Error,
        exchanges: &[Exchange],
        application_no: Option<&str>,
    ) -> Error {
        let refused = matches!(
            error,
            kendra_client::Error::HttpClient { .. }
                | kendra_client::Error::HttpServer { .. }
                | kendra_client::Error::PeerFailed { .. }
        );
        let refusal = exchanges
            .last()
            .filter(|_| refused)
            .and_then(GatewayRefusal::from_exchange);
        let Some(refusal) = refusal else {
            return Error::Client(error);
        };
        let endpoint = exchanges
            .last()
            .map(|e| e.endpoint.as_str())
            .unwrap_or_default();
        let code = refusal.error_code.clone();
        let detail = format!(
            "{endpoint}: HTTP {}{}: {}",
            refusal.http_status,
            code.as_deref()
                .map(|c| format!(", error_code {c}"))
                .unwrap_or_default(),
            refusal.message
        );
        Error::Refused {
            peer: GATEWAY,
            message: plain_refusal(&refusal, &self.profile, application_no),
            code: Some(code.unwrap_or_else(|| "peer_failed".to_owned())),
            detail: Some(detail),
        }
    }
}

/// What the gateway's code means for the person at the keyboard; its own words stay in the
/// detail, except where they say more than ours (which field, how old).
fn plain_refusal(refusal: &GatewayRefusal, profile: &str, application_no: Option<&str>) -> String {
    let said = &refusal.message;
    let code = refusal.error_code.as_deref().unwrap_or_default();
    match code {
        "epoch_stale" => format!(
            "the request's time is more than 5 minutes old by its clock ({said}): set this computer's clock right (automatic time) and try again"
        ),
        "epoch_in_future" => format!(
            "the request's time is ahead of its clock ({said}): set this computer's clock right (automatic time) and try again"
        ),
        "pass_key_mismatch" => format!(
            "it does not know the pass_key of profile \"{profile}\": set the one the gateway issued with `kendra profile set {profile}`"
        ),
        "client_credentials_mismatch" => format!(
            "the client_id or client_secret of profile \"{profile}\" is not the one it issued: check both with `kendra profile show {profile}`"
        ),
        "bad_padding" | "invalid_base64" | "not_block_aligned" | "not_utf8" => format!(
            "it could not decrypt the request: the key or cipher of profile \"{profile}\" is not the one it uses for this client"
        ),
        "invalid_field" if said.contains("epoch") => format!(
            "it could not read the request's time ({said}): check the epoch unit (seconds or milliseconds) of profile \"{profile}\""
        ),
        "application_not_found" => match application_no {
            Some(no) => format!("it has no application {no:?}: check the number"),
            None => format!("it found no such application: {said}"),
        },
        "service_unavailable" => "it cannot serve the request now; try again later".to_owned(),
        _ => format!(
            "{said}{}",
            if code.is_empty() {
                String::new()
            } else {
                format!(" ({code})")
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(code: &str, message: &str) -> GatewayRefusal {
        GatewayRefusal {
            http_status: 401,
            error_code: Some(code.to_owned()),
            message: message.to_owned(),
        }
    }

    #[test]
    fn plain_sentences_name_what_to_fix() {
        let stale = plain_refusal(
            &refusal("epoch_stale", "600 seconds old"),
            "sandbox-header-secrets",
            None,
        );
        assert!(stale.contains("clock") && stale.contains("600 seconds old"));
        let pass = plain_refusal(&refusal("pass_key_mismatch", "no"), "p1", None);
        assert!(pass.contains("pass_key of profile \"p1\""));
        let missing = plain_refusal(
            &refusal("application_not_found", "no application"),
            "p1",
            Some("HS1"),
        );
        assert!(missing.contains("\"HS1\""));
        assert_eq!(
            plain_refusal(&refusal("weird", "odd"), "p1", None),
            "odd (weird)"
        );
    }
}
