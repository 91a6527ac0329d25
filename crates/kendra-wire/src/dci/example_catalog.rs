//! `dci/examples/usecaselist.json`: not a DCI message but the index of the official sample flows.
//! Each entry's `processflow_id` names a pair of files, `{id}req.json` (a search request) and
//! `{id}res.json` (its on-search answer). The sandbox lists these as ready-made scenarios.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExampleFlow {
    pub processflow_id: String,
    pub processflow_name: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ExampleFlow {
    /// File name of the flow's request sample.
    pub fn request_file(&self) -> String {
        format!("{}req.json", self.processflow_id)
    }

    /// File name of the flow's response sample.
    pub fn response_file(&self) -> String {
        format!("{}res.json", self.processflow_id)
    }
}

/// Reads `usecaselist.json`.
pub fn parse_example_catalog(text: &str) -> Result<Vec<ExampleFlow>> {
    serde_json::from_str(text).map_err(|err| Error::json("the DCI use-case list", &err))
}
