//! How an ISP status is stored in an outbox item: the call's record with the manual's field names
//! (`request_id`, `status_code`, …) as a flat JSON object, the call given by the item's endpoint
//! kind. This is the serialized [`IspStatusDelivery`] without its `call` tag, so the journal's
//! admin edit (which insists the payload keeps `request_id` and `status_code`) and its bulk
//! import (flat rows) agree with what is delivered. The tagged form is read as well.

use kendra_client::isp_client::{ACKNOWLEDGEMENT, DELIVERED_STATUS, SERVICE_STATUS};
use kendra_client::IspStatusDelivery;
use serde_json::Value;

pub fn to_payload(delivery: &IspStatusDelivery) -> Result<Value, serde_json::Error> {
    match delivery {
        IspStatusDelivery::Acknowledgement(a) => serde_json::to_value(a),
        IspStatusDelivery::ServiceStatus(s) => serde_json::to_value(s),
        IspStatusDelivery::Delivered(d) => serde_json::to_value(d),
    }
}

/// The delivery an item holds; the error says what is wrong with the stored payload.
pub fn from_item(endpoint_kind: &str, payload: &Value) -> Result<IspStatusDelivery, String> {
    if payload.get("call").is_some() && payload.get("payload").is_some() {
        return serde_json::from_value(payload.clone()).map_err(|e| e.to_string());
    }
    let value = payload.clone();
    let delivery = match endpoint_kind {
        ACKNOWLEDGEMENT => serde_json::from_value(value).map(IspStatusDelivery::Acknowledgement),
        SERVICE_STATUS => serde_json::from_value(value).map(IspStatusDelivery::ServiceStatus),
        DELIVERED_STATUS => serde_json::from_value(value).map(IspStatusDelivery::Delivered),
        other => {
            return Err(format!(
                "{other:?} is not an ISP status endpoint ({ACKNOWLEDGEMENT}, {SERVICE_STATUS} or {DELIVERED_STATUS})"
            ))
        }
    };
    let delivery = delivery.map_err(|e| e.to_string())?;
    if delivery.endpoint() != endpoint_kind {
        return Err(format!(
            "the payload is for {}, the item for {endpoint_kind}",
            delivery.endpoint()
        ));
    }
    Ok(delivery)
}

/// Whether the portal's refusal of `code` says it already has that very status: the answer a
/// repeated S104 (rule 1: once only) or a repeated S110/S112 (rule 2: nothing after them) gets.
/// Other codes may legitimately repeat, so the portal accepts a repeat of them.
pub fn refusal_says_already_received(code: &str, peer_text: &str) -> bool {
    let text = peer_text.to_ascii_lowercase();
    let code = code.to_ascii_lowercase();
    match code.as_str() {
        "s104" => text.contains("s104") && text.contains("already"),
        "s110" | "s112" => text.contains(&format!("already has {code}")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn status() -> Value {
        json!({
            "request_id": "20240501000001", "service_code": "10101", "applicant_id": "UPA7K3M9Q2",
            "application_id": "REV/1", "status_code": "S105", "remarks": "",
            "pendency_level": "1", "pending_with_officer": "NA",
            "action_taken_time": "2024-05-02 11:20:00", "d1": "x"
        })
    }

    #[test]
    fn flat_payloads_round_trip_by_endpoint_kind() {
        let delivery = from_item(SERVICE_STATUS, &status()).unwrap();
        assert_eq!(delivery.status_code(), "S105");
        assert_eq!(to_payload(&delivery).unwrap(), status());
        let tagged = serde_json::to_value(&delivery).unwrap();
        assert_eq!(from_item(SERVICE_STATUS, &tagged).unwrap(), delivery);
        assert!(from_item(ACKNOWLEDGEMENT, &status()).is_err());
        assert!(from_item("api2-push", &status())
            .unwrap_err()
            .contains("not an ISP status endpoint"));
    }

    #[test]
    fn repeated_closing_codes_are_recognised_from_the_portal_text() {
        assert!(refusal_says_already_received(
            "S104",
            "status_code S104 refused: Annexure A rule 1: S104 is accepted only once for a request_id, and it was already received"
        ));
        assert!(refusal_says_already_received(
            "S112",
            "status_code S112 refused: Annexure A rule 2: after S110/S112 no other status code is accepted (this request already has S112)"
        ));
        assert!(!refusal_says_already_received(
            "S112",
            "status_code S112 refused: Annexure A rule 1: S104 must be sent before S110/S112"
        ));
        assert!(!refusal_says_already_received("S105", "already received"));
        assert!(!refusal_says_already_received(
            "S104",
            "sandbox fault: FAILED"
        ));
    }
}
