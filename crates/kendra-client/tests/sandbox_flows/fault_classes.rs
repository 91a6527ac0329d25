use std::time::{Duration, Instant};

use kendra_client::{BskTransport, CommonDetailsRequest, Error, FailureClass, IspClient};
use serde_json::json;

use crate::{submission, Fixture};

const DETAILS: &str = "/ispws/isp/v1/getApplicantCommonDetails";

async fn details_call(
    client: &IspClient,
    request_id: &str,
) -> kendra_client::Attempt<kendra_client::ApplicantCommonDetails> {
    client
        .applicant_common_details(&CommonDetailsRequest {
            request_id: request_id.to_owned(),
        })
        .await
}

#[tokio::test]
async fn every_isp_fault_mode_is_classified() {
    let fx = Fixture::start().await;
    let client = fx.isp_client_with(|s| s.http.total_timeout = Duration::from_millis(700));
    let request = fx.validated_request(&client).await;
    let cases = [
        (json!({"kind": "reset"}), FailureClass::Network),
        (json!({"kind": "http_500"}), FailureClass::Http5xx),
        (json!({"kind": "http_400"}), FailureClass::Http4xx),
        (json!({"kind": "failed"}), FailureClass::PeerFailed),
        (json!({"kind": "malformed"}), FailureClass::BadResponse),
        (
            json!({"kind": "latency", "ms": 1500}),
            FailureClass::Timeout,
        ),
        (
            json!({"kind": "slow_drip", "bytes_per_chunk": 16, "interval_ms": 200}),
            FailureClass::Timeout,
        ),
    ];
    for (mut fault, class) in cases {
        fault["endpoint"] = json!(DETAILS);
        fault["times"] = json!(1);
        fx.fault(fault.clone()).await;
        let attempt = details_call(&client, &request.request_id).await;
        assert_eq!(
            attempt.failure_class(),
            Some(class),
            "{fault}: {:?}",
            attempt.result
        );
        let exchange = attempt.exchanges.last().unwrap();
        assert_eq!(exchange.outcome.failure_class(), Some(class), "{fault}");
        let error = attempt.result.unwrap_err();
        assert!(!error.to_string().is_empty());
        if class == FailureClass::PeerFailed {
            assert!(
                error.to_string().contains("Unable to process the request"),
                "{error}"
            );
        }
        if class == FailureClass::Timeout {
            assert!(
                exchange.duration_ms < 1400,
                "{fault}: {}",
                exchange.duration_ms
            );
        }
        // The fault was used up: the next call goes through.
        details_call(&client, &request.request_id)
            .await
            .result
            .unwrap();
    }
}

#[tokio::test]
async fn size_limit_is_enforced_while_streaming() {
    let fx = Fixture::start().await;
    let client = fx.isp_client();
    let request = fx.validated_request(&client).await;
    let small = fx.isp_client_with(|s| s.http.max_response_bytes = 1024);
    // A normal answer larger than the limit (refused on its Content-Length or while reading).
    let attempt = details_call(&small, &request.request_id).await;
    assert!(matches!(
        attempt.result,
        Err(Error::ResponseTooLarge {
            limit_bytes: 1024,
            ..
        })
    ));
    assert_eq!(attempt.failure_class(), Some(FailureClass::BadResponse));
    // The sign-in (258 bytes) fit; the details record did not.
    assert_eq!(attempt.exchanges.len(), 2);
    assert_eq!(attempt.exchanges[1].endpoint, "getApplicantCommonDetails");

    // A slow drip without Content-Length: refused after 1024 bytes, long before the whole body.
    fx.fault(json!({"endpoint": DETAILS, "kind": "slow_drip", "bytes_per_chunk": 128, "interval_ms": 100, "times": 1}))
        .await;
    let started = Instant::now();
    let attempt = details_call(&small, &request.request_id).await;
    let elapsed = started.elapsed();
    assert!(
        matches!(attempt.result, Err(Error::ResponseTooLarge { .. })),
        "{:?}",
        attempt.result
    );
    let exchange = attempt.exchanges.last().unwrap();
    assert_eq!(exchange.endpoint, "getApplicantCommonDetails");
    assert_eq!(exchange.response_bytes, 1024, "{exchange:?}");
    assert!(exchange
        .response_headers
        .iter()
        .all(|(n, _)| n != "content-length"));
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn refused_connection_is_network() {
    let fx = Fixture::start().await;
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut settings = fx.isp_settings();
    settings.base_url = format!("http://127.0.0.1:{port}");
    let client = IspClient::new(settings, fx.isp_secrets()).unwrap();
    let attempt = client.authenticate().await;
    assert_eq!(attempt.failure_class(), Some(FailureClass::Network));
    assert_eq!(attempt.exchanges[0].response_status, None);
    assert!(attempt
        .result
        .unwrap_err()
        .to_string()
        .contains("could not reach UP ISP"));
}

#[tokio::test]
async fn bsk_faults_are_classified() {
    let fx = Fixture::start().await;
    let client = fx.bsk_client_with(BskTransport::V5Form, |s| {
        s.http.total_timeout = Duration::from_millis(500)
    });
    let push = submission("9054233544", "20241210113005128", "AMD/001", 2);
    for (kind, class) in [
        ("failed", FailureClass::PeerFailed),
        ("http_500", FailureClass::Http5xx),
        ("http_400", FailureClass::Http4xx),
        ("reset", FailureClass::Network),
        ("malformed", FailureClass::BadResponse),
    ] {
        fx.fault(json!({"endpoint": "/bsk/portal/api-2/submission", "kind": kind, "times": 1}))
            .await;
        let attempt = client.push_submission(&push).await;
        assert_eq!(
            attempt.failure_class(),
            Some(class),
            "{kind}: {:?}",
            attempt.result
        );
    }
    fx.fault(json!({"endpoint": "/bsk/*", "kind": "latency", "ms": 1000, "times": 1}))
        .await;
    assert_eq!(
        client.push_submission(&push).await.failure_class(),
        Some(FailureClass::Timeout)
    );
    client.push_submission(&push).await.result.unwrap();
}

#[tokio::test]
async fn bad_credentials_are_http_4xx_with_the_portal_text() {
    let fx = Fixture::start().await;
    let mut secrets = fx.isp_secrets();
    secrets.password = secrecy::SecretString::from("wrong-password-123".to_owned());
    let client = IspClient::new(fx.isp_settings(), secrets).unwrap();
    let attempt = client.authenticate().await;
    assert_eq!(attempt.failure_class(), Some(FailureClass::Http4xx));
    let text = attempt.result.unwrap_err().to_string();
    assert!(
        text.contains("To generate token valid user Name and password is required"),
        "{text}"
    );
}

/// A portal that signs in fine but refuses every token: 401 twice is token_expired, after
/// exactly one renewal.
#[tokio::test]
async fn persistent_401_is_token_expired_after_one_renewal() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || loop {
        let (mut socket, _) = listener.accept().unwrap();
        std::thread::spawn(move || {
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = socket.read(&mut buf).unwrap();
                request.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&request);
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length: ")
                                .map(|v| v.trim().parse::<usize>().unwrap())
                        })
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length || n == 0 {
                        break;
                    }
                }
            }
            let text = String::from_utf8_lossy(&request);
            let (status, body) = if text.starts_with("POST /ispws/authenticate") {
                let claims = json!({"sub": "UPREV0417", "iat": 1, "exp": 3601});
                let secret = kendra_wire::jwt_hs256::Hs256Secret::new("s", b"stub-secret").unwrap();
                let token =
                    kendra_wire::jwt_hs256::sign(claims.as_object().unwrap(), &secret).unwrap();
                (
                    "200 OK",
                    json!({"error": "", "statusMessage": "SUCCESSFUL", "token": token}),
                )
            } else {
                (
                    "401 Unauthorized",
                    json!({"error": "the token is not valid", "statusMessage": "FAILED", "data": null}),
                )
            };
            let body = body.to_string();
            let answer = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            socket.write_all(answer.as_bytes()).unwrap();
        });
    });
    let fx = Fixture::start().await;
    let mut settings = fx.isp_settings();
    settings.base_url = format!("http://127.0.0.1:{port}");
    let client = IspClient::new(settings, fx.isp_secrets()).unwrap();
    let attempt = details_call(&client, "20240501000001").await;
    let seen: Vec<_> = attempt
        .exchanges
        .iter()
        .map(|e| (e.endpoint.as_str(), e.response_status))
        .collect();
    assert_eq!(
        seen,
        [
            ("authenticate", Some(200)),
            ("getApplicantCommonDetails", Some(401)),
            ("authenticate", Some(200)),
            ("getApplicantCommonDetails", Some(401)),
        ]
    );
    assert_eq!(attempt.failure_class(), Some(FailureClass::TokenExpired));
    assert!(attempt.result.unwrap_err().to_string().contains("HTTP 401"));
}
