use base64::Engine;
use kendra_client::{BskTransport, CommonDetailsRequest, Exchange, IspStatusDelivery};
use serde_json::json;

use crate::{acknowledgement, status, submission, Fixture};

/// Runs ISP and BSK flows (failures included), then scans every exchange's JSON and Debug form
/// and every error's message, detail and Debug for each secret as bytes and as base64.
#[tokio::test]
async fn no_secret_in_exchanges_errors_or_debug_output() {
    let fx = Fixture::start().await;
    let mut exchanges: Vec<Exchange> = Vec::new();
    let mut texts: Vec<String> = Vec::new();

    let isp = fx.isp_client();
    texts.push(format!("{isp:?}"));
    let sessionkey = fx.apply().await;
    let attempt = isp
        .validate_session_key(&kendra_client::SessionKeyValidation { sessionkey })
        .await;
    exchanges.extend(attempt.exchanges);
    let request = attempt.result.unwrap();
    for delivery in [
        IspStatusDelivery::Acknowledgement(acknowledgement(&request)),
        IspStatusDelivery::ServiceStatus(status(&request, "S102")),
        IspStatusDelivery::ServiceStatus(status(&request, "S105")), // refused: rule 4
    ] {
        let attempt = isp.deliver_status(&delivery).await;
        if let Err(e) = &attempt.result {
            texts.push(format!("{e} {:?} {e:?}", e.detail()));
        }
        exchanges.extend(attempt.exchanges);
    }
    fx.advance_clock(3601).await; // forces a 401 and a second sign-in
    for kind in ["http_500", "malformed", "failed"] {
        fx.fault(json!({"endpoint": "/ispws/*", "kind": kind, "times": 1}))
            .await;
        let attempt = isp
            .applicant_common_details(&CommonDetailsRequest {
                request_id: request.request_id.clone(),
            })
            .await;
        if let Err(e) = &attempt.result {
            texts.push(format!("{e} {:?} {e:?}", e.detail()));
        }
        exchanges.extend(attempt.exchanges);
    }
    let attempt = isp
        .applicant_common_details(&CommonDetailsRequest {
            request_id: request.request_id.clone(),
        })
        .await;
    exchanges.extend(attempt.exchanges);

    for transport in [BskTransport::V5Form, BskTransport::V4Jwt] {
        let bsk = fx.bsk_client_with(transport, |_| {});
        texts.push(format!("{bsk:?}"));
        for push in [
            submission("9054233544", "20241210113005128", "AMD/001", 2),
            submission("7908812345", "20241212160233771", "AMD/001", 2), // refused
        ] {
            let attempt = bsk.push_submission(&push).await;
            if let Err(e) = &attempt.result {
                texts.push(format!("{e} {:?} {e:?}", e.detail()));
            }
            exchanges.extend(attempt.exchanges);
        }
    }

    assert!(
        exchanges
            .iter()
            .filter(|e| e.endpoint == "authenticate")
            .count()
            >= 2
    );
    for exchange in &exchanges {
        texts.push(serde_json::to_string(exchange).unwrap());
        texts.push(format!("{exchange:?}"));
        for (name, value) in &exchange.request_headers {
            if name == "authorization" {
                assert_eq!(value, "Bearer ••••");
            }
        }
        if exchange.endpoint == "authenticate" {
            let body = exchange.response_body.as_deref().unwrap();
            assert!(body.contains(r#""token":"••••""#), "{body}");
            assert!(exchange.request_body.contains(r#""password":"••••""#));
        }
    }
    let haystack = texts.join("\n");
    for secret in fx.every_secret() {
        for form in [
            secret.clone(),
            base64::engine::general_purpose::STANDARD.encode(&secret),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&secret),
        ] {
            assert!(
                !haystack.contains(form.trim_end_matches('=')),
                "a secret leaked"
            );
        }
    }
    // Every JWT recorded (v4 payload tokens) has its signature masked; no bearer token remains.
    for (i, _) in haystack.match_indices("eyJ") {
        let token: String = haystack[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '•'))
            .collect();
        assert!(
            token.ends_with(".••••") || token.matches('.').count() < 2,
            "{token}"
        );
    }
}
