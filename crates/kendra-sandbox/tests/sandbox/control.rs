//! The control surface: info, faults (every mode), clock, inbox, stats and reset.

use serde_json::json;

use crate::support::TestSandbox;

#[tokio::test]
async fn info_names_every_peer_and_is_marked_not_production() {
    let t = TestSandbox::start().await;
    assert_eq!(t.info["sandbox"], true);
    assert_eq!(t.info["production"], false);
    for peer in ["bsk", "isp", "header_secrets", "dci", "csp"] {
        assert!(
            t.info[peer]["base_url"]
                .as_str()
                .unwrap()
                .starts_with("http://127.0.0.1:"),
            "{peer}"
        );
    }
}

#[tokio::test]
async fn faults_are_validated_listed_and_removed() {
    let t = TestSandbox::start().await;
    let bad = t
        .post_json(
            "/_sandbox/faults",
            &json!({"endpoint": "nope", "kind": "reset"}),
        )
        .await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("must start with /"));
    let bad = t
        .post_json(
            "/_sandbox/faults",
            &json!({"endpoint": "*", "kind": "explode"}),
        )
        .await;
    assert_eq!(bad.status(), 400);
    t.fault(json!([{"endpoint": "/x/*", "kind": "http_500", "times": 1}, {"endpoint": "*", "kind": "latency", "ms": 1}])).await;
    let listed = t.get_json("/_sandbox/faults").await;
    assert_eq!(listed["faults"].as_array().unwrap().len(), 2);
    let id = listed["faults"][0]["id"].as_u64().unwrap();
    assert_eq!(
        t.http
            .delete(t.url(&format!("/_sandbox/faults/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        t.http
            .delete(t.url(&format!("/_sandbox/faults/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    t.http
        .delete(t.url("/_sandbox/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(t.get_json("/_sandbox/faults").await["faults"], json!([]));
}

#[tokio::test]
async fn generic_fault_modes_on_an_unknown_peer_path() {
    // Faults sit in front of every peer route; an unknown path answers 404 when not faulted.
    let t = TestSandbox::start().await;
    let path = "/bsk/no-such-endpoint";
    t.fault(json!({"endpoint": path, "kind": "http_500", "times": 1}))
        .await;
    assert_eq!(t.http.get(t.url(path)).send().await.unwrap().status(), 500);
    assert_eq!(t.http.get(t.url(path)).send().await.unwrap().status(), 404);

    t.fault(json!({"endpoint": path, "kind": "http_400", "times": 1}))
        .await;
    assert_eq!(t.http.get(t.url(path)).send().await.unwrap().status(), 400);

    t.fault(json!({"endpoint": path, "kind": "reset", "times": 1}))
        .await;
    let reset = match t.http.get(t.url(path)).send().await {
        Ok(r) => r.bytes().await.is_err(),
        Err(_) => true,
    };
    assert!(reset, "a reset must break the answer");

    t.fault(json!({"endpoint": path, "kind": "latency", "ms": 300, "times": 1}))
        .await;
    let start = std::time::Instant::now();
    t.http.get(t.url(path)).send().await.unwrap();
    assert!(start.elapsed() >= std::time::Duration::from_millis(300));

    t.fault(json!({"endpoint": path, "kind": "slow_drip", "bytes_per_chunk": 1, "interval_ms": 20, "times": 1})).await;
    let start = std::time::Instant::now();
    let r = t.http.get(t.url(path)).send().await.unwrap();
    r.bytes().await.unwrap();
    assert!(start.elapsed() >= std::time::Duration::from_millis(100));

    let stats = t.get_json("/_sandbox/stats").await;
    let counts = &stats["requests"][path];
    assert_eq!(counts["fault_http_500"], 1);
    assert_eq!(counts["fault_reset"], 1);
    assert!(counts["http_404"].as_u64().unwrap() >= 3);
}

#[tokio::test]
async fn clock_moves_and_reset_restores() {
    let t = TestSandbox::start().await;
    t.advance_clock(600).await;
    assert_eq!(t.get_json("/_sandbox/clock").await["offset_secs"], 600);
    t.fault(json!({"endpoint": "*", "kind": "latency", "ms": 1}))
        .await;
    let r = t.http.post(t.url("/_sandbox/reset")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(t.get_json("/_sandbox/clock").await["offset_secs"], 0);
    assert_eq!(t.get_json("/_sandbox/faults").await["faults"], json!([]));
    assert_eq!(t.get_json("/_sandbox/inbox").await["messages"], json!([]));
}

#[tokio::test]
async fn a_peers_own_sandbox_route_fails_the_way_that_peer_does() {
    let t = TestSandbox::start().await;
    t.fault(json!({"endpoint": "/_sandbox/isp/apply", "kind": "failed", "times": 1}))
        .await;
    let body: serde_json::Value = t
        .post_json("/_sandbox/isp/apply", &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["statusMessage"], "FAILED", "{body}");
}
