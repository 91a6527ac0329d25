use kendra_journal::applications::{IspStatusUpdate, NewBskTicket, NewIspApplication};
use kendra_journal::search::SearchQuery;
use kendra_journal::{Actor, Peer};

use crate::open;

#[test]
fn every_search_kind_finds_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    let t0 = j.now_ms();
    j.write(&Actor::Cli, |tx| {
        tx.record_bsk_ticket(&NewBskTicket {
            user_id: "12345678901234567",
            ticket_no: "20221202153322882",
            ..Default::default()
        })?;
        tx.set_bsk_app_no("12345678901234567", "20221202153322882", "APP-77")?;
        tx.record_bsk_status("12345678901234567", "20221202153322882", "3", None)?;
        tx.record_isp_application(&NewIspApplication {
            request_id: "20240101000001",
            application_id: Some("UPAPP1"),
            ..Default::default()
        })?;
        Ok(())
    })
    .unwrap();
    j.clock().advance_ms(10_000);
    j.write(&Actor::Cli, |tx| {
        tx.record_isp_status(&IspStatusUpdate {
            request_id: "20240101000002",
            status_code: "S104",
            ..Default::default()
        })
    })
    .unwrap();
    let q = |q: SearchQuery| j.search(&q).unwrap();
    let bsk = q(SearchQuery {
        ticket_no: Some("20221202153322882".into()),
        ..Default::default()
    });
    assert_eq!(bsk.len(), 1);
    assert_eq!(bsk[0].user_id.as_deref(), Some("12345678901234567"));
    assert_eq!(bsk[0].app_no.as_deref(), Some("APP-77"));
    assert_eq!(
        q(SearchQuery {
            application_no: Some("APP-77".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        q(SearchQuery {
            application_no: Some("UPAPP1".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        q(SearchQuery {
            request_id: Some("20240101000002".into()),
            ..Default::default()
        })[0]
            .current_status
            .as_deref(),
        Some("S104")
    );
    assert_eq!(
        q(SearchQuery {
            status: Some("3".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        q(SearchQuery {
            peer: Some(Peer::Isp),
            ..Default::default()
        })
        .len(),
        2
    );
    let later = q(SearchQuery {
        from_ms: Some(t0 + 1),
        ..Default::default()
    });
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].request_id.as_deref(), Some("20240101000002"));
    assert_eq!(
        q(SearchQuery {
            to_ms: Some(t0 + 1),
            peer: Some(Peer::Isp),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(q(SearchQuery::default()).len(), 3);
}
