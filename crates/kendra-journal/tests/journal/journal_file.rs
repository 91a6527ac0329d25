use kendra_journal::{Error, Journal};

use crate::open;

#[test]
fn open_creates_the_file_in_wal_mode_with_every_migration_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(&dir.path().join("data"));
    assert!(dir.path().join("data/journal.sqlite3").exists());
    let v = j.schema_version().unwrap();
    assert!(v >= 20261123100100);
    drop(j);
    let conn = rusqlite::Connection::open(dir.path().join("data/journal.sqlite3")).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count();
    assert_eq!(n as usize, files, "every migration file applied once");
    // Reopening applies nothing twice.
    let j = Journal::open(&dir.path().join("data")).unwrap();
    assert_eq!(j.schema_version().unwrap(), v);
}

#[test]
fn a_file_from_a_newer_kendra_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    let conn = rusqlite::Connection::open(dir.path().join("journal.sqlite3")).unwrap();
    conn.execute(
        "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (29990101000000, 'future', 0)",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Journal::open(dir.path()).unwrap_err();
    assert!(matches!(
        err,
        Error::SchemaTooNew {
            found: 29990101000000,
            ..
        }
    ));
    assert!(err.to_string().contains("update Kendra"));
}

#[test]
fn profiles_keep_settings_only_and_every_change_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    let actor = kendra_journal::Actor::Operator("Rina".into());
    j.write(&actor, |tx| {
        tx.upsert_profile(
            "sandbox-bsk",
            kendra_journal::Peer::Bsk,
            &serde_json::json!({ "base_url": "http://127.0.0.1:1", "transport": "v5" }),
        )
    })
    .unwrap();
    let p = j.profile("sandbox-bsk").unwrap().unwrap();
    assert_eq!(p.settings["transport"], "v5");
    assert!(matches!(
        j.write(&actor, |tx| tx.upsert_profile(
            "x",
            kendra_journal::Peer::Isp,
            &serde_json::json!([1])
        )),
        Err(Error::ProfileSettingsNotObject)
    ));
    let audit = j.audit_log(Some("profile:sandbox-bsk"), 10).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor, "Rina");
    assert_eq!(audit[0].action, "profile.set");
    // No column of the profiles table could hold a secret.
    let conn = rusqlite::Connection::open(j.path()).unwrap();
    let cols: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('integration_profiles')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        cols,
        [
            "id",
            "name",
            "peer",
            "settings_json",
            "created_ms",
            "updated_ms"
        ]
    );
}

#[test]
fn a_failed_change_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let j = open(dir.path());
    let r = j.write(&kendra_journal::Actor::Cli, |tx| {
        tx.record_bsk_ticket(&kendra_journal::applications::NewBskTicket {
            user_id: "1001",
            ticket_no: "20221202153322882",
            ..Default::default()
        })?;
        tx.record_bsk_ticket(&kendra_journal::applications::NewBskTicket {
            user_id: "1001",
            ticket_no: "2022-12",
            ..Default::default()
        })
    });
    assert!(matches!(
        r,
        Err(Error::NotDigits {
            field: "ticketNo",
            ..
        })
    ));
    assert!(j
        .search(&kendra_journal::search::SearchQuery {
            ticket_no: Some("20221202153322882".into()),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    assert!(j.audit_log(None, 10).unwrap().is_empty());
}
