//! The DCI Social Registry against the sandbox: sync search of each kind with sort and paging,
//! async search through the loopback listener, subscribe → notify → unsubscribe, txn status, and
//! answers whose signature does not verify rejected (sync answers and callbacks alike).

use std::sync::Arc;
use std::time::Duration;

use kendra_client::dci_client::{DciClient, DciSecrets, DciSettings};
use kendra_client::{FailureClass, OffsetClock};
use kendra_journal::exchanges::Direction;
use kendra_journal::{Actor, Peer};
use kendra_workflows::dci_registry::{
    parse_expression, parse_identifier, parse_predicate, parse_sort, DciRegistry, SearchQuery,
    SearchSpec, SubscribeSpec, TxnKey, TxnType,
};
use kendra_workflows::Error;
use serde_json::{json, Value};

use crate::sandbox_fixture::SandboxDesk;

const PROFILE: &str = "sandbox-dci";
const WAIT: Duration = Duration::from_secs(10);

fn registry(desk: &SandboxDesk) -> DciRegistry<'_> {
    let client = desk.profiles().dci_client(PROFILE).unwrap();
    DciRegistry::new(&desk.journal, Actor::Cli, PROFILE, Arc::new(client))
}

fn uins(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| {
            let id = r.get("identifier").cloned().unwrap_or(Value::Null);
            // Person records list their identifiers; the UIN is the one we compare.
            id.as_array()
                .and_then(|ids| ids.iter().find(|i| i["identifier_type"] == "UIN"))
                .and_then(|i| i["identifier_value"].as_str())
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn dci_exchanges(desk: &SandboxDesk) -> Vec<(Direction, String, Option<u16>, String)> {
    desk.journal
        .exchanges(Some(Peer::Dci), 0, i64::MAX, 1000)
        .unwrap()
        .into_iter()
        .map(|e| {
            (
                e.record.direction,
                e.record.endpoint,
                e.record.http_status,
                e.record.outcome,
            )
        })
        .collect()
}

fn predicates(texts: &[&str]) -> SearchQuery {
    SearchQuery::Predicates {
        predicates: texts.iter().map(|t| parse_predicate(t).unwrap()).collect(),
    }
}

#[tokio::test]
async fn sync_search_by_identifier_finds_the_example_person_and_is_journaled() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let spec = SearchSpec::new(parse_identifier("UIN:847951632").unwrap());
    let found = dci.search(&spec).await.unwrap();
    assert_eq!(found.mode, "sync");
    assert_eq!(found.signed_by, "social|registry-key-1|ed25519");
    assert_eq!(found.records.len(), 1, "{:#?}", found.records);
    let text = found.records[0].to_string();
    assert!(text.contains("Rameshwar"), "{text}");
    assert!(text.contains("847951632"), "{text}");
    let page = found.page.unwrap();
    assert_eq!((page.page_number, page.total_count), (1, 1));

    let seen = dci_exchanges(&desk);
    assert_eq!(
        seen.iter()
            .map(|(_, e, s, o)| (e.as_str(), *s, o.as_str()))
            .collect::<Vec<_>>(),
        [
            ("oauth2/client/token", Some(200), "SUCCESSFUL"),
            ("sync/search", Some(200), "SUCCESSFUL")
        ]
    );
    // The token and the client secret are nowhere in the journal's exchanges.
    let all = serde_json::to_string(
        &desk
            .journal
            .exchanges(Some(Peer::Dci), 0, i64::MAX, 100)
            .unwrap(),
    )
    .unwrap();
    assert!(!all.contains(desk.info["dci"]["client_secret"].as_str().unwrap()));
    assert!(!all.contains(desk.info["dci"]["private_key"].as_str().unwrap()));
    assert!(all.contains("Rameshwar"), "the answer body is journaled");
}

#[tokio::test]
async fn predicates_sort_and_page_through_the_registry() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let query = predicates(&["poverty_score lt 2.5", "relationship_head eq self"]);
    let mut spec = SearchSpec::new(query.clone());
    spec.sort = vec![parse_sort("UIN:desc").unwrap()];
    spec.page_size = Some(2);
    let first = dci.search(&spec).await.unwrap();
    let page = first.page.clone().unwrap();
    assert_eq!((page.page_number, page.page_size), (1, 2));
    assert!(page.total_count >= 3, "{page:?}");
    assert_eq!(first.records.len(), 2);
    let first_uins = uins(&first.records);
    assert!(first_uins[0] > first_uins[1], "desc order: {first_uins:?}");

    spec.page_number = Some(2);
    let second = dci.search(&spec).await.unwrap();
    assert_eq!(second.page.unwrap().page_number, 2);
    let second_uins = uins(&second.records);
    assert!(!second_uins.is_empty());
    assert!(
        first_uins[1] > second_uins[0],
        "{first_uins:?} then {second_uins:?}"
    );

    // The same heads ascending: the whole list reversed.
    let mut all = SearchSpec::new(query);
    all.sort = vec![parse_sort("UIN:asc").unwrap()];
    all.page_size = Some(100);
    let ascending = uins(&dci.search(&all).await.unwrap().records);
    assert_eq!(ascending.len() as u64, page.total_count);
    assert_eq!(ascending.last(), first_uins.first());
}

#[tokio::test]
async fn expression_search_over_households() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let mut spec = SearchSpec::new(
        parse_expression(
            r#"{"collection": "Household", "query": {"$and": [{"poverty_score": {"$lt": 2}}]}}"#,
        )
        .unwrap(),
    );
    spec.response_entity = Some("Household".into());
    spec.sort = vec![parse_sort("poverty_score").unwrap()];
    let found = dci.search(&spec).await.unwrap();
    let text = serde_json::to_string(&found.records).unwrap();
    // Koraput (1.6) and Jhabua (1.9), nothing at 2 or above.
    assert_eq!(found.records.len(), 2, "{text}");
    assert!(
        text.contains("HH-OD-KOR-0003") && text.contains("HH-MP-JHB-0008"),
        "{text}"
    );
    assert!(text.find("HH-OD-KOR-0003") < text.find("HH-MP-JHB-0008"));
}

#[tokio::test]
async fn a_query_the_registry_cannot_run_is_refused_with_its_reason_code() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let err = dci
        .search(&SearchSpec::new(
            parse_identifier("PAN:ABCDE1234F").unwrap(),
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Refused { .. }), "{err:?}");
    assert_eq!(err.code(), "rjct.search_criteria.invalid");
    assert!(err.to_string().contains("PAN"), "{err}");

    // Checked before sending: nothing goes out for a page size the yaml forbids.
    let mut spec = SearchSpec::new(parse_identifier("UIN:847951632").unwrap());
    spec.page_size = Some(500);
    let before = dci_exchanges(&desk).len();
    let err = dci.search(&spec).await.unwrap_err();
    assert!(matches!(err, Error::Input { .. }), "{err:?}");
    assert_eq!(dci_exchanges(&desk).len(), before);
}

#[tokio::test]
async fn async_search_answers_through_the_loopback_listener() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let mut listener = dci.listen(0).await.unwrap();
    assert!(listener.base_uri().starts_with("http://127.0.0.1:"));
    let spec = SearchSpec::new(parse_identifier("RATION_CARD:BR-10230045871").unwrap());
    let mut by_household = spec.clone();
    by_household.response_entity = Some("Household".into());
    let found = dci
        .search_async(&by_household, &mut listener, WAIT)
        .await
        .unwrap();
    assert_eq!(found.mode, "async");
    assert!(found.correlation_id.is_some());
    let text = serde_json::to_string(&found.records).unwrap();
    assert!(text.contains("HH-BR-GAY-0001"), "{text}");
    dci.close(listener).await.unwrap();

    let seen = dci_exchanges(&desk);
    assert!(seen.contains(&(
        Direction::Outgoing,
        "search".into(),
        Some(200),
        "SUCCESSFUL".into()
    )));
    assert!(
        seen.contains(&(
            Direction::Incoming,
            "on-search".into(),
            Some(200),
            "SUCCESSFUL".into()
        )),
        "{seen:?}"
    );
}

#[tokio::test]
async fn subscribe_receive_a_notification_then_unsubscribe() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let mut listener = dci.listen(0).await.unwrap();
    let spec = SubscribeSpec {
        reg_event_type: "REGISTER".into(),
        filter: predicates(&["district eq Koraput"]),
        response_entity: None,
    };
    let subscribed = dci.subscribe(&spec, &mut listener, WAIT).await.unwrap();
    assert_eq!(subscribed.subscriptions.len(), 1, "{subscribed:?}");
    let code = subscribed.subscriptions[0].code.clone();
    assert!(code.starts_with("SUB-"), "{code}");
    assert_eq!(subscribed.callback_uri, listener.base_uri());

    // Nothing yet.
    assert!(dci
        .next_notification(&mut listener, Duration::from_millis(200))
        .await
        .unwrap()
        .is_none());
    desk.control(
        "/_sandbox/dci/events",
        json!({"event_type": "REGISTER", "uin": "847952513", "set": {"poverty_score": "1.2"}}),
    )
    .await;
    let notification = dci
        .next_notification(&mut listener, WAIT)
        .await
        .unwrap()
        .expect("a notify callback");
    assert_eq!(notification.events.len(), 1);
    let event = &notification.events[0];
    assert_eq!(event.reg_event_type.as_deref(), Some("REGISTER"));
    assert!(event.records[0].to_string().contains("847952513"));
    assert!(notification.received_at.ends_with("+05:30"));

    let cancelled = dci
        .unsubscribe(std::slice::from_ref(&code), &mut listener, WAIT)
        .await
        .unwrap();
    assert_eq!(cancelled.subscriptions[0].status, "unsubscribe");
    // Cancelling again is the registry's refusal, with its code.
    let err = dci
        .unsubscribe(&[code], &mut listener, WAIT)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rjct.event.already_unsubscribed", "{err}");

    // No more notifications after unsubscribing.
    desk.control(
        "/_sandbox/dci/events",
        json!({"event_type": "REGISTER", "uin": "847952513", "set": {"poverty_score": "1.1"}}),
    )
    .await;
    assert!(dci
        .next_notification(&mut listener, Duration::from_millis(500))
        .await
        .unwrap()
        .is_none());
    dci.close(listener).await.unwrap();
    let incoming: Vec<String> = dci_exchanges(&desk)
        .into_iter()
        .filter(|(d, ..)| *d == Direction::Incoming)
        .map(|(_, e, ..)| e)
        .collect();
    assert_eq!(
        incoming,
        ["on-subscribe", "notify", "on-unsubscribe", "on-unsubscribe"]
    );
}

#[tokio::test]
async fn txn_status_of_a_search_and_of_an_unknown_transaction() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let found = dci
        .search(&SearchSpec::new(parse_identifier("UIN:847954514").unwrap()))
        .await
        .unwrap();
    let status = dci
        .txn_status(
            TxnType::Search,
            &TxnKey::TransactionId(found.transaction_id.clone()),
        )
        .await
        .unwrap();
    assert_eq!(status.transaction_id, found.transaction_id);
    assert_eq!(status.items.len(), 1);
    assert_eq!(status.items[0].status, "succ");
    assert_eq!(status.items[0].reference_id, found.reference_id);
    assert!(status.items[0].records[0].to_string().contains("Birsa"));

    let err = dci
        .txn_status(TxnType::Search, &TxnKey::TransactionId("T-NOPE".into()))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rjct.reference_id.invalid", "{err}");
}

#[tokio::test]
async fn answers_with_a_bad_signature_are_rejected_not_shown() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let spec = SearchSpec::new(parse_identifier("UIN:847951632").unwrap());
    for mode in ["wrong_key", "tampered", "unsigned"] {
        desk.control(
            "/_sandbox/dci/answer-signature",
            json!({"mode": mode, "times": 1}),
        )
        .await;
        let err = dci.search(&spec).await.unwrap_err();
        let Error::Client(client) = &err else {
            panic!("{mode}: {err:?}")
        };
        assert_eq!(client.class(), FailureClass::BadResponse, "{mode}");
        let text = err.to_string();
        assert!(
            text.contains("the registry's answer is not signed by it"),
            "{mode}: {text}"
        );
        assert!(!text.contains("Rameshwar"), "{mode}: content shown: {text}");
    }
    // The switch was for one answer each: the next one verifies.
    assert!(dci.search(&spec).await.is_ok());
    let outcomes: Vec<String> = dci_exchanges(&desk)
        .into_iter()
        .filter(|(_, e, ..)| e == "sync/search")
        .map(|(.., o)| o)
        .collect();
    assert_eq!(
        outcomes,
        ["bad_response", "bad_response", "bad_response", "SUCCESSFUL"]
    );

    // A forged txn-status answer too.
    desk.control(
        "/_sandbox/dci/answer-signature",
        json!({"mode": "wrong_key", "times": 1}),
    )
    .await;
    let err = dci
        .txn_status(TxnType::Search, &TxnKey::TransactionId("T-1".into()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not signed by it"), "{err}");
}

#[tokio::test]
async fn a_callback_with_a_bad_signature_is_refused_and_journaled() {
    let desk = SandboxDesk::start().await;
    let dci = registry(&desk);
    let mut listener = dci.listen(0).await.unwrap();
    desk.control(
        "/_sandbox/dci/answer-signature",
        json!({"mode": "tampered"}),
    )
    .await;
    let spec = SearchSpec::new(parse_identifier("UIN:847951632").unwrap());
    let err = dci
        .search_async(&spec, &mut listener, WAIT)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the registry's answer is not signed by it"),
        "{err}"
    );
    assert!(!err.to_string().contains("Rameshwar"));
    desk.control("/_sandbox/dci/answer-signature", json!({"mode": "valid"}))
        .await;
    dci.close(listener).await.unwrap();
    let refused: Vec<_> = dci_exchanges(&desk)
        .into_iter()
        .filter(|(d, e, ..)| *d == Direction::Incoming && e == "on-search")
        .collect();
    assert!(!refused.is_empty());
    assert!(refused
        .iter()
        .all(|(_, _, status, outcome)| *status == Some(401) && outcome == "bad_response"));
}

#[tokio::test]
async fn the_token_is_renewed_when_it_expires() {
    let desk = SandboxDesk::start().await;
    let clock = Arc::new(OffsetClock::new());
    let client = desk
        .profiles()
        .dci_client(PROFILE)
        .unwrap()
        .with_clock(clock.clone());
    let dci = DciRegistry::new(&desk.journal, Actor::Cli, PROFILE, Arc::new(client));
    let spec = SearchSpec::new(parse_identifier("UIN:847951632").unwrap());
    dci.search(&spec).await.unwrap();
    dci.search(&spec).await.unwrap();
    desk.sandbox.shared().clock.advance(3601);
    clock.advance(3601);
    dci.search(&spec).await.unwrap();
    let endpoints: Vec<String> = dci_exchanges(&desk)
        .into_iter()
        .map(|(_, e, ..)| e)
        .collect();
    assert_eq!(
        endpoints,
        [
            "oauth2/client/token",
            "sync/search",
            "sync/search",
            "oauth2/client/token",
            "sync/search"
        ]
    );
}

#[tokio::test]
async fn a_token_the_registry_calls_expired_is_renewed_once_on_its_401() {
    let desk = SandboxDesk::start().await;
    let clock = Arc::new(OffsetClock::new());
    let text = |name: &str| desk.info["dci"][name].as_str().unwrap().to_owned();
    let mut settings = DciSettings::new(
        desk.base(),
        text("client_id"),
        text("key_id"),
        text("registry_key_id"),
        text("registry_public_key"),
    );
    // Kept until it expires here, so only the registry's 401 can say it is stale.
    settings.token_renew_margin = Duration::ZERO;
    let secrets = DciSecrets {
        client_secret: text("client_secret").into(),
        private_key: text("private_key").into(),
    };
    let client = DciClient::new(settings, secrets)
        .unwrap()
        .with_clock(clock.clone());
    let dci = DciRegistry::new(&desk.journal, Actor::Cli, PROFILE, Arc::new(client));
    let spec = SearchSpec::new(parse_identifier("UIN:847951632").unwrap());
    dci.search(&spec).await.unwrap();
    // The registry's clock runs 31 s ahead: the token has expired there, not yet here (our
    // signatures stay within its 60 s skew allowance).
    desk.sandbox.shared().clock.advance(3601);
    clock.advance(3570);
    dci.search(&spec).await.unwrap();
    let seen: Vec<(String, Option<u16>)> = dci_exchanges(&desk)
        .into_iter()
        .map(|(_, e, s, _)| (e, s))
        .collect();
    assert_eq!(
        seen,
        [
            ("oauth2/client/token".to_owned(), Some(200)),
            ("sync/search".to_owned(), Some(200)),
            ("sync/search".to_owned(), Some(401)),
            ("oauth2/client/token".to_owned(), Some(200)),
            ("sync/search".to_owned(), Some(200)),
        ]
    );
}
