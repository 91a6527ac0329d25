//! The tester's screen, Explorer: pick a profile, a peer's API and edit its JSON request (the
//! spec's example and field list alongside); send it through the same client every workflow uses;
//! see the plaintext, the secured envelope, the raw HTTP request, the raw response and the
//! decrypted answer with timing; copy the exchange as curl exactly as sent; search the history
//! and replay; and a crypto workbench.
//!
//! | command | handler |
//! |---|---|
//! | `explorer_catalog` | [`explorer_catalog`]: profiles the Explorer can use and every API |
//! | `explorer_send` | [`explorer::explorer_send`] (async: it calls the peer) |
//! | `explorer_text` | [`explorer::explorer_text`]: a window of lines of a long text |
//! | `explorer_curl` | [`explorer::explorer_curl`]: curl with the real token and body |
//! | `explorer_history` | [`history::explorer_history`] |
//! | `explorer_save`, `explorer_delete_saved` | [`history::explorer_save`], [`history::explorer_delete_saved`] |
//! | `workbench_run` | [`workbench::workbench_run`] |

pub mod api_catalog;
pub mod explorer;
pub mod history;
pub mod text_pages;
pub mod workbench;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use api_catalog::{ApiField, ExplorerApi};
pub use explorer::{
    explorer_curl, explorer_send, explorer_text, CurlCommand, ExchangePart, ExchangeView,
    ExplorerResult, ExplorerSend, HeaderLine,
};
pub use history::{
    explorer_delete_saved, explorer_history, explorer_save, HistoryEntry, HistoryKind,
    HistoryQuery, SaveRequest,
};
pub use text_pages::{TextLines, TextPart};
pub use workbench::{
    workbench_run, KeySource, SecretSource, VariantTried, WorkbenchFact, WorkbenchRequest,
    WorkbenchResult,
};

use crate::error::Error;
use crate::{Desk, IpcError, PeerId};

/// A profile the Explorer can send with (names and URLs only, never a secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExplorerProfile {
    pub name: String,
    pub peer: PeerId,
    pub base_url: String,
    pub sandbox: bool,
    /// Required secrets are all in the keyring.
    pub complete: bool,
}

/// Answer of `explorer_catalog`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExplorerCatalog {
    /// Every profile; the Explorer sends with BSK, ISP and DCI ones, the workbench reads keys
    /// from any.
    pub profiles: Vec<ExplorerProfile>,
    pub apis: Vec<ExplorerApi>,
    /// ISP cipher variants for the workbench, canonical first: `(name, description)`.
    pub variants: Vec<(String, String)>,
}

fn peer_id(peer: &str) -> Option<PeerId> {
    match peer {
        "bsk" => Some(PeerId::Bsk),
        "isp" => Some(PeerId::Isp),
        "header-secrets" => Some(PeerId::HeaderSecrets),
        "dci" => Some(PeerId::Dci),
        "csp" => Some(PeerId::Csp),
        _ => None,
    }
}

/// Handler of `explorer_catalog`.
pub fn explorer_catalog(desk: &Desk) -> Result<ExplorerCatalog, IpcError> {
    let views = desk.profiles().list().map_err(Error::from)?;
    let profiles = views
        .into_iter()
        .filter_map(|v| {
            let peer = peer_id(v.peer)?;
            let complete = v.is_complete();
            Some(ExplorerProfile {
                base_url: v
                    .settings
                    .get("base_url")
                    .and_then(|u| u.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                name: v.name,
                peer,
                sandbox: v.sandbox,
                complete,
            })
        })
        .collect();
    Ok(ExplorerCatalog {
        profiles,
        apis: api_catalog::catalog(),
        variants: kendra_wire::isp::IspVariant::ALL
            .iter()
            .map(|v| (v.name().to_owned(), v.description().to_owned()))
            .collect(),
    })
}

#[cfg(test)]
mod tests;
