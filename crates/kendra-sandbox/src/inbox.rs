//! What the peers "sent" to people: OTP text messages and e-mails, shown at `GET /_sandbox/inbox`.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Sms,
    Email,
}

#[derive(Debug, Clone, Serialize)]
pub struct InboxMessage {
    pub id: u64,
    /// `bsk`, `isp`, `header_secrets`, `dci` or `csp`.
    pub peer: &'static str,
    pub channel: Channel,
    /// Mobile number or e-mail address.
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The one-time password in the message, when it carries one.
    pub otp: Option<String>,
    pub sent_at: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct Inbox {
    messages: Mutex<Vec<InboxMessage>>,
}

/// A message to deliver; the inbox numbers and stamps it.
pub struct NewMessage {
    pub peer: &'static str,
    pub channel: Channel,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub otp: Option<String>,
}

impl Inbox {
    pub fn deliver(&self, message: NewMessage, sent_at: DateTime<Utc>) -> InboxMessage {
        let mut messages = lock(&self.messages);
        let delivered = InboxMessage {
            id: messages.len() as u64 + 1,
            peer: message.peer,
            channel: message.channel,
            to: message.to,
            subject: message.subject,
            body: message.body,
            otp: message.otp,
            sent_at,
        };
        messages.push(delivered.clone());
        delivered
    }

    /// Oldest first; optionally only for one peer or one recipient.
    pub fn list(&self, peer: Option<&str>, to: Option<&str>) -> Vec<InboxMessage> {
        lock(&self.messages)
            .iter()
            .filter(|m| peer.is_none_or(|p| m.peer == p))
            .filter(|m| to.is_none_or(|t| m.to == t))
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        lock(&self.messages).clear();
    }
}

/// Sandbox state stays usable even if a handler panicked while holding a lock.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
