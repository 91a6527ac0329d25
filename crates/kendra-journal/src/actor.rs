//! Who made a change: an operator (by name), the `kendra` CLI, or the delivery worker.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Operator(String),
    Cli,
    Worker,
}

impl Actor {
    /// As stored in `audit_log.actor`: the operator's name, `cli` or `worker`.
    pub fn as_str(&self) -> &str {
        match self {
            Actor::Operator(name) => name,
            Actor::Cli => "cli",
            Actor::Worker => "worker",
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
