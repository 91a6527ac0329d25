//! The Kendra sandbox: faithful loopback simulators of the five peers Kendra talks to, with
//! seeded realistic data, an inbox for the OTPs and e-mails a real peer would send, and fault
//! injection. Served by `kendra sandbox` and embedded in the desktop app as its first-run default.
//!
//! | peer | paths | module |
//! |---|---|---|
//! | BSK portal and department | `/bsk/…` | [`peers::bsk`] |
//! | UP ISP | `/ispws/…` | [`peers::isp`] |
//! | header-secrets gateway | `/hs/…` | [`peers::header_secrets`] |
//! | DCI Social Registry | `/registry/…` | [`peers::dci`] |
//! | ADSS CSP | `/adss/service/csp/…` | [`peers::csp`] |
//! | control surface | `/_sandbox/…` | [`control`] |

pub mod clock;
pub mod control;
pub mod error;
pub mod faults;
pub mod inbox;
pub mod peers;
pub mod server;
pub mod shared;
pub mod stats;

pub use error::{Error, Result};
pub use server::{BackgroundSandbox, RunningSandbox, SandboxConfig};
pub use shared::Shared;
