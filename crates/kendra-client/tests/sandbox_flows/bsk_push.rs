use kendra_client::{BskTransport, FailureClass};

use crate::{submission, Fixture};

#[tokio::test]
async fn api2_push_in_v5_form_transport() {
    let fx = Fixture::start().await;
    let client = fx.bsk_client_with(BskTransport::V5Form, |_| {});
    let mut push = submission("9054233544", "20241210113005128", "AMD/001", 3);
    push.paid_amt = Some("200.00".into());
    push.dept_pay_ref_no = Some("23424423424".into());
    push.trans_no = Some("1234353435".into());
    push.bank_ref_no = Some("4653443656".into());
    let attempt = client.push_submission(&push).await;
    let exchange = &attempt.exchanges[0];
    assert!(exchange.request_body.starts_with("agId=BSK&encData="));
    assert!(exchange
        .request_plaintext
        .as_deref()
        .unwrap()
        .contains(r#""ticketNo":20241210113005128"#));
    assert!(exchange
        .response_body
        .as_deref()
        .unwrap()
        .contains("encData"));
    assert!(exchange
        .answer_plaintext
        .as_deref()
        .unwrap()
        .contains("\"Success\""));
    let receipt = attempt.result.unwrap();
    assert_eq!(receipt.app_no.as_deref(), Some(push.app_no.as_str()));
    assert_eq!(receipt.response_status.as_deref(), Some("Success"));

    let stats = fx.get("/_sandbox/stats").await;
    let pushes = &stats["bsk_pushes"]["9054233544/20241210113005128"];
    assert_eq!(pushes[0]["paidAmt"], "200.00");
    assert_eq!(pushes[0]["transport"], "v5_form");

    // Nothing is accepted after the final push: the portal's refusal, with its text.
    let attempt = client.push_submission(&push).await;
    assert_eq!(attempt.failure_class(), Some(FailureClass::PeerFailed));
    assert!(!attempt.result.unwrap_err().to_string().is_empty());
}

#[tokio::test]
async fn api2_push_in_v4_jwt_transport() {
    let fx = Fixture::start().await;
    let client = fx.bsk_client_with(BskTransport::V4Jwt, |_| {});
    let draft = submission("9734518820", "20241211094512306", "HFW/003", 2);
    let attempt = client.push_submission(&draft).await;
    let exchange = &attempt.exchanges[0];
    assert!(exchange.request_body.contains(r#""passcode":"••••""#));
    assert!(exchange.request_body.contains(".••••\""));
    attempt.result.unwrap();
    let mut final_push = draft.clone();
    final_push.application_status = 3;
    final_push.paid_amt = Some("1250.50".into());
    final_push.dept_pay_ref_no = Some("DPR1".into());
    final_push.trans_no = Some("TR1".into());
    final_push.bank_ref_no = Some("BR1".into());
    client.push_submission(&final_push).await.result.unwrap();

    let stats = fx.get("/_sandbox/stats").await;
    let pushes = stats["bsk_pushes"]["9734518820/20241211094512306"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(pushes.len(), 2);
    assert_eq!(pushes[1]["paidAmt"], "1250.50");
    assert_eq!(pushes[1]["transport"], "v4_jwt");

    // The ticket belongs to another service: refused as HTTP 200, statusCode 400.
    let wrong = submission("7908812345", "20241212160233771", "AMD/001", 2);
    let attempt = client.push_submission(&wrong).await;
    assert_eq!(attempt.failure_class(), Some(FailureClass::PeerFailed));
    match attempt.result.unwrap_err() {
        kendra_client::Error::PeerFailed { error, .. } => assert!(
            error.contains("serviceCode") || error.contains("service"),
            "{error}"
        ),
        other => panic!("{other:?}"),
    }
}
