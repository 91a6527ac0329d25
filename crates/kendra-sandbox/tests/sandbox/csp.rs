//! The ADSS CSP peer, driven through kendra-wire's `csp` module: token forms built and token
//! answers read by kendra-wire, JSON bodies built with its request types, answers read with
//! `read_json_answer`, refusals with `parse_error_body` / `refusal_from_http`. Signatures are
//! checked with the `openssl` command line.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Utc;
use kendra_sandbox::{RunningSandbox, SandboxConfig};
use kendra_wire::base64_text;
use kendra_wire::csp::certificate_messages::{CertificateList, UserCertificate};
use kendra_wire::csp::oauth_token::{read_token_response, revoke_refresh_token_form};
use kendra_wire::csp::service_messages::{
    status_path, About, AdvanceSettings, AuthenticationProfiles, PasswordPolicy, ServiceStatus,
};
use kendra_wire::csp::signing_messages::{DocToSign, SignRequest, SignResponse, SignStatus};
use kendra_wire::csp::user_messages::{
    user_path, users_page_path, RegisterUserRequest, User, UserCount, UserList, UserStatus,
};
use kendra_wire::csp::{
    parse_error_body, read_json_answer, refusal_from_http, AccessToken, FormRequest, TokenRequest,
};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::TestSandbox;

const BASE: &str = "/adss/service/csp";

fn s(text: &str) -> SecretString {
    SecretString::from(text)
}

fn info_text(sb: &TestSandbox, key: &str) -> String {
    sb.info["csp"][key]
        .as_str()
        .unwrap_or_else(|| panic!("csp.{key} missing from info: {}", sb.info["csp"]))
        .to_owned()
}

fn client(sb: &TestSandbox) -> (String, SecretString) {
    (
        info_text(sb, "client_id"),
        s(&info_text(sb, "client_secret")),
    )
}

/// The raw answer: status, `x-total-records` (if any) and body.
struct Answer {
    status: u16,
    total_records: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn read<T: DeserializeOwned>(&self, what: &str) -> T {
        read_json_answer(what, self.status, &self.body).unwrap_or_else(|e| {
            panic!(
                "{what}: {e:?} (HTTP {}, {})",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The guide's error code, after checking kendra-wire turns the answer into a refusal.
    fn refused(&self, status: u16) -> String {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert!(matches!(
            refusal_from_http(self.status, &self.body),
            kendra_wire::Error::PeerRefused { .. }
        ));
        let parsed = parse_error_body(&self.body).unwrap();
        assert!(
            parsed.guide_entry().is_some(),
            "code {} not in the guide's table",
            parsed.code
        );
        let description = parsed.description.clone().unwrap_or_default();
        assert!(
            description.starts_with(parsed.guide_entry().unwrap().guide_text),
            "{description}"
        );
        parsed.code
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send_form(sb: &TestSandbox, form: &FormRequest) -> Answer {
    let mut request = sb
        .http
        .post(sb.url(form.path))
        .header("Content-Type", form.content_type)
        .body(form.body.expose_secret().to_owned());
    for (name, value) in &form.headers {
        request = request.header(*name, value);
    }
    answer(request).await
}

async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let total_records = response
        .headers()
        .get("x-total-records")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.bytes().await.unwrap().to_vec();
    Answer {
        status,
        total_records,
        body,
    }
}

async fn token(sb: &TestSandbox, request: TokenRequest) -> AccessToken {
    let answer = send_form(sb, &request.build().unwrap()).await;
    read_token_response(answer.status, &answer.body, Utc::now())
        .unwrap_or_else(|e| panic!("{e:?}: {}", answer.text()))
}

async fn client_token(sb: &TestSandbox) -> AccessToken {
    let (id, secret) = client(sb);
    token(sb, TokenRequest::client_credentials(id, secret)).await
}

async fn user_token(sb: &TestSandbox, user: &str, password: &str) -> AccessToken {
    let (id, secret) = client(sb);
    token(sb, TokenRequest::password(id, secret, user, s(password))).await
}

async fn main_user_token(sb: &TestSandbox) -> AccessToken {
    user_token(sb, &info_text(sb, "username"), &info_text(sb, "password")).await
}

/// A JSON call with `Authorization: Bearer`.
async fn call(
    sb: &TestSandbox,
    method: Method,
    path: &str,
    token: &AccessToken,
    body: Option<&str>,
) -> Answer {
    let mut request = sb
        .http
        .request(method, sb.url(path))
        .header("Accept", "application/json")
        .header(
            "Authorization",
            token.authorization_header().expose_secret(),
        );
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json; charset=utf-8")
            .body(body.to_owned());
    }
    answer(request).await
}

fn sign_body(cert_alias: &str, documents: &[&[u8]]) -> String {
    SignRequest {
        profile_id: Some("CSP-Kendra-Sandbox".into()),
        sam_user_id: None,
        cert_alias: cert_alias.into(),
        cert_password: None,
        request_description: Some("Caste certificate UP-2024-000123".into()),
        docs_to_sign_info: documents
            .iter()
            .enumerate()
            .map(|(i, doc)| {
                DocToSign::sha256(Some(format!("doc-{i}.pdf")), &Sha256::digest(doc)).unwrap()
            })
            .collect(),
    }
    .to_body()
    .unwrap()
    .expose_secret()
    .to_owned()
}

async fn set_mode(sb: &TestSandbox, mode: Value) {
    let r = sb.post_json("/_sandbox/csp/signing-mode", &mode).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

async fn sign_status(sb: &TestSandbox, token: &AccessToken, request_id: &str) -> SignResponse {
    let body = json!({ "profile_id": "CSP-Kendra-Sandbox", "request_id": request_id }).to_string();
    call(
        sb,
        Method::POST,
        &format!("{BASE}/v2/sign/status"),
        token,
        Some(&body),
    )
    .await
    .read("sign status")
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kendra-csp-{name}-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64_text::encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

fn openssl(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl must be installed");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "openssl {args:?} failed: {text}");
    text
}

#[tokio::test]
async fn info_exposes_credentials_paths_and_the_ca() {
    let sb = TestSandbox::start().await;
    let csp = &sb.info["csp"];
    for key in [
        "base_url",
        "client_id",
        "client_secret",
        "username",
        "password",
        "profile_id",
        "cert_alias",
        "ca_certificate_pem",
    ] {
        assert!(csp[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
    }
    assert!(csp["ca_certificate_pem"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    assert_eq!(
        csp["paths"]["sign_request"],
        "/adss/service/csp/v2/sign/request"
    );
    let users = csp["users"].as_array().unwrap();
    assert_eq!(users.len(), 5);
    assert_eq!(users[0]["cert_aliases"][0], csp["cert_alias"]);
    assert!(users
        .iter()
        .all(|u| u["cert_aliases"][0].as_str().unwrap().len() == 31));
}

#[tokio::test]
async fn authenticate_grants_refresh_once_and_expiry() {
    let sb = TestSandbox::start().await;
    let (id, secret) = client(&sb);
    let user = main_user_token(&sb).await;
    assert_eq!(user.expires_in, Some(chrono::TimeDelta::seconds(3600)));
    let app = client_token(&sb).await;
    let about_path = format!("{BASE}/v2/about");
    for t in [&user, &app] {
        let about: About = call(&sb, Method::GET, &about_path, t, None)
            .await
            .read("about");
        assert_eq!(about.version, "7.0.2");
    }

    // The refresh token works once and yields a working pair.
    let refresh = user.refresh_token.clone().unwrap();
    let renewed = token(
        &sb,
        TokenRequest::refresh_token(id.clone(), secret.clone(), refresh.clone()),
    )
    .await;
    call(&sb, Method::GET, &about_path, &renewed, None)
        .await
        .read::<About>("about");
    let again = send_form(
        &sb,
        &TokenRequest::refresh_token(id.clone(), secret.clone(), refresh)
            .build()
            .unwrap(),
    )
    .await;
    assert_eq!(again.refused(401), "60045");

    // Revoke (§3.3) with a client token: the revoked refresh token no longer works.
    let second_refresh = renewed.refresh_token.clone().unwrap();
    let revoke = revoke_refresh_token_form(&second_refresh).unwrap();
    let revoked = answer(
        sb.http
            .post(sb.url(revoke.path))
            .header("Content-Type", revoke.content_type)
            .header("Authorization", app.authorization_header().expose_secret())
            .body(revoke.body.expose_secret().to_owned()),
    )
    .await;
    assert_eq!(revoked.status, 200, "{}", revoked.text());
    let after_revoke = send_form(
        &sb,
        &TokenRequest::refresh_token(id.clone(), secret.clone(), second_refresh)
            .build()
            .unwrap(),
    )
    .await;
    assert_eq!(after_revoke.refused(401), "60045");

    // Access tokens expire by the sandbox clock.
    sb.advance_clock(3601).await;
    let expired = call(&sb, Method::GET, &about_path, &app, None).await;
    assert_eq!(expired.refused(401), "60045");
    assert!(expired.text().contains("expired"));
    // No token at all.
    let none = answer(sb.http.get(sb.url(&about_path))).await;
    assert_eq!(none.refused(401), "60045");
}

#[tokio::test]
async fn authenticate_refusals_use_the_guides_codes() {
    let sb = TestSandbox::start().await;
    let (id, secret) = client(&sb);
    let user = info_text(&sb, "username");
    let cases: Vec<(TokenRequest, u16, &str)> = vec![
        (
            TokenRequest::client_credentials("someone_else", secret.clone()),
            401,
            "86011",
        ),
        (
            TokenRequest::client_credentials(id.clone(), s("wrong")),
            401,
            "86024",
        ),
        (
            TokenRequest::password(id.clone(), secret.clone(), "nobody", s("Kendra@2024")),
            401,
            "60008",
        ),
        (
            TokenRequest::password(
                id.clone(),
                secret.clone(),
                "moumita.ghosh",
                s("Moumita@2024"),
            ),
            401,
            "60009",
        ),
        (
            TokenRequest::password(
                id.clone(),
                secret.clone(),
                "rajesh.pandey",
                s("Rajesh@2024"),
            ),
            401,
            "60029",
        ),
        (
            TokenRequest::client_credentials(id.clone(), secret.clone())
                .with_authentication_profile("adss:authentication:profile:999"),
            401,
            "60053",
        ),
    ];
    for (request, status, code) in cases {
        let answer = send_form(&sb, &request.build().unwrap()).await;
        assert_eq!(answer.refused(status), code, "{}", answer.text());
    }
    // The guide's authentication profile header is accepted.
    token(
        &sb,
        TokenRequest::client_credentials(id.clone(), secret.clone())
            .with_authentication_profile("adss:authentication:profile:001")
            .with_accept_language("en-US"),
    )
    .await;

    // Hand-made forms for what kendra-wire never sends.
    let raw = |body: String, content_type: &'static str| {
        sb.http
            .post(sb.url(&format!("{BASE}/authenticate")))
            .header("Content-Type", content_type)
            .body(body)
    };
    let form = "application/x-www-form-urlencoded";
    let implicit = format!(
        "grant_type=implicit&client_id={id}&client_secret={}",
        secret.expose_secret()
    );
    for (body, content_type, code) in [
        ("client_id=a&client_secret=b", form, "60054"),
        (implicit.as_str(), form, "60054"),
        (
            "grant_type=client_credentials&client_secret=b",
            form,
            "60010",
        ),
        ("grant_type=client_credentials&client_id=a", form, "60007"),
        (
            "grant_type=client_credentials&grant_type=password&client_id=a&client_secret=b",
            form,
            "60043",
        ),
        (
            r#"{"grant_type":"client_credentials"}"#,
            "application/json",
            "60043",
        ),
    ] {
        let a = answer(raw(body.to_owned(), content_type)).await;
        assert_eq!(a.refused(400), code, "{body}: {}", a.text());
    }
    let missing = TokenRequest::password(id.clone(), secret.clone(), user.clone(), s("x"));
    let mut no_user = missing.build().unwrap();
    no_user.body = s(&format!(
        "grant_type=password&client_id={id}&client_secret={}&password=x",
        secret.expose_secret()
    ));
    assert_eq!(send_form(&sb, &no_user).await.refused(400), "60011");
    let mut no_refresh = no_user.clone();
    no_refresh.body = s(&format!(
        "grant_type=refresh_token&client_id={id}&client_secret={}",
        secret.expose_secret()
    ));
    assert_eq!(send_form(&sb, &no_refresh).await.refused(400), "60047");

    // Five wrong passwords block the user for the block period; the clock lifts it.
    for attempt in 1..=5 {
        let a = send_form(
            &sb,
            &TokenRequest::password(id.clone(), secret.clone(), "sunita.yadav", s("Wrong@123"))
                .build()
                .unwrap(),
        )
        .await;
        assert_eq!(a.refused(401), "60008", "attempt {attempt}");
    }
    let blocked = send_form(
        &sb,
        &TokenRequest::password(id.clone(), secret.clone(), "sunita.yadav", s("Sunita@2024"))
            .build()
            .unwrap(),
    )
    .await;
    assert_eq!(blocked.refused(401), "60029");
    sb.advance_clock(301).await;
    user_token(&sb, "sunita.yadav", "Sunita@2024").await;
}

#[tokio::test]
async fn general_services() {
    let sb = TestSandbox::start().await;
    let status: ServiceStatus = answer(sb.http.get(sb.url(&status_path(
        Some("kendra_sandbox_client"),
        Some("CSP-Kendra-Sandbox"),
    ))))
    .await
    .read("status");
    assert!(status.is_running());
    assert!(answer(sb.http.get(sb.url(BASE)))
        .await
        .read::<ServiceStatus>("status")
        .is_running());
    // The status service's refusals carry the guide's `error__escription` spelling.
    let unknown = answer(sb.http.get(sb.url(&status_path(Some("nobody"), None)))).await;
    assert_eq!(unknown.refused(401), "86011");
    assert_eq!(
        parse_error_body(&unknown.body).unwrap().description_key,
        Some("error__escription")
    );

    let app = client_token(&sb).await;
    let about: About = call(&sb, Method::GET, &format!("{BASE}/v2/about"), &app, None)
        .await
        .read("about");
    assert_eq!(
        about.build_number.as_deref(),
        Some("7.0.2.0-kendra-sandbox")
    );

    let policy_path = format!("{BASE}/v2/users/password/policy");
    let policy_answer = call(
        &sb,
        Method::POST,
        &policy_path,
        &app,
        Some(r#"{"profile_id":"CSP-Kendra-Sandbox"}"#),
    )
    .await;
    let raw: Value = serde_json::from_slice(&policy_answer.body).unwrap();
    assert_eq!(
        raw["min_pass_length"], "8",
        "numbers as text, as the example"
    );
    let policy: PasswordPolicy = policy_answer.read("password policy");
    assert_eq!(policy.min_pass_length, Some(8));
    assert_eq!(policy.upper_lower_letters, Some(true));
    assert!(policy.broken_rules("Kendra@2024").is_empty());
    let no_profile = call(&sb, Method::POST, &policy_path, &app, Some("{}")).await;
    assert_eq!(no_profile.refused(400), "60027");
    let bad_profile = call(
        &sb,
        Method::POST,
        &policy_path,
        &app,
        Some(r#"{"profile_id":"Other"}"#),
    )
    .await;
    assert_eq!(bad_profile.refused(404), "60019");
    let not_json = call(&sb, Method::POST, &policy_path, &app, Some("profile_id=x")).await;
    assert_eq!(not_json.refused(400), "60043");

    let settings_answer = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/advancesettings"),
        &app,
        None,
    )
    .await;
    assert!(settings_answer.text().contains("user_auth_retrie_limit"));
    let settings: AdvanceSettings = settings_answer.read("advance settings");
    assert_eq!(settings.otp_length, Some(6));
    assert_eq!(settings.user_auth_retries_limit, Some(5));

    let profiles: AuthenticationProfiles = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/profiles/auth"),
        &app,
        None,
    )
    .await
    .read("auth profiles");
    assert_eq!(
        profiles.default_authentication_profile.unwrap().auth_type(),
        "PASSWORD"
    );
}

#[tokio::test]
async fn user_services() {
    let sb = TestSandbox::start().await;
    let app = client_token(&sb).await;
    let register = |user_id: &str, password: Option<&str>, email: &str| {
        RegisterUserRequest {
            user_id: user_id.into(),
            user_name: Some("Priyanka Mishra".into()),
            user_password: password.map(s),
            email: email.into(),
            profile_id: Some("CSP-Kendra-Sandbox".into()),
        }
        .to_body()
        .unwrap()
        .expose_secret()
        .to_owned()
    };
    let register_path = format!("{BASE}/v2/users/register");
    let created = call(
        &sb,
        Method::POST,
        &register_path,
        &app,
        Some(&register(
            "priyanka.mishra",
            Some("Priyanka@2024"),
            "priyanka.mishra@up.gov.in",
        )),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    for (body, status, code) in [
        (
            register("priyanka.mishra", Some("Priyanka@2024"), "p@up.gov.in"),
            400,
            "60028",
        ),
        (
            register("short.pw", Some("Ab@1"), "s@up.gov.in"),
            400,
            "60032",
        ),
        (
            register("lower.pw", Some("kendra@2024"), "l@up.gov.in"),
            400,
            "60034",
        ),
        (
            register("nodigit.pw", Some("KendraSandbox"), "n@up.gov.in"),
            400,
            "60033",
        ),
        (register("bad mail", None, "x@up.gov.in"), 400, "60039"),
        (r#"{"email":"a@b.in"}"#.to_owned(), 400, "60011"),
        (r#"{"user_id":"a.b"}"#.to_owned(), 400, "60018"),
        (
            r#"{"user_id":"a.b","email":"a@b"}"#.to_owned(),
            400,
            "60013",
        ),
        (
            r#"{"user_id":"a.b","email":"a@b.in","profile_id":"Elsewhere"}"#.to_owned(),
            404,
            "60019",
        ),
    ] {
        let a = call(&sb, Method::POST, &register_path, &app, Some(&body)).await;
        assert_eq!(a.refused(status), code, "{body}");
    }

    let path = user_path("priyanka.mishra").unwrap();
    let user: User = call(&sb, Method::GET, &path, &app, None).await.read("user");
    assert_eq!(user.email.as_deref(), Some("priyanka.mishra@up.gov.in"));
    assert_eq!(user.status, Some(UserStatus::Active));
    assert_eq!(user.profile_id.as_deref(), Some("CSP-Kendra-Sandbox"));

    let updated = call(
        &sb,
        Method::PUT,
        &path,
        &app,
        Some(r#"{"user_name":"Priyanka Mishra (SDM)","status":"INACTIVE"}"#),
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.text());
    let user: User = call(&sb, Method::GET, &path, &app, None).await.read("user");
    assert_eq!(user.user_name.as_deref(), Some("Priyanka Mishra (SDM)"));
    assert_eq!(user.status, Some(UserStatus::Inactive));
    let bad_status = call(
        &sb,
        Method::PUT,
        &path,
        &app,
        Some(r#"{"status":"ASLEEP"}"#),
    )
    .await;
    assert_eq!(bad_status.refused(400), "60031");
    let nothing = call(&sb, Method::PUT, &path, &app, Some("{}")).await;
    assert_eq!(nothing.refused(400), "60043");

    let count: UserCount = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/users/count"),
        &app,
        None,
    )
    .await
    .read("count");
    assert_eq!(count.user_count, Some(6));

    let page = call(
        &sb,
        Method::GET,
        &users_page_path(1, 2).unwrap(),
        &app,
        None,
    )
    .await;
    assert_eq!(page.total_records.as_deref(), Some("6"));
    let list: UserList = page.read("users");
    let ids: Vec<&str> = list.users.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(ids, ["sunita.yadav", "debashis.roy"]);
    let zero = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/users/0/0"),
        &app,
        None,
    )
    .await;
    assert_eq!(zero.refused(400), "60035");
    let negative = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/users/-1/5"),
        &app,
        None,
    )
    .await;
    assert_eq!(negative.refused(400), "60036");

    let deleted = call(&sb, Method::DELETE, &path, &app, None).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(
        call(&sb, Method::GET, &path, &app, None).await.refused(404),
        "60006"
    );
    assert_eq!(
        call(&sb, Method::DELETE, &path, &app, None)
            .await
            .refused(404),
        "60006"
    );

    // Change password: a user's token, the old password, the policy.
    let change_path = format!("{BASE}/v2/users/password/change");
    let debashis = user_token(&sb, "debashis.roy", "Debashis@2024").await;
    let wrong_token = call(
        &sb,
        Method::POST,
        &change_path,
        &app,
        Some(r#"{"old_password":"Debashis@2024","new_password":"Bardhaman#2025"}"#),
    )
    .await;
    assert_eq!(wrong_token.refused(401), "60044");
    let wrong_old = call(
        &sb,
        Method::POST,
        &change_path,
        &debashis,
        Some(r#"{"old_password":"nope","new_password":"Bardhaman#2025"}"#),
    )
    .await;
    assert_eq!(wrong_old.refused(401), "60008");
    let missing_new = call(
        &sb,
        Method::POST,
        &change_path,
        &debashis,
        Some(r#"{"old_password":"Debashis@2024"}"#),
    )
    .await;
    assert_eq!(missing_new.refused(400), "60014");
    let changed = call(
        &sb,
        Method::POST,
        &change_path,
        &debashis,
        Some(r#"{"old_password":"Debashis@2024","new_password":"Bardhaman#2025"}"#),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    user_token(&sb, "debashis.roy", "Bardhaman#2025").await;

    // Reset without OTP (§5.8).
    let noauth = call(
        &sb,
        Method::POST,
        &format!("{BASE}/v2/users/password/reset/noauth"),
        &app,
        Some(r#"{"user_id":"debashis.roy","user_password":"Durgapur#2026"}"#),
    )
    .await;
    assert_eq!(noauth.status, 200, "{}", noauth.text());
    user_token(&sb, "debashis.roy", "Durgapur#2026").await;
}

/// Asks for a password reset for Amit and returns the OTP from the inbox e-mail.
async fn reset_otp(sb: &TestSandbox, token: &AccessToken) -> String {
    let path = format!("{BASE}/v2/users/password/reset");
    let a = call(
        sb,
        Method::POST,
        &path,
        token,
        Some(r#"{"user_id":"amit.verma"}"#),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    let mail = sb.last_message_to("amit.verma@up.gov.in").await;
    assert_eq!(mail["peer"], "csp");
    assert_eq!(mail["channel"], "email");
    let otp = mail["otp"].as_str().unwrap().to_owned();
    assert_eq!(otp.len(), 6);
    assert!(mail["body"].as_str().unwrap().contains(&otp));
    otp
}

#[tokio::test]
async fn password_reset_sends_an_otp_to_the_inbox() {
    let sb = TestSandbox::start().await;
    let app = client_token(&sb).await;
    let reset_path = format!("{BASE}/v2/users/password/reset");
    let confirm_path = format!("{BASE}/v2/users/password/reset/confirm");
    let confirm = |otp: &str, password: &str| {
        json!({ "user_id": "amit.verma", "new_password": password, "otp": otp }).to_string()
    };

    let unknown = call(
        &sb,
        Method::POST,
        &reset_path,
        &app,
        Some(r#"{"user_id":"ghost"}"#),
    )
    .await;
    assert_eq!(unknown.refused(404), "60006");
    let nothing_pending = call(
        &sb,
        Method::POST,
        &confirm_path,
        &app,
        Some(&confirm("123456", "Gomti#2025")),
    )
    .await;
    assert_eq!(nothing_pending.refused(400), "60016");

    // Wrong OTPs: three tries, then the OTP is void.
    let otp = reset_otp(&sb, &app).await;
    let wrong = if otp == "000000" { "111111" } else { "000000" };
    for _ in 0..3 {
        let a = call(
            &sb,
            Method::POST,
            &confirm_path,
            &app,
            Some(&confirm(wrong, "Gomti#2025")),
        )
        .await;
        assert_eq!(a.refused(400), "60016");
    }
    let void = call(
        &sb,
        Method::POST,
        &confirm_path,
        &app,
        Some(&confirm(&otp, "Gomti#2025")),
    )
    .await;
    assert_eq!(void.refused(400), "60016");

    // Expiry after five minutes of sandbox time.
    let otp = reset_otp(&sb, &app).await;
    sb.advance_clock(301).await;
    let expired = call(
        &sb,
        Method::POST,
        &confirm_path,
        &app,
        Some(&confirm(&otp, "Gomti#2025")),
    )
    .await;
    assert_eq!(expired.refused(400), "60016");
    assert!(expired.text().contains("expired"));

    // Missing OTP, weak password, then success.
    let otp = reset_otp(&sb, &app).await;
    let no_otp = call(
        &sb,
        Method::POST,
        &confirm_path,
        &app,
        Some(r#"{"user_id":"amit.verma","new_password":"Gomti#2025"}"#),
    )
    .await;
    assert_eq!(no_otp.refused(400), "60026");
    let weak = call(
        &sb,
        Method::POST,
        &confirm_path,
        &app,
        Some(&confirm(&otp, "short")),
    )
    .await;
    assert_eq!(weak.refused(400), "60032");
    let done = call(
        &sb,
        Method::POST,
        &confirm_path,
        &app,
        Some(&confirm(&otp, "Gomti#2025")),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.text());
    user_token(&sb, "amit.verma", "Gomti#2025").await;
    let (id, secret) = client(&sb);
    let old = send_form(
        &sb,
        &TokenRequest::password(id, secret, "amit.verma", s("Kendra@2024"))
            .build()
            .unwrap(),
    )
    .await;
    assert_eq!(old.refused(401), "60008");
}

#[tokio::test]
async fn certificates_are_real_and_manageable() {
    let sb = TestSandbox::start().await;
    let amit = main_user_token(&sb).await;
    let app = client_token(&sb).await;
    let alias = info_text(&sb, "cert_alias");

    let own: CertificateList = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/users/certs"),
        &amit,
        None,
    )
    .await
    .read("own certificates");
    assert_eq!(own.certificates.len(), 1);
    let cert = &own.certificates[0];
    assert_eq!(cert.cert_alias, alias);
    assert!(!cert.auth_pass);
    assert_eq!(cert.sam_user_id.as_deref(), Some("amit.verma@up.gov.in"));
    let der = cert.certificate_der().unwrap();

    // openssl: chained to the sandbox CA, RSA-2048, the right key usage and subject.
    let dir = scratch_dir("certs");
    std::fs::write(dir.join("user.pem"), pem("CERTIFICATE", &der)).unwrap();
    std::fs::write(dir.join("ca.pem"), info_text(&sb, "ca_certificate_pem")).unwrap();
    let chain = base64_text::decode("chain", cert.certificate_chain.as_deref().unwrap()).unwrap();
    std::fs::write(dir.join("chain.pem"), pem("CERTIFICATE", &chain)).unwrap();
    assert!(openssl(&dir, &["verify", "-CAfile", "ca.pem", "user.pem"]).contains("user.pem: OK"));
    assert!(openssl(&dir, &["verify", "-CAfile", "chain.pem", "user.pem"]).contains("OK"));
    let text = openssl(&dir, &["x509", "-in", "user.pem", "-noout", "-text"]);
    assert!(text.contains("Public-Key: (2048 bit)"), "{text}");
    assert!(
        text.contains("Digital Signature, Non Repudiation"),
        "{text}"
    );
    assert!(
        text.contains("CN = Amit Kumar Verma") || text.contains("CN=Amit Kumar Verma"),
        "{text}"
    );
    assert!(
        text.contains("Issuer: CN = Kendra Sandbox CSP CA")
            || text.contains("Kendra Sandbox CSP CA")
    );

    // Get (business application) matches list (user).
    let certs_path = format!("{BASE}/v2/users/certs/amit.verma");
    let got: CertificateList = call(&sb, Method::GET, &certs_path, &app, None)
        .await
        .read("certs");
    assert_eq!(got, own);
    assert_eq!(
        call(
            &sb,
            Method::GET,
            &format!("{BASE}/v2/users/certs/ghost"),
            &app,
            None
        )
        .await
        .refused(404),
        "60006"
    );
    // Listing one's own certificates needs a user's token.
    assert_eq!(
        call(
            &sb,
            Method::GET,
            &format!("{BASE}/v2/users/certs"),
            &app,
            None
        )
        .await
        .refused(401),
        "60044"
    );

    // Add a foreign certificate (Sunita's) under another alias: listed, but not signable.
    let sunita: CertificateList = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/users/certs/sunita.yadav"),
        &app,
        None,
    )
    .await
    .read("certs");
    let foreign = UserCertificate {
        cert_alias: "uploaded-by-department".into(),
        sam_user_id: None,
        auth_pass: false,
        certificate: sunita.certificates[0].certificate.clone(),
        certificate_chain: None,
    };
    let add_body = serde_json::to_string(&CertificateList {
        certificates: vec![foreign.clone()],
    })
    .unwrap();
    let added = call(&sb, Method::POST, &certs_path, &app, Some(&add_body)).await;
    assert_eq!(added.status, 200, "{}", added.text());
    assert_eq!(
        call(&sb, Method::POST, &certs_path, &app, Some(&add_body))
            .await
            .refused(400),
        "60038"
    );
    let listed: CertificateList = call(&sb, Method::GET, &certs_path, &app, None)
        .await
        .read("certs");
    assert_eq!(listed.certificates.len(), 2);
    assert_eq!(listed.certificates[1].certificate, foreign.certificate);
    let refused = call(
        &sb,
        Method::POST,
        &format!("{BASE}/v2/sign/request"),
        &amit,
        Some(&sign_body("uploaded-by-department", &[b"x"])),
    )
    .await;
    assert_eq!(refused.refused(412), "60021");

    // Bad entries name the problem with the guide's codes.
    for (body, code) in [
        (r#"{"certificates":[]}"#, "60025"),
        (
            r#"{"certificates":[{"auth_pass":"TRUE","certificate":"AAAA"}]}"#,
            "60022",
        ),
        (
            r#"{"certificates":[{"cert_alias":"a","certificate":"AAAA"}]}"#,
            "60023",
        ),
        (
            r#"{"certificates":[{"cert_alias":"a","auth_pass":"TRUE"}]}"#,
            "60024",
        ),
        (
            r#"{"certificates":[{"cert_alias":"a","auth_pass":"TRUE","certificate":"not base64!"}]}"#,
            "60021",
        ),
        (
            r#"{"certificates":[{"cert_alias":"a","auth_pass":"TRUE","certificate":"AAAA"}]}"#,
            "60021",
        ),
    ] {
        let a = call(&sb, Method::POST, &certs_path, &app, Some(body)).await;
        assert_eq!(a.refused(400), code, "{body}");
    }

    // Update one entry (PUT), then delete it.
    let mut changed = foreign.clone();
    changed.auth_pass = true;
    changed.sam_user_id = Some("amit.verma@up.gov.in".into());
    let put = call(
        &sb,
        Method::PUT,
        &certs_path,
        &app,
        Some(&serde_json::to_string(&changed).unwrap()),
    )
    .await;
    assert_eq!(put.status, 200, "{}", put.text());
    let listed: CertificateList = call(&sb, Method::GET, &certs_path, &app, None)
        .await
        .read("certs");
    assert!(listed.certificates[1].auth_pass);
    let mut missing = changed.clone();
    missing.cert_alias = "nope".into();
    assert_eq!(
        call(
            &sb,
            Method::PUT,
            &certs_path,
            &app,
            Some(&serde_json::to_string(&missing).unwrap())
        )
        .await
        .refused(404),
        "60037"
    );
    let delete_path = format!("{certs_path}/uploaded-by-department");
    assert_eq!(
        call(&sb, Method::DELETE, &delete_path, &app, None)
            .await
            .status,
        200
    );
    assert_eq!(
        call(&sb, Method::DELETE, &delete_path, &app, None)
            .await
            .refused(404),
        "60037"
    );

    // Replace the whole set (§6.4): re-uploading the sandbox's own certificate keeps it signable.
    let mut own_again = own.certificates[0].clone();
    own_again.cert_alias = "amit-reuploaded".into();
    own_again.auth_pass = true;
    let replace = json!({ "user_id": "amit.verma", "certificates": [own_again] }).to_string();
    let replaced = call(
        &sb,
        Method::POST,
        &format!("{BASE}/v2/users/certs/update"),
        &app,
        Some(&replace),
    )
    .await;
    assert_eq!(replaced.status, 200, "{}", replaced.text());
    let listed: CertificateList = call(&sb, Method::GET, &certs_path, &app, None)
        .await
        .read("certs");
    assert_eq!(listed.certificates.len(), 1);
    assert_eq!(listed.certificates[0].cert_alias, "amit-reuploaded");
    set_mode(&sb, json!({ "mode": "auto" })).await;
    // auth_pass TRUE: the user's password is the certificate password.
    let no_password = call(
        &sb,
        Method::POST,
        &format!("{BASE}/v2/sign/request"),
        &amit,
        Some(&sign_body("amit-reuploaded", &[b"x"])),
    )
    .await;
    assert_eq!(no_password.refused(400), "60012");
    let mut with_password: Value =
        serde_json::from_str(&sign_body("amit-reuploaded", &[b"x"])).unwrap();
    with_password["cert_password"] = json!("Kendra@2024");
    let signed: SignResponse = call(
        &sb,
        Method::POST,
        &format!("{BASE}/v2/sign/request"),
        &amit,
        Some(&with_password.to_string()),
    )
    .await
    .read("sign");
    assert_eq!(signed.status, SignStatus::Success);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn signatures_verify_with_openssl() {
    let sb = TestSandbox::start().await;
    set_mode(&sb, json!({ "mode": "auto" })).await;
    let amit = main_user_token(&sb).await;
    let alias = info_text(&sb, "cert_alias");
    let documents: [&[u8]; 2] = [
        b"Income certificate IC/LKO/2024/000917 for Ramesh Chandra Tiwari",
        "जाति प्रमाण पत्र — Caste certificate CC/VNS/2024/004512".as_bytes(),
    ];
    let signed: SignResponse = call(
        &sb,
        Method::POST,
        &format!("{BASE}/v2/sign/request"),
        &amit,
        Some(&sign_body(&alias, &documents)),
    )
    .await
    .read("sign request");
    assert_eq!(signed.status, SignStatus::Success);
    assert!(signed.request_id.is_some());
    let signatures = signed.signature_bytes().unwrap();
    assert_eq!(signatures.len(), 2);

    let own: CertificateList = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/users/certs"),
        &amit,
        None,
    )
    .await
    .read("certs");
    let dir = scratch_dir("signatures");
    std::fs::write(
        dir.join("user.pem"),
        pem(
            "CERTIFICATE",
            &own.certificates[0].certificate_der().unwrap(),
        ),
    )
    .unwrap();
    openssl(
        &dir,
        &[
            "x509", "-in", "user.pem", "-pubkey", "-noout", "-out", "pub.pem",
        ],
    );
    for (i, (document, signature)) in documents.iter().zip(&signatures).enumerate() {
        assert_eq!(signature.len(), 256, "RSA-2048 signature");
        let doc = format!("doc{i}.bin");
        let sig = format!("sig{i}.bin");
        let hash = format!("hash{i}.bin");
        std::fs::write(dir.join(&doc), document).unwrap();
        std::fs::write(dir.join(&sig), signature).unwrap();
        std::fs::write(dir.join(&hash), Sha256::digest(document)).unwrap();
        // The document itself, hashed by openssl.
        let out = openssl(
            &dir,
            &[
                "dgst",
                "-sha256",
                "-verify",
                "pub.pem",
                "-signature",
                &sig,
                &doc,
            ],
        );
        assert!(out.contains("Verified OK"), "{out}");
        // The submitted hash against the certificate: PKCS#1 v1.5 with a SHA-256 DigestInfo.
        let out = openssl(
            &dir,
            &[
                "pkeyutl",
                "-verify",
                "-certin",
                "-inkey",
                "user.pem",
                "-in",
                &hash,
                "-sigfile",
                &sig,
                "-pkeyopt",
                "digest:sha256",
            ],
        );
        assert!(out.contains("Signature Verified Successfully"), "{out}");
    }
    // A signature does not verify for another document.
    std::fs::write(dir.join("other.bin"), b"tampered").unwrap();
    let tampered = Command::new("openssl")
        .current_dir(&dir)
        .args([
            "dgst",
            "-sha256",
            "-verify",
            "pub.pem",
            "-signature",
            "sig0.bin",
            "other.bin",
        ])
        .output()
        .unwrap();
    assert!(!tampered.status.success());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn signing_modes_pending_then_outcome() {
    let sb = TestSandbox::start().await;
    let amit = main_user_token(&sb).await;
    let alias = info_text(&sb, "cert_alias");
    let sign_path = format!("{BASE}/v2/sign/request");
    let request = || async {
        let r: SignResponse = call(
            &sb,
            Method::POST,
            &sign_path,
            &amit,
            Some(&sign_body(&alias, &[b"form 16"])),
        )
        .await
        .read("sign request");
        assert_eq!(r.status, SignStatus::Pending);
        assert!(r.signatures.is_empty());
        r.request_id.unwrap()
    };

    // The default: approved three seconds later.
    let id = request().await;
    assert_eq!(
        sign_status(&sb, &amit, &id).await.status,
        SignStatus::Pending
    );
    sb.advance_clock(3).await;
    let done = sign_status(&sb, &amit, &id).await;
    assert_eq!(done.status, SignStatus::Success);
    assert_eq!(done.signature_bytes().unwrap().len(), 1);
    assert!(
        done.request_id.is_none(),
        "the status answer has no request_id"
    );

    // Declined, for this user only.
    set_mode(&sb, json!({ "mode": "decline", "user_id": "amit.verma" })).await;
    let id = request().await;
    assert_eq!(
        sign_status(&sb, &amit, &id).await.status,
        SignStatus::Declined
    );
    // Timeout after the configured time; the table's `requestId` spelling is accepted.
    set_mode(
        &sb,
        json!({ "mode": "timeout", "after_secs": 60, "user_id": "amit.verma" }),
    )
    .await;
    let id = request().await;
    let status_path = format!("{BASE}/v2/sign/status");
    let by_table_name = json!({ "requestId": id }).to_string();
    let pending: SignResponse = call(&sb, Method::POST, &status_path, &amit, Some(&by_table_name))
        .await
        .read("status");
    assert_eq!(pending.status, SignStatus::Pending);
    sb.advance_clock(60).await;
    assert_eq!(
        sign_status(&sb, &amit, &id).await.status,
        SignStatus::Timeout
    );
    // approve_after_secs and back to the default.
    set_mode(&sb, json!({ "approve_after_secs": 10 })).await;
    set_mode(&sb, json!({ "mode": "default", "user_id": "amit.verma" })).await;
    let modes = sb.get_json("/_sandbox/csp/signing-mode").await;
    assert_eq!(modes["default"]["approve_after_secs"], 10);
    assert_eq!(modes["users"], json!({}));
    let bad = sb
        .post_json(
            "/_sandbox/csp/signing-mode",
            &json!({ "mode": "sometimes" }),
        )
        .await;
    assert_eq!(bad.status(), 400);

    // Refusals.
    let doc = |algo: &str, hash: &str| {
        json!({ "cert_alias": alias, "docs_to_sign_info": [{ "hash_algo": algo, "hash_to_sign_base64": hash }] }).to_string()
    };
    let sha1 = base64_text::encode(&[0u8; 20]);
    let sha256 = base64_text::encode(&[7u8; 32]);
    for (body, status, code) in [
        (doc("1.3.14.3.2.26", &sha1), 400, "60055"),
        (doc("2.16.840.1.101.3.4.2.1", &sha1), 400, "60055"),
        (doc("2.16.840.1.101.3.4.2.1", "%%%"), 400, "60055"),
        (json!({ "cert_alias": alias, "docs_to_sign_info": [{ "hash_to_sign_base64": sha256 }] }).to_string(), 400, "60048"),
        (json!({ "cert_alias": alias, "docs_to_sign_info": [{ "hash_algo": "2.16.840.1.101.3.4.2.1" }] }).to_string(), 400, "60049"),
        (json!({ "cert_alias": alias, "docs_to_sign_info": [] }).to_string(), 400, "60049"),
        (json!({ "docs_to_sign_info": [] }).to_string(), 400, "60022"),
        (sign_body("no-such-alias", &[b"x"]), 404, "60030"),
    ] {
        let a = call(&sb, Method::POST, &sign_path, &amit, Some(&body)).await;
        assert_eq!(a.refused(status), code, "{body}");
    }
    let app = client_token(&sb).await;
    assert_eq!(
        call(
            &sb,
            Method::POST,
            &sign_path,
            &app,
            Some(&sign_body(&alias, &[b"x"]))
        )
        .await
        .refused(401),
        "60044"
    );
    let unknown = call(
        &sb,
        Method::POST,
        &status_path,
        &amit,
        Some(r#"{"request_id":"42"}"#),
    )
    .await;
    assert_eq!(unknown.refused(404), "60043");
    let no_id = call(&sb, Method::POST, &status_path, &amit, Some("{}")).await;
    assert_eq!(no_id.refused(400), "60015");
    // Another user cannot see Amit's request.
    let sunita = user_token(&sb, "sunita.yadav", "Sunita@2024").await;
    let theirs = call(
        &sb,
        Method::POST,
        &status_path,
        &sunita,
        Some(&json!({ "request_id": id }).to_string()),
    )
    .await;
    assert_eq!(theirs.refused(404), "60043");
}

#[tokio::test]
async fn faults_on_csp_paths() {
    let sb = TestSandbox::start().await;
    let app = client_token(&sb).await;
    let about_path = format!("{BASE}/v2/about");

    sb.fault(json!({ "endpoint": about_path, "kind": "failed", "times": 1 }))
        .await;
    let failed = call(&sb, Method::GET, &about_path, &app, None).await;
    assert_eq!(failed.refused(500), "60001");
    call(&sb, Method::GET, &about_path, &app, None)
        .await
        .read::<About>("about");

    sb.fault(json!({ "endpoint": BASE, "kind": "failed", "times": 1 }))
        .await;
    let stopped = answer(sb.http.get(sb.url(BASE))).await;
    assert_eq!(stopped.refused(500), "60002");
    assert_eq!(
        parse_error_body(&stopped.body).unwrap().description_key,
        Some("error__escription")
    );

    sb.fault(json!({ "endpoint": format!("{BASE}/authenticate"), "kind": "failed", "times": 1 }))
        .await;
    let (id, secret) = client(&sb);
    let auth = send_form(
        &sb,
        &TokenRequest::client_credentials(id, secret)
            .build()
            .unwrap(),
    )
    .await;
    assert_eq!(auth.refused(500), "86012");

    sb.fault(json!({ "endpoint": format!("{BASE}/v2/*"), "kind": "failed", "times": 2 }))
        .await;
    let amit = main_user_token(&sb).await;
    let sign = call(
        &sb,
        Method::POST,
        &format!("{BASE}/v2/sign/request"),
        &amit,
        Some(&sign_body(&info_text(&sb, "cert_alias"), &[b"x"])),
    )
    .await;
    assert_eq!(sign.refused(500), "60001");
    let certs = call(
        &sb,
        Method::GET,
        &format!("{BASE}/v2/users/certs"),
        &amit,
        None,
    )
    .await;
    assert_eq!(certs.refused(500), "60001");

    sb.fault(json!({ "endpoint": about_path, "kind": "http_500", "times": 1 }))
        .await;
    let a = call(&sb, Method::GET, &about_path, &app, None).await;
    assert_eq!(a.status, 500);
    assert!(read_json_answer::<About>("about", a.status, &a.body).is_err());

    sb.fault(json!({ "endpoint": about_path, "kind": "malformed", "times": 1 }))
        .await;
    let a = call(&sb, Method::GET, &about_path, &app, None).await;
    assert_eq!(a.status, 200);
    assert!(matches!(
        read_json_answer::<About>("about", a.status, &a.body),
        Err(kendra_wire::Error::InvalidJson { .. })
    ));

    let stats = sb.get_json("/_sandbox/stats").await;
    assert_eq!(stats["requests"][about_path.as_str()]["fault_failed"], 1);
}

#[tokio::test]
async fn keys_and_certificates_persist_in_the_data_folder() {
    let dir = scratch_dir("data");
    let certificate = |base: String| async move {
        let http = reqwest::Client::new();
        let info: Value = http
            .get(format!("{base}/_sandbox/info"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let form = TokenRequest::password(
            info["csp"]["client_id"].as_str().unwrap(),
            s(info["csp"]["client_secret"].as_str().unwrap()),
            "sunita.yadav",
            s("Sunita@2024"),
        )
        .build()
        .unwrap();
        let r = http
            .post(format!("{base}{}", form.path))
            .header("Content-Type", form.content_type)
            .body(form.body.expose_secret().to_owned())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let token = read_token_response(status, &r.bytes().await.unwrap(), Utc::now()).unwrap();
        let r = http
            .get(format!("{base}{BASE}/v2/users/certs"))
            .header(
                "Authorization",
                token.authorization_header().expose_secret(),
            )
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let list: CertificateList =
            read_json_answer("certs", status, &r.bytes().await.unwrap()).unwrap();
        (
            list.certificates[0].certificate.clone(),
            info["csp"]["ca_certificate_pem"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    };
    let config = SandboxConfig {
        port: 0,
        data_dir: Some(dir.clone()),
    };
    let first = RunningSandbox::start(config.clone()).await.unwrap();
    let (cert_a, ca_a) = certificate(first.base_url().to_owned()).await;
    first.stop().await;
    let files: Vec<String> = std::fs::read_dir(dir.join("csp"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.contains(&"ca.key.pem".to_owned()), "{files:?}");
    assert!(files.contains(&"ca.cert.pem".to_owned()), "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("user-sunita.yadav-") && f.ends_with(".key.pem")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("user-sunita.yadav-") && f.ends_with(".cert.pem")),
        "{files:?}"
    );
    let key_file = files
        .iter()
        .find(|f| f.starts_with("user-sunita.yadav-") && f.ends_with(".key.pem"))
        .unwrap();
    let checked = openssl(
        &dir.join("csp"),
        &["pkey", "-in", key_file, "-noout", "-text"],
    );
    assert!(checked.contains("2048 bit"), "{checked}");

    let second = RunningSandbox::start(config).await.unwrap();
    let (cert_b, ca_b) = certificate(second.base_url().to_owned()).await;
    second.stop().await;
    assert_eq!(cert_a, cert_b);
    assert_eq!(ca_a, ca_b);
    let _ = std::fs::remove_dir_all(dir);
}
