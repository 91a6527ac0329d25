use std::sync::Arc;

use kendra_client::{
    ActionTimeFormat, CommonDetailsRequest, FailureClass, IspClient, IspStatusDelivery, OffsetClock,
};

use crate::{acknowledgement, delivered, status, Fixture};

#[tokio::test]
async fn whole_isp_flow_apply_validate_details_s104_statuses_s112() {
    let fx = Fixture::start().await;
    let client = fx.isp_client();
    let sessionkey = fx.apply().await;

    let attempt = client
        .validate_session_key(&kendra_client::SessionKeyValidation {
            sessionkey: sessionkey.clone(),
        })
        .await;
    // First call: sign-in, then the call itself.
    let endpoints: Vec<_> = attempt
        .exchanges
        .iter()
        .map(|e| e.endpoint.as_str())
        .collect();
    assert_eq!(
        endpoints,
        ["authenticate", "getRequestValidatedAndRequestID"]
    );
    let call = &attempt.exchanges[1];
    assert!(call.succeeded());
    assert!(call
        .request_plaintext
        .as_deref()
        .unwrap()
        .contains(&sessionkey));
    assert!(call.request_body.contains("\"e_data\""));
    assert!(
        !call.request_body.contains(&sessionkey),
        "e_data is ciphertext"
    );
    assert!(call
        .answer_plaintext
        .as_deref()
        .unwrap()
        .contains("request_id"));
    assert!(!call.link_encrypted);
    let request = attempt.into_result().unwrap();
    assert_eq!(request.applicant_id, "UPA7K3M9Q2");
    assert_eq!(request.service_code, "10101");

    let details = client
        .applicant_common_details(&CommonDetailsRequest {
            request_id: request.request_id.clone(),
        })
        .await;
    assert_eq!(details.exchanges.len(), 1, "the token is cached");
    let details = details.into_result().unwrap();
    assert_eq!(details.text("first_name_hindi").as_deref(), Some("रमेश"));
    assert_eq!(details.text("mobile").as_deref(), Some("9415023871"));

    let deliveries = [
        IspStatusDelivery::Acknowledgement(acknowledgement(&request)),
        IspStatusDelivery::ServiceStatus(status(&request, "S102")),
        IspStatusDelivery::ServiceStatus(status(&request, "S103")),
        IspStatusDelivery::ServiceStatus(status(&request, "S105")),
        IspStatusDelivery::Delivered(delivered(&request)),
    ];
    for delivery in &deliveries {
        let attempt = client.deliver_status(delivery).await;
        let receipt = attempt.result.unwrap();
        assert_eq!(receipt.endpoint, delivery.endpoint());
        assert!(receipt.timestamp.is_some());
        assert_eq!(attempt.exchanges.len(), 1);
        let sent = attempt.exchanges[0].request_plaintext.as_deref().unwrap();
        // The manual's printed format is the default.
        assert!(sent.contains("\"action_taken_time\":\"2024-05-0"), "{sent}");
        assert!(
            !sent.contains("\"action_taken_time\":\"2024-05-01 "),
            "{sent}"
        );
    }
    let stats = fx.get("/_sandbox/stats").await;
    assert_eq!(
        stats["isp_statuses"][&request.request_id],
        serde_json::json!(["S104", "S102", "S103", "S105", "S112"])
    );
}

#[tokio::test]
async fn annexure_a_refusal_is_peer_failed_with_the_portal_text() {
    let fx = Fixture::start().await;
    let client = fx.isp_client_with(|s| s.action_time_format = ActionTimeFormat::Spaced);
    let request = fx.validated_request(&client).await;
    let ack = IspStatusDelivery::Acknowledgement(acknowledgement(&request));
    client.deliver_status(&ack).await.result.unwrap();
    let s102 = IspStatusDelivery::ServiceStatus(status(&request, "S102"));
    let sent = client.deliver_status(&s102).await;
    assert!(sent.exchanges[0]
        .request_plaintext
        .as_deref()
        .unwrap()
        .contains("\"action_taken_time\":\"2024-05-02 11:20:00\""));
    sent.result.unwrap();

    let s105 = IspStatusDelivery::ServiceStatus(status(&request, "S105"));
    let attempt = client.deliver_status(&s105).await;
    assert_eq!(attempt.failure_class(), Some(FailureClass::PeerFailed));
    assert_eq!(
        attempt.exchanges[0].outcome.failure_class(),
        Some(FailureClass::PeerFailed)
    );
    let error = attempt.result.unwrap_err();
    match &error {
        kendra_client::Error::PeerFailed { error, .. } => {
            assert!(error.contains("Annexure A rule 4"), "{error}")
        }
        other => panic!("{other:?}"),
    }
    assert!(error
        .to_string()
        .contains("after S102 (fee pending) only S103"));

    // A status to the wrong endpoint never leaves the desk.
    let mut wrong = status(&request, "S112");
    wrong.status_code = "S112".into();
    let attempt = client
        .deliver_status(&IspStatusDelivery::ServiceStatus(wrong))
        .await;
    assert_eq!(attempt.failure_class(), Some(FailureClass::LocalValidation));
    assert!(attempt.exchanges.is_empty());
}

#[tokio::test]
async fn token_renewed_before_expiry_by_its_exp() {
    let fx = Fixture::start().await;
    let clock = Arc::new(OffsetClock::new());
    let client: IspClient = fx.isp_client().with_clock(clock.clone());
    let request = fx.validated_request(&client).await;
    let details = CommonDetailsRequest {
        request_id: request.request_id.clone(),
    };
    assert_eq!(
        client
            .applicant_common_details(&details)
            .await
            .exchanges
            .len(),
        1
    );

    // 56 minutes on: inside the 5-minute margin, so the client renews before calling.
    fx.advance_clock(56 * 60).await;
    clock.advance(56 * 60);
    let attempt = client.applicant_common_details(&details).await;
    let endpoints: Vec<_> = attempt
        .exchanges
        .iter()
        .map(|e| e.endpoint.as_str())
        .collect();
    assert_eq!(endpoints, ["authenticate", "getApplicantCommonDetails"]);
    assert!(attempt
        .exchanges
        .iter()
        .all(|e| e.response_status == Some(200)));
    attempt.result.unwrap();
}

#[tokio::test]
async fn token_renewed_once_on_401() {
    let fx = Fixture::start().await;
    let client = fx.isp_client();
    let request = fx.validated_request(&client).await;
    let details = CommonDetailsRequest {
        request_id: request.request_id.clone(),
    };
    // The portal's clock passes the token's expiry; ours does not notice.
    fx.advance_clock(3601).await;
    let attempt = client.applicant_common_details(&details).await;
    let seen: Vec<_> = attempt
        .exchanges
        .iter()
        .map(|e| (e.endpoint.as_str(), e.response_status))
        .collect();
    assert_eq!(
        seen,
        [
            ("getApplicantCommonDetails", Some(401)),
            ("authenticate", Some(200)),
            ("getApplicantCommonDetails", Some(200)),
        ]
    );
    assert_eq!(
        attempt.exchanges[0].outcome.failure_class(),
        Some(FailureClass::TokenExpired)
    );
    attempt.result.unwrap();
}
