//! How long to wait before retrying each failure class: exponential backoff with jitter, or hold
//! the item for a human (a 400 that will fail the same way again).

use std::collections::BTreeMap;

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::FailureClass;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Backoff {
    /// Wait before the first retry.
    pub initial_ms: u64,
    /// No wait is longer than this.
    pub max_ms: u64,
    pub multiplier: f64,
    /// 0.0–1.0: the wait is drawn from `[w·(1−jitter), w]` so retries do not stampede.
    pub jitter: f64,
    /// After this many failed attempts the item is held for a human; `None` retries forever.
    pub max_attempts: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ClassPolicy {
    Backoff(Backoff),
    /// Needs a human: fix and resend, or cancel.
    Hold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    RetryAt { due_ms: i64 },
    Hold,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetryPolicy {
    pub classes: BTreeMap<FailureClass, ClassPolicy>,
}

impl Default for RetryPolicy {
    /// Transient failures retry (2 s doubling to 10 min, ±20 %); a 4xx or a local validation
    /// failure is held; `FAILED` from the peer retries a few times, then is held; an expired token
    /// retries at once (the sender renews it).
    fn default() -> Self {
        let transient = ClassPolicy::Backoff(Backoff {
            initial_ms: 2_000,
            max_ms: 600_000,
            multiplier: 2.0,
            jitter: 0.2,
            max_attempts: None,
        });
        let mut classes = BTreeMap::new();
        classes.insert(FailureClass::Network, transient);
        classes.insert(FailureClass::Timeout, transient);
        classes.insert(FailureClass::Http5xx, transient);
        classes.insert(FailureClass::Http4xx, ClassPolicy::Hold);
        classes.insert(FailureClass::LocalValidation, ClassPolicy::Hold);
        classes.insert(
            FailureClass::PeerFailed,
            ClassPolicy::Backoff(Backoff {
                initial_ms: 30_000,
                max_ms: 600_000,
                multiplier: 2.0,
                jitter: 0.2,
                max_attempts: Some(5),
            }),
        );
        classes.insert(
            FailureClass::TokenExpired,
            ClassPolicy::Backoff(Backoff {
                initial_ms: 0,
                max_ms: 5_000,
                multiplier: 2.0,
                jitter: 0.0,
                max_attempts: Some(3),
            }),
        );
        RetryPolicy { classes }
    }
}

impl RetryPolicy {
    pub fn with(mut self, class: FailureClass, policy: ClassPolicy) -> Self {
        self.classes.insert(class, policy);
        self
    }

    /// After the `attempts`-th failed attempt (1 = the first) of `class` at `now_ms`.
    pub fn decide(&self, class: FailureClass, attempts: u32, now_ms: i64) -> RetryDecision {
        let Some(ClassPolicy::Backoff(b)) = self.classes.get(&class) else {
            return RetryDecision::Hold;
        };
        if b.max_attempts.is_some_and(|max| attempts >= max) {
            return RetryDecision::Hold;
        }
        let exponent = attempts.saturating_sub(1).min(62) as i32;
        let wait = (b.initial_ms as f64 * b.multiplier.powi(exponent)).min(b.max_ms as f64);
        let jitter = b.jitter.clamp(0.0, 1.0);
        let factor = if jitter > 0.0 {
            rand::thread_rng().gen_range((1.0 - jitter)..=1.0)
        } else {
            1.0
        };
        RetryDecision::RetryAt {
            due_ms: now_ms.saturating_add((wait * factor) as i64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_caps_and_jitters_within_bounds() {
        let p = RetryPolicy::default();
        for attempt in 1..=20 {
            let RetryDecision::RetryAt { due_ms } = p.decide(FailureClass::Network, attempt, 0)
            else {
                panic!("network failures retry")
            };
            let full = (2_000f64 * 2f64.powi(attempt as i32 - 1)).min(600_000.0);
            assert!(
                due_ms as f64 <= full && due_ms as f64 >= full * 0.8,
                "{attempt}: {due_ms}"
            );
        }
    }

    #[test]
    fn a_4xx_is_held_and_peer_failed_is_held_after_five() {
        let p = RetryPolicy::default();
        assert_eq!(p.decide(FailureClass::Http4xx, 1, 0), RetryDecision::Hold);
        assert!(matches!(
            p.decide(FailureClass::PeerFailed, 4, 0),
            RetryDecision::RetryAt { .. }
        ));
        assert_eq!(
            p.decide(FailureClass::PeerFailed, 5, 0),
            RetryDecision::Hold
        );
        let custom = p.with(
            FailureClass::Http4xx,
            ClassPolicy::Backoff(Backoff {
                initial_ms: 10,
                max_ms: 10,
                multiplier: 1.0,
                jitter: 0.0,
                max_attempts: None,
            }),
        );
        assert_eq!(
            custom.decide(FailureClass::Http4xx, 3, 100),
            RetryDecision::RetryAt { due_ms: 110 }
        );
    }
}
