use kendra_journal::applications::NewBskTicket;
use kendra_journal::search::SearchQuery;
use kendra_journal::{Actor, CitizenDetails, Error, Journal};

use crate::open;

fn citizen(i: u32) -> CitizenDetails {
    CitizenDetails {
        name: Some(format!("Sukanya Bhattacharjee{i}")),
        mobile: Some(format!("+91 98300 {i:05}")),
        email: Some(format!("sukanya{i}@example.in")),
        aadhaar_ref: Some(format!("AADHAARREF{i:08}")),
        address: Some(format!("{i} Rashbehari Avenue, Kolkata")),
        date_of_birth: Some(format!("1990-01-{:02}", i % 28 + 1)),
    }
}

fn record(j: &Journal, i: u32) -> i64 {
    j.write(&Actor::Operator("Amit".into()), |tx| {
        tx.record_bsk_ticket(&NewBskTicket {
            user_id: "5001",
            ticket_no: &format!("2024010110000{i:04}"),
            service_code: Some("SC01"),
            profile: Some("sandbox-bsk"),
            citizen: Some(&citizen(i)),
        })
    })
    .unwrap()
    .application_ref
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn citizen_fields_are_never_in_the_file_or_its_wal_in_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    for i in 0..20 {
        record(&j, i);
    }
    let app = record(&j, 77);
    assert_eq!(j.citizen_of(app).unwrap(), Some(citizen(77)));
    let db = std::fs::read(dir.path().join("journal.sqlite3")).unwrap();
    let wal = std::fs::read(dir.path().join("journal.sqlite3-wal")).unwrap();
    assert!(wal.len() > 4096, "the WAL is part of the scan");
    for i in [0, 7, 19, 77] {
        let c = citizen(i);
        for value in [
            c.name,
            c.mobile,
            c.email,
            c.aadhaar_ref,
            c.address,
            c.date_of_birth,
        ] {
            let value = value.unwrap();
            for bytes in [&db, &wal] {
                assert!(
                    !contains(bytes, value.as_bytes()),
                    "{value} found in plaintext"
                );
            }
        }
        let digits = format!("98300{i:05}");
        assert!(!contains(&db, digits.as_bytes()) && !contains(&wal, digits.as_bytes()));
    }
    // And after a checkpoint into the main file.
    j.checkpoint().unwrap();
    let db = std::fs::read(dir.path().join("journal.sqlite3")).unwrap();
    assert!(!contains(&db, b"Sukanya") && !contains(&db, b"Rashbehari"));
}

#[test]
fn search_by_mobile_uses_the_blind_index_and_needs_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    let app = record(&j, 5);
    record(&j, 6);
    let hits = j
        .search(&SearchQuery {
            mobile: Some("09830000005".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].application_ref, app);
    assert_eq!(hits[0].ticket_no.as_deref(), Some("20240101100000005"));
    drop(j);
    let keyless = Journal::open(dir.path()).unwrap();
    assert!(matches!(
        keyless.search(&SearchQuery {
            mobile: Some("9830000005".into()),
            ..Default::default()
        }),
        Err(Error::CitizenKeyMissing)
    ));
    let wrong = Journal::open(dir.path())
        .unwrap()
        .with_citizen_key(&kendra_journal::CitizenKey::from_bytes([1; 32]));
    assert!(matches!(
        wrong.citizen_of(app),
        Err(Error::CitizenDecrypt { .. })
    ));
}

#[test]
fn retention_purges_old_citizen_data_but_keeps_ids_statuses_and_times() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    let old = record(&j, 1);
    j.write(&Actor::Cli, |tx| {
        tx.record_bsk_status("5001", "20240101100000001", "2", Some("Final Submitted"))
    })
    .unwrap();
    j.clock().advance_ms(31 * 24 * 3600 * 1000);
    let fresh = record(&j, 2);
    let report = j.purge_citizen_data(&Actor::Worker, 30).unwrap();
    assert_eq!(report.citizen_records, 1);
    assert_eq!(j.citizen_of(old).unwrap(), None);
    assert_eq!(j.citizen_of(fresh).unwrap(), Some(citizen(2)));
    let hit = j
        .search(&SearchQuery {
            ticket_no: Some("20240101100000001".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hit[0].current_status.as_deref(), Some("2"));
    assert_eq!(j.status_history(old).unwrap().len(), 1);
    assert!(j
        .search(&SearchQuery {
            mobile: Some("9830000001".into()),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    let audit = j.audit_log(Some("citizen_data"), 5).unwrap();
    assert_eq!(audit[0].action, "retention.purge");
    assert_eq!(audit[0].actor, "worker");
}

#[test]
fn exchange_bodies_are_sealed_at_rest_and_dropped_without_the_key() {
    use kendra_journal::exchanges::{Direction, ExchangeRecord};
    let answer = r#"{"first_name_eng":"Sukanya","mobile":"9830012345","dob":"1990-01-02"}"#;
    let exchange = |profile: &str| ExchangeRecord {
        direction: Direction::Outgoing,
        peer: kendra_journal::Peer::Isp,
        profile: Some(profile.into()),
        endpoint: "getApplicantCommonDetails".into(),
        started_ms: 1_700_000_000_000,
        finished_ms: Some(1_700_000_000_120),
        http_status: Some(200),
        outcome: "SUCCESSFUL".into(),
        request_body: Some(r#"{"request_id":"12345678901234"}"#.into()),
        response_body: Some(answer.into()),
    };
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    j.write(&Actor::Cli, |tx| tx.record_exchange(&exchange("with-key")))
        .unwrap();
    // Read back with the key: the body as recorded.
    let stored = j.exchanges(None, 0, i64::MAX, 10).unwrap();
    assert_eq!(stored[0].record.response_body.as_deref(), Some(answer));
    // A journal opened without the key keeps no bodies and cannot show the sealed ones.
    let keyless = Journal::open(dir.path()).unwrap();
    keyless
        .write(&Actor::Cli, |tx| tx.record_exchange(&exchange("no-key")))
        .unwrap();
    let seen = keyless.exchanges(None, 0, i64::MAX, 10).unwrap();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|e| e.record.response_body.is_none()));
    assert!(seen.iter().all(|e| e.record.outcome == "SUCCESSFUL"));
    drop(keyless);
    drop(j);
    for file in ["journal.sqlite3", "journal.sqlite3-wal"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        for needle in ["Sukanya", "9830012345", "1990-01-02"] {
            assert!(!contains(&bytes, needle.as_bytes()), "{needle} in {file}");
        }
    }
}
