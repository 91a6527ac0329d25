//! `KeyringStore` against a real Secret Service (gnome-keyring in a private D-Bus session):
//!
//!     scripts/with-secret-service.sh cargo test -p kendra-secrets -- --include-ignored
//!
//! Every test files its entries under an app id of its own and deletes them afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use kendra_secrets::{
    mask, AppId, Error, ExposeSecret, KeyringStore, ProfileSecrets, SecretName, SecretStore,
    SecretString,
};

/// A store under an app id no other test or run uses.
fn fresh_store(label: &str) -> KeyringStore {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let app = AppId::new(format!(
        "in.kendra.desk.test-{label}-{}-{nanos}",
        std::process::id()
    ))
    .unwrap();
    KeyringStore::new(app)
}

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-secrets -- --ignored"]
fn set_get_overwrite_delete_in_any_script() {
    let store = fresh_store("roundtrip");
    let profile = "bsk-কলকাতা";
    let name = SecretName::BskPasscode;

    store.set(profile, name, &secret("পাসকোড-১২৩৪")).unwrap();
    assert!(store.exists(profile, name).unwrap());
    assert_eq!(
        store.get(profile, name).unwrap().expose_secret(),
        "পাসকোড-১২৩৪"
    );

    store.set(profile, name, &secret("गुप्त-कुंजी-५६७८")).unwrap();
    assert_eq!(
        store.get(profile, name).unwrap().expose_secret(),
        "गुप्त-कुंजी-५६७८"
    );
    assert_eq!(
        store.masked(profile, name).unwrap().unwrap(),
        mask(&secret("गुप्त-कुंजी-५६७८"))
    );

    assert!(store.delete(profile, name).unwrap());
    assert!(!store.exists(profile, name).unwrap());
    assert!(
        !store.delete(profile, name).unwrap(),
        "second delete finds nothing"
    );
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-secrets -- --ignored"]
fn empty_values_are_refused_and_nothing_is_saved() {
    let store = fresh_store("empty");
    let err = store
        .set("isp-lucknow", SecretName::IspPassword, &secret(""))
        .unwrap_err();
    assert!(matches!(
        err,
        Error::EmptySecret {
            secret: SecretName::IspPassword,
            ..
        }
    ));
    assert!(!store
        .exists("isp-lucknow", SecretName::IspPassword)
        .unwrap());

    // Refusing an empty overwrite keeps the value that was there.
    store
        .set("isp-lucknow", SecretName::IspPassword, &secret("p@ss"))
        .unwrap();
    assert!(store
        .set("isp-lucknow", SecretName::IspPassword, &secret(""))
        .is_err());
    assert_eq!(
        store
            .get("isp-lucknow", SecretName::IspPassword)
            .unwrap()
            .expose_secret(),
        "p@ss"
    );
    store.delete_profile("isp-lucknow").unwrap();
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-secrets -- --ignored"]
fn long_values_survive_whole() {
    let store = fresh_store("long");
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        "MC4CAQAwBQYDK2VwBCIEIN".repeat(200)
    );
    store
        .set("dci-registry", SecretName::DciPrivateKey, &secret(&pem))
        .unwrap();
    assert_eq!(
        store
            .get("dci-registry", SecretName::DciPrivateKey)
            .unwrap()
            .expose_secret(),
        pem
    );

    let long: String = "কেন্দ্র-केंद्र-kendra-".repeat(3000);
    assert!(long.len() > 64 * 1024);
    store
        .set("dci-registry", SecretName::DciClientSecret, &secret(&long))
        .unwrap();
    assert_eq!(
        store
            .get("dci-registry", SecretName::DciClientSecret)
            .unwrap()
            .expose_secret(),
        long
    );
    assert_eq!(store.delete_profile("dci-registry").unwrap(), 2);
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-secrets -- --ignored"]
fn app_ids_and_profiles_never_see_each_others_entries() {
    let release = fresh_store("release");
    let dev = KeyringStore::new(AppId::new(format!("{}.dev", release.app_id())).unwrap());
    let name = SecretName::HeaderSecretsPassKey;

    let cases = [
        (&release, "alpha", "release-alpha"),
        (&release, "beta", "release-beta"),
        (&dev, "alpha", "dev-alpha"),
        (&dev, "beta", "dev-beta"),
    ];
    for (store, profile, value) in cases {
        assert!(!store.exists(profile, name).unwrap());
        store.set(profile, name, &secret(value)).unwrap();
    }
    for (store, profile, value) in cases {
        assert_eq!(store.get(profile, name).unwrap().expose_secret(), value);
    }

    // Deleting in one namespace leaves the other three untouched.
    assert!(dev.delete("alpha", name).unwrap());
    assert!(matches!(
        dev.get("alpha", name),
        Err(Error::SecretMissing { .. })
    ));
    for (store, profile, value) in &cases[..2] {
        assert_eq!(store.get(profile, name).unwrap().expose_secret(), *value);
    }
    assert_eq!(dev.get("beta", name).unwrap().expose_secret(), "dev-beta");

    // Same profile, other secret name: a separate entry too.
    assert!(!release
        .exists("alpha", SecretName::HeaderSecretsClientSecret)
        .unwrap());

    for store in [&release, &dev] {
        store.delete_profile("alpha").unwrap();
        store.delete_profile("beta").unwrap();
    }
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-secrets -- --ignored"]
fn a_missing_entry_names_profile_and_secret() {
    let store = fresh_store("missing");
    store
        .set(
            "csp-signing",
            SecretName::CspClientSecret,
            &secret("cs-9f8e"),
        )
        .unwrap();

    let err = store
        .get("csp-signing", SecretName::CspPassword)
        .unwrap_err();
    match &err {
        Error::SecretMissing { profile, secret } => {
            assert_eq!(profile, "csp-signing");
            assert_eq!(*secret, SecretName::CspPassword);
        }
        other => panic!("expected SecretMissing, got {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains("csp-signing") && message.contains("CSP password"));
    assert!(!message.contains("cs-9f8e"));
    assert_eq!(err.detail(), None);

    assert_eq!(
        store
            .masked("csp-signing", SecretName::CspPassword)
            .unwrap(),
        None
    );
    let shape = ProfileSecrets::Csp {
        grant: kendra_secrets::CspGrantKind::Password,
    };
    assert_eq!(
        store.missing("csp-signing", shape.required()).unwrap(),
        vec![SecretName::CspPassword]
    );
    store.delete_profile("csp-signing").unwrap();
}

#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-secrets -- --ignored"]
fn works_from_inside_a_tokio_runtime() {
    // zbus's tokio flavour panics when blocked on inside a runtime; the async-io one must not.
    let store = fresh_store("tokio");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        store
            .set("bsk-live", SecretName::BskJwtSecret, &secret("jwt-secret"))
            .unwrap();
        assert_eq!(
            store
                .get("bsk-live", SecretName::BskJwtSecret)
                .unwrap()
                .expose_secret(),
            "jwt-secret"
        );
        let moved = store.clone();
        let value = tokio::task::spawn_blocking(move || {
            moved.get("bsk-live", SecretName::BskJwtSecret).unwrap()
        })
        .await
        .unwrap();
        assert_eq!(value.expose_secret(), "jwt-secret");
    });
    store.delete_profile("bsk-live").unwrap();
}

/// Locks the keyring, so it runs in a Secret Service of its own (a nested wrapper) and the other
/// tests keep theirs unlocked. With no display the unlock prompt is dismissed at once.
#[test]
#[ignore = "needs a Secret Service: scripts/with-secret-service.sh cargo test -p kendra-secrets -- --ignored"]
fn a_locked_keyring_says_so() {
    if std::env::var_os("KENDRA_SECRETS_LOCKED_CHILD").is_some() {
        let store = fresh_store("locked");
        store
            .set("isp-up", SecretName::IspSecretKey, &secret("shared-secret"))
            .unwrap();
        let locked = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .status()
            .unwrap();
        assert!(locked.success());
        let err = store.get("isp-up", SecretName::IspSecretKey).unwrap_err();
        assert!(matches!(err, Error::KeyringLocked { .. }), "{err:?}");
        assert!(err.to_string().starts_with("the keyring is locked"));
        assert!(!format!("{err} {err:?}").contains("shared-secret"));
        return;
    }
    let wrapper = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts/with-secret-service.sh");
    let output = Command::new(wrapper)
        .arg(std::env::current_exe().unwrap())
        .args([
            "a_locked_keyring_says_so",
            "--exact",
            "--nocapture",
            "--include-ignored",
        ])
        .env("KENDRA_SECRETS_LOCKED_CHILD", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "child failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 passed"));
}

/// Runs on any machine: the check happens in a child process whose session bus is a dead socket.
#[test]
fn no_secret_service_is_reported_plainly() {
    if std::env::var_os("KENDRA_SECRETS_DEAD_BUS_CHILD").is_some() {
        let store = fresh_store("nobus");
        let err = store.get("bsk-live", SecretName::BskKey).unwrap_err();
        assert!(matches!(err, Error::NoSecretService { .. }), "{err:?}");
        assert!(err
            .to_string()
            .contains("start your desktop's keyring, or run under scripts/with-secret-service.sh"));
        assert!(err.detail().is_some_and(|d| !d.is_empty()));
        let err = store
            .set("bsk-live", SecretName::BskKey, &secret("k"))
            .unwrap_err();
        assert!(matches!(err, Error::NoSecretService { .. }), "{err:?}");
        return;
    }
    let dead = std::env::temp_dir().join(format!("kendra-no-bus-{}", std::process::id()));
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "no_secret_service_is_reported_plainly",
            "--exact",
            "--nocapture",
        ])
        .env("KENDRA_SECRETS_DEAD_BUS_CHILD", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", dead.display()),
        )
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "child failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 passed"));
}

#[test]
fn the_wrapper_the_ignore_reasons_name_exists() {
    assert!(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts/with-secret-service.sh")
        .exists());
}
