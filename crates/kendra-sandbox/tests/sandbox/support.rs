//! A sandbox per test on a free port, and a plain HTTP client with timeouts.

use std::time::Duration;

use kendra_sandbox::{RunningSandbox, SandboxConfig};
use serde_json::Value;

pub struct TestSandbox {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    pub info: Value,
}

impl TestSandbox {
    pub async fn start() -> Self {
        let sandbox = RunningSandbox::start(SandboxConfig::default())
            .await
            .unwrap();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let info = http
            .get(format!("{}/_sandbox/info", sandbox.base_url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Self {
            sandbox,
            http,
            info,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    pub async fn get_json(&self, path: &str) -> Value {
        self.http
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Adds a fault through the control surface.
    pub async fn fault(&self, spec: Value) {
        let r = self.post_json("/_sandbox/faults", &spec).await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    }

    pub async fn advance_clock(&self, secs: i64) {
        let r = self
            .post_json(
                "/_sandbox/clock",
                &serde_json::json!({ "advance_secs": secs }),
            )
            .await;
        assert!(r.status().is_success());
    }

    /// The newest inbox message for `to`.
    #[allow(dead_code)]
    pub async fn last_message_to(&self, to: &str) -> Value {
        let inbox = self.get_json(&format!("/_sandbox/inbox?to={to}")).await;
        inbox["messages"]
            .as_array()
            .unwrap()
            .last()
            .cloned()
            .unwrap_or(Value::Null)
    }
}
