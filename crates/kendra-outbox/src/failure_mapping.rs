//! kendra-client's failure classes onto the journal's (the outbox retries and filters by these).

use kendra_client::FailureClass as ClientClass;
use kendra_journal::outbox::FailureClass as JournalClass;

/// Prefix of the stored detail of an unreadable answer: the journal has no class of its own for
/// it, so it is kept as `peer_failed` (retried a few times, then held) and marked here, because
/// an unreadable 200 may still have been accepted by the peer.
pub const BAD_RESPONSE_MARK: &str = "[bad response] ";

pub fn journal_class(class: ClientClass) -> JournalClass {
    match class {
        ClientClass::Network => JournalClass::Network,
        ClientClass::Timeout => JournalClass::Timeout,
        ClientClass::Http4xx => JournalClass::Http4xx,
        ClientClass::Http5xx => JournalClass::Http5xx,
        ClientClass::PeerFailed | ClientClass::BadResponse => JournalClass::PeerFailed,
        ClientClass::TokenExpired => JournalClass::TokenExpired,
        ClientClass::LocalValidation => JournalClass::LocalValidation,
    }
}

/// The text kept with a failed attempt: the plain message, then the technical detail.
pub fn failure_detail(error: &kendra_client::Error) -> String {
    let mark = if error.class() == ClientClass::BadResponse {
        BAD_RESPONSE_MARK
    } else {
        ""
    };
    let message = error.to_string();
    match error
        .detail()
        .filter(|d| !d.is_empty() && !message.contains(d.as_str()))
    {
        Some(detail) => format!("{mark}{message} ({detail})"),
        None => format!("{mark}{message}"),
    }
}

/// Whether an earlier failure of this class left it unknown if the peer got the request.
pub fn outcome_was_unknown(class: Option<&str>, detail: Option<&str>) -> bool {
    matches!(class, Some("network" | "timeout"))
        || detail.is_some_and(|d| d.starts_with(BAD_RESPONSE_MARK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_class_has_a_journal_class() {
        for class in ClientClass::ALL {
            let mapped = journal_class(class);
            if class != ClientClass::BadResponse {
                assert_eq!(mapped.as_str(), class.as_str());
            }
        }
        assert_eq!(
            journal_class(ClientClass::BadResponse),
            JournalClass::PeerFailed
        );
    }

    #[test]
    fn details_carry_the_peer_text_and_mark_unreadable_answers() {
        let e = kendra_client::Error::HttpServer {
            peer: kendra_client::Peer::Isp,
            endpoint: "returnServiceStatus".into(),
            status: 502,
            peer_text: "bad gateway".into(),
        };
        let d = failure_detail(&e);
        assert!(d.contains("HTTP 502") && d.contains("bad gateway"), "{d}");
        let e = kendra_client::Error::BadResponse {
            peer: kendra_client::Peer::Isp,
            endpoint: "returnServiceStatus".into(),
            problem: "not JSON".into(),
            detail: "eof".into(),
        };
        let d = failure_detail(&e);
        assert!(d.starts_with(BAD_RESPONSE_MARK), "{d}");
        assert!(outcome_was_unknown(Some("peer_failed"), Some(&d)));
        assert!(outcome_was_unknown(Some("timeout"), None));
        assert!(!outcome_was_unknown(Some("http_5xx"), Some("HTTP 500")));
    }
}
