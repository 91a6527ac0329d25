//! `POST /_sandbox/dci/events`: something happens in the registry (a person's record changes, a
//! new household member is registered, a person is deregistered), and every active
//! subscription whose event type and filter match gets a signed `notify` at its callback.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::answer_envelopes::{callback_header, signed, timestamp};
use super::callback_delivery::{self, callback_url};
use super::registry_records::{decimal_millionths, normalise_sex, Person};
use super::registry_search::{household_matches, person_matches, Entity};
use crate::inbox::lock;
use crate::shared::Shared;

fn bad(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

/// Body: `{"event_type": "REGISTER" | "PAYMENT" | "DEREGISTER" | "NewHouseHoldMember",
/// "uin": "…", "set": {"poverty_score", "mobile", "marital_status", "occupation", "is_disabled"},
/// "household_identifier": "…", "member": {"given_name", "surname", "sex", "birth_date", …}}`.
pub async fn post_event(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return bad(
            "the body must be JSON with event_type and uin (or household_identifier and member)"
                .into(),
        );
    };
    let text = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).unwrap_or("").to_owned();
    let event_type = text(&event, "event_type");
    let now = shared.clock.now();
    let today = now.date_naive().format("%Y-%m-%d").to_string();

    // Change the registry, then find the subscriptions to notify (lock held briefly, no await).
    let (uin, notices) = {
        let mut state = lock(&shared.dci);
        let uin = match event_type.as_str() {
            "NewHouseHoldMember" => {
                let household_id = text(&event, "household_identifier");
                let Some(h) = state.registry.household(&household_id).cloned() else {
                    return bad(format!("household_identifier \"{household_id}\" is not in the registry (GET /_sandbox/info lists dci.households)"));
                };
                let member = event.get("member").cloned().unwrap_or(Value::Null);
                let (given, surname, birth) = (text(&member, "given_name"), text(&member, "surname"), text(&member, "birth_date"));
                if given.is_empty() || surname.is_empty() {
                    return bad("member.given_name and member.surname are required".into());
                }
                if chrono::NaiveDate::parse_from_str(&birth, "%Y-%m-%d").is_err() {
                    return bad(format!("member.birth_date \"{birth}\" is not a date like 2025-01-31"));
                }
                let sex = normalise_sex(&text(&member, "sex"));
                if sex != "male" && sex != "female" && sex != "other" {
                    return bad("member.sex must be male, female or other".into());
                }
                let uin = state.registry.next_uin();
                let relationship = text(&member, "relationship_head");
                state.registry.persons.push(Person {
                    uin: uin.clone(),
                    brn: text(&member, "brn"),
                    given_name: given,
                    surname,
                    local_name: text(&member, "local_name"),
                    sex,
                    birth_date: birth,
                    relationship_head: if relationship.is_empty() { "son".into() } else { relationship },
                    marital_status: "S".into(),
                    occupation: text(&member, "occupation"),
                    is_disabled: member.get("is_disabled").and_then(Value::as_bool).unwrap_or(false),
                    mobile: text(&member, "mobile"),
                    household_id: h.household_id.clone(),
                    deregistered: false,
                    registration_date: today.clone(),
                    last_updated: today.clone(),
                });
                if let Some(h) = state.registry.households.iter_mut().find(|x| x.household_id == h.household_id) {
                    h.last_updated = today.clone();
                }
                uin
            }
            "REGISTER" | "PAYMENT" | "DEREGISTER" => {
                let uin = text(&event, "uin");
                let Some(index) = state.registry.persons.iter().position(|p| p.uin == uin) else {
                    return bad(format!("uin \"{uin}\" is not in the registry"));
                };
                let set = event.get("set").cloned().unwrap_or(json!({}));
                if let Some(score) = set.get("poverty_score") {
                    let score = match score {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    if decimal_millionths(&score).is_none() {
                        return bad(format!("set.poverty_score \"{score}\" is not a decimal like 2.5"));
                    }
                    let household_id = state.registry.persons[index].household_id.clone();
                    if let Some(h) = state.registry.households.iter_mut().find(|h| h.household_id == household_id) {
                        h.poverty_score = score;
                        h.last_updated = today.clone();
                    }
                }
                let p = &mut state.registry.persons[index];
                for (name, slot) in [("mobile", &mut p.mobile), ("marital_status", &mut p.marital_status), ("occupation", &mut p.occupation)] {
                    if let Some(v) = set.get(name).and_then(Value::as_str) {
                        *slot = v.to_owned();
                    }
                }
                if let Some(v) = set.get("is_disabled").and_then(Value::as_bool) {
                    p.is_disabled = v;
                }
                if event_type == "DEREGISTER" {
                    p.deregistered = true;
                }
                p.last_updated = today.clone();
                uin
            }
            other => {
                return bad(format!(
                    "event_type \"{other}\" is not one of REGISTER, PAYMENT, DEREGISTER, NewHouseHoldMember"
                ))
            }
        };
        let today_date = now.date_naive();
        let registry = &state.registry;
        let Some(person) = registry.persons.iter().find(|p| p.uin == uin) else {
            return bad(format!("uin \"{uin}\" vanished"));
        };
        // A deregistered person still matches the subscriptions that follow them.
        let mut visible = person.clone();
        visible.deregistered = false;
        let household = registry.household(&person.household_id);
        let notices: Vec<(String, String, String, Value)> = state
            .subscriptions
            .iter()
            .filter(|s| s.active && s.reg_event_type == event_type)
            .filter(|s| match s.entity {
                Entity::Person => person_matches(registry, &visible, &s.filter, today_date),
                Entity::Household => {
                    household.is_some_and(|h| household_matches(registry, h, &s.filter))
                }
            })
            .map(|s| {
                let (entity, record) = match (s.entity, household) {
                    (Entity::Household, Some(h)) => ("Household", registry.household_record(h)),
                    _ => ("Member", registry.person_record(person)),
                };
                (
                    s.code.clone(),
                    s.sender_id.clone(),
                    s.callback_uri.clone(),
                    json!({ "entity": entity, "record": record }),
                )
            })
            .collect();
        (uin, notices)
    };

    let mut notified = Vec::new();
    for (code, sender_id, base, found) in notices {
        let n = lock(&shared.dci).next_number();
        let message = json!({
            "transaction_id": format!("SR-NOTIFY-{n:06}"),
            "notify_event": [{
                "reference_id": format!("{code}-{n:06}"),
                "timestamp": timestamp(now),
                "data": {
                    "version": "1.0.0",
                    "reg_type": "ns:org:RegistryType:Social",
                    "reg_event_type": event_type,
                    "response_entity": found["entity"],
                    "reg_records": found["record"],
                },
            }],
        });
        let header = callback_header("notify", "succ", None, 1, &sender_id, now);
        let delivery = callback_delivery::spawn(
            &shared,
            "notify",
            callback_url(&base, "notify"),
            &sender_id,
            signed(header, Some(message), now),
        );
        notified.push(
            json!({ "subscription_code": code, "sender_id": sender_id, "delivery_id": delivery }),
        );
    }
    let record = {
        let state = lock(&shared.dci);
        state
            .registry
            .persons
            .iter()
            .find(|p| p.uin == uin)
            .map(|p| state.registry.person_record(p))
    };
    Json(json!({ "event_type": event_type, "uin": uin, "person": record, "notified": notified }))
        .into_response()
}
