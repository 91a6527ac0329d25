//! The error-code table of the ADSS CSP Developers Guide 7.0.2 (section 8, table 30), each code
//! with a plain-language message a signing officer can act on and the guide's own text kept as
//! technical detail.

/// Who can fix the problem: the UI picks its button ("Sign in", "Try again", …) from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Remedy {
    /// The service is down or overloaded: the same request may work later.
    TryAgainLater,
    /// The session is gone: signing in again fixes it.
    SignInAgain,
    /// Something the officer typed or picked (password, OTP, user ID, certificate) is wrong.
    CorrectEntry,
    /// The department's signing profile in Kendra (client ID, secret, profile IDs) needs fixing.
    FixSigningProfile,
    /// Only the signing server's administrator can fix it (licence, accounts, certificates).
    AskCspAdministrator,
    /// Kendra sent a request the guide says it never should: a bug to report.
    ReportToKendraSupport,
}

/// One row of the guide's error table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CspErrorCode {
    pub code: u32,
    pub remedy: Remedy,
    /// The guide's description, verbatim (including its typos).
    pub guide_text: &'static str,
    /// What a signing officer reads.
    pub message: &'static str,
}

/// Number of codes in the guide's table 30 (60001–60056 and seventeen 860xx codes).
pub const GUIDE_ERROR_CODE_COUNT: usize = 73;

/// Looks a code up; `code` may carry surrounding whitespace ("60001 ").
pub fn lookup(code: &str) -> Option<&'static CspErrorCode> {
    let number: u32 = code.trim().parse().ok()?;
    ERROR_CODES
        .binary_search_by_key(&number, |row| row.code)
        .ok()
        .and_then(|index| ERROR_CODES.get(index))
}

/// The officer-facing sentence for `code`, always naming the code so support can look it up.
pub fn plain_message(code: &str) -> String {
    let code = code.trim();
    if let Some(row) = lookup(code) {
        return format!("{} (CSP error {})", row.message, row.code);
    }
    match oauth_message(code) {
        Some(message) => format!("{message} (CSP error {code})"),
        None if code.is_empty() => UNKNOWN_CODE_MESSAGE.trim_end_matches(' ').to_owned(),
        None => format!("{UNKNOWN_CODE_MESSAGE}(CSP error {code})"),
    }
}

/// The CSP's `/authenticate` is OAuth 2.0: servers may answer RFC 6749 §5.2 names instead of
/// numbers, so those get plain messages too.
fn oauth_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "invalid_request" => "The signing service could not understand Kendra's sign-in request. Try again; if it repeats, report it to Kendra support with the technical details below.",
        "invalid_client" => "The signing service did not accept this client's ID or secret. Ask your administrator to check them in this signing profile.",
        "invalid_grant" => "The user ID, password or saved session was not accepted. Sign in again with your user ID and password.",
        "unauthorized_client" => "This client is not allowed to sign in this way. Ask your administrator which sign-in method this client may use.",
        "unsupported_grant_type" => "The signing service does not support this way of signing in. Ask your administrator which sign-in method to use.",
        "invalid_scope" => "The signing service refused the access Kendra asked for. Ask your administrator to check this signing profile.",
        "invalid_token" => "Your signing session has expired or is no longer valid. Sign in again.",
        _ => return None,
    })
}

/// For codes the guide does not list (newer server versions) and answers with no code at all.
const UNKNOWN_CODE_MESSAGE: &str = "The signing service refused the request for a reason Kendra \
    does not recognise. Try again; if it repeats, give the technical details below to the \
    signing-service administrator. ";

/// Sorted by code (`lookup` binary-searches it; a test checks the order).
pub static ERROR_CODES: &[CspErrorCode] = &[
    CspErrorCode {
        code: 60001,
        remedy: Remedy::TryAgainLater,
        guide_text: "An internal error occurred while processing the request - see the CSP service debug logs for details",
        message: "The signing service hit an internal problem and could not finish this request. Try again in a few minutes; if it keeps failing, ask the signing-service administrator to check the CSP service logs.",
    },
    CspErrorCode {
        code: 60002,
        remedy: Remedy::TryAgainLater,
        guide_text: "Failed to process request - CSP service is stopped",
        message: "The signing service is switched off at the moment. Try again later, or ask the signing-service administrator to start the CSP service.",
    },
    CspErrorCode {
        code: 60003,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - CSP service not enabled in license",
        message: "The signing server's licence does not include remote signing (CSP). Ask the signing-service administrator to get the CSP service added to the licence.",
    },
    CspErrorCode {
        code: 60004,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - CSP service license has expired",
        message: "The signing server's licence for remote signing has expired. Ask the signing-service administrator to renew it; signing will not work until then.",
    },
    CspErrorCode {
        code: 60005,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - CSP service not enabled in system",
        message: "Remote signing (CSP) is not switched on in the signing server's settings. Ask the signing-service administrator to enable it.",
    },
    CspErrorCode {
        code: 60006,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Registered User is not found",
        message: "The signing service has no registered user with this user ID. Check the user ID for typing mistakes, or ask the administrator to register you.",
    },
    CspErrorCode {
        code: 60007,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - Client secret is missing in request",
        message: "Kendra did not send this client's secret to the signing service. Ask your administrator to enter the client secret in this signing profile.",
    },
    CspErrorCode {
        code: 60008,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - User ID or password is not valid",
        message: "The user ID or password is wrong. Check both (and the Caps Lock key) and sign in again.",
    },
    CspErrorCode {
        code: 60009,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - User is not active",
        message: "Your signing account is not active. Ask the signing-service administrator to activate it.",
    },
    CspErrorCode {
        code: 60010,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - Client ID is missing in request",
        message: "Kendra did not send this client's ID to the signing service. Ask your administrator to enter the client ID in this signing profile.",
    },
    CspErrorCode {
        code: 60011,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - User ID is missing in request",
        message: "The user ID is missing. Enter your signing user ID and try again.",
    },
    CspErrorCode {
        code: 60012,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - User password is missing in request",
        message: "The password is missing. Enter your signing password and try again.",
    },
    CspErrorCode {
        code: 60013,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - User email is not valid",
        message: "The e-mail address is not valid. Check it for typing mistakes (it must look like name@example.gov.in) and try again.",
    },
    CspErrorCode {
        code: 60014,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - User new password is missing in request",
        message: "The new password is missing. Enter the new password and try again.",
    },
    CspErrorCode {
        code: 60015,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - Request ID is missing in request",
        message: "Kendra asked for the progress of a signing request without saying which one. Start the signing again; if this repeats, report it to Kendra support.",
    },
    CspErrorCode {
        code: 60016,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - OTP is not valid",
        message: "The one-time code (OTP) is wrong or has expired. Check the latest code sent to you, or ask for a new one, and try again.",
    },
    CspErrorCode {
        code: 60017,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Email OTP is missing in request",
        message: "The one-time code (OTP) from your e-mail is missing. Enter the code you received and try again.",
    },
    CspErrorCode {
        code: 60018,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Email address is missing in request",
        message: "The e-mail address is missing. Enter it and try again.",
    },
    CspErrorCode {
        code: 60019,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - CSP Profile does not exist",
        message: "The signing profile named in Kendra's settings does not exist on the signing server. Ask your administrator to check the CSP profile ID in this signing profile.",
    },
    CspErrorCode {
        code: 60020,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - CSP Profile ID is missing in request",
        message: "Kendra did not say which CSP profile to use. Ask your administrator to set the CSP profile ID in this signing profile.",
    },
    CspErrorCode {
        code: 60021,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - User certificate is not valid",
        message: "The signing service says this user's certificate is not valid (it may be expired, revoked or damaged). Ask the administrator to check or replace the certificate.",
    },
    CspErrorCode {
        code: 60022,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Certificate alias is missing in request",
        message: "Kendra did not say which certificate to use (the certificate alias is missing). Pick a certificate and try again.",
    },
    CspErrorCode {
        code: 60023,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - Certificate auth_pass is missing in request",
        message: "Kendra did not say whether this certificate needs a password (auth_pass is missing). Report this to Kendra support.",
    },
    CspErrorCode {
        code: 60024,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Certificate is missing in the request",
        message: "The certificate itself was not included in the request. Choose the certificate file again and retry.",
    },
    CspErrorCode {
        code: 60025,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Certificate list is empty",
        message: "No certificate was given. Add at least one certificate and try again.",
    },
    CspErrorCode {
        code: 60026,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - OTP for Password Change is missing in request",
        message: "The one-time code (OTP) for the password change is missing. Enter the code you received and try again.",
    },
    CspErrorCode {
        code: 60027,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - Profile ID is missing in the request",
        message: "Kendra did not say which profile to use. Ask your administrator to set the profile ID in this signing profile.",
    },
    CspErrorCode {
        code: 60028,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - User is already registered",
        message: "A user with this user ID is already registered. Use a different user ID, or update the existing user instead.",
    },
    CspErrorCode {
        code: 60029,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - User is blocked",
        message: "Your signing account is blocked, usually after too many wrong passwords. Wait for the block period to end or ask the signing-service administrator to unblock you.",
    },
    CspErrorCode {
        code: 60030,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Certificate is not found",
        message: "The signing service could not find this certificate for your account. Refresh the list of certificates and pick one that is shown.",
    },
    CspErrorCode {
        code: 60031,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Status is not valid",
        message: "The user status is not valid. Use ACTIVE, INACTIVE or BLOCKED.",
    },
    CspErrorCode {
        code: 60032,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Password is less than minimum password length",
        message: "The new password is too short. Choose a longer password (see the password rules) and try again.",
    },
    CspErrorCode {
        code: 60033,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Password must contains digits and special characters",
        message: "The new password must contain digits and special characters (for example 7 and #). Choose another password and try again.",
    },
    CspErrorCode {
        code: 60034,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Password must contains upper and lower case letters",
        message: "The new password must contain both capital and small letters. Choose another password and try again.",
    },
    CspErrorCode {
        code: 60035,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - Fetch size should be greater than 0",
        message: "Kendra asked for a page of users of size 0. Report this to Kendra support.",
    },
    CspErrorCode {
        code: 60036,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - Start pointer should not be negative",
        message: "Kendra asked for a page of users starting before the first one. Report this to Kendra support.",
    },
    CspErrorCode {
        code: 60037,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Certificate entry does not exist",
        message: "This certificate is not registered for the user. Refresh the list of certificates and pick one that is shown.",
    },
    CspErrorCode {
        code: 60038,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Certificate entry already exists",
        message: "This certificate is already registered for the user. Nothing needs to be added; use the existing entry or update it.",
    },
    CspErrorCode {
        code: 60039,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Invalid User ID",
        message: "The user ID is not valid. Check it for typing mistakes and try again.",
    },
    CspErrorCode {
        code: 60040,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - Invalid Certificate chain",
        message: "The certificate chain (the certificates of the issuing authorities) is not valid. Ask the administrator for the correct chain file and try again.",
    },
    CspErrorCode {
        code: 60041,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - Invalid Certificate chain",
        message: "The certificate chain (the certificates of the issuing authorities) is not valid. Ask the administrator for the correct chain file and try again.",
    },
    CspErrorCode {
        code: 60042,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to process request - HMAC Key not configured in CSP service manager",
        message: "The signing server is missing a security key (HMAC key) in its CSP settings. Ask the signing-service administrator to configure it.",
    },
    CspErrorCode {
        code: 60043,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed",
        message: "The signing service could not understand Kendra's request (a field was missing, wrong or repeated). Try again; if it repeats, report it to Kendra support with the technical details below.",
    },
    CspErrorCode {
        code: 60044,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - Authentication type mismatch with profile's authentication",
        message: "This sign-in method is not the one the chosen authentication profile expects. Ask your administrator which sign-in method or authentication profile to use.",
    },
    CspErrorCode {
        code: 60045,
        remedy: Remedy::SignInAgain,
        guide_text: "Failed to process request - Invalid or expired token",
        message: "Your signing session has expired or is no longer valid. Sign in again.",
    },
    CspErrorCode {
        code: 60046,
        remedy: Remedy::CorrectEntry,
        guide_text: "Failed to process request - Existing email mismatch",
        message: "The current e-mail address you entered is not the one registered for your account. Enter the registered address and try again.",
    },
    CspErrorCode {
        code: 60047,
        remedy: Remedy::SignInAgain,
        guide_text: "Failed to process request - Refresh token is missing",
        message: "Kendra could not renew your session because the renewal token was missing. Sign in again.",
    },
    CspErrorCode {
        code: 60048,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - Hashing algo is missing",
        message: "Kendra did not say which hash algorithm the document was prepared with. Report this to Kendra support.",
    },
    CspErrorCode {
        code: 60049,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - Data to be signed is missing",
        message: "There was nothing to sign: no document fingerprint (hash) was sent. Choose the document again and retry.",
    },
    CspErrorCode {
        code: 60050,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - Authentication profile is missing",
        message: "No authentication profile was given and the server has none to fall back on. Ask your administrator to choose an authentication profile in this signing profile.",
    },
    CspErrorCode {
        code: 60051,
        remedy: Remedy::SignInAgain,
        guide_text: "Failed to process request - Single Sign On token is missing",
        message: "The single sign-on token is missing. Sign in with your organisation account again.",
    },
    CspErrorCode {
        code: 60052,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - Authentication method is missing",
        message: "Kendra did not say which single sign-on method to use. Report this to Kendra support.",
    },
    CspErrorCode {
        code: 60053,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - Authentication profile is not allowed to client",
        message: "This client is not allowed to use the chosen authentication profile. Ask your administrator to allow it or pick another profile.",
    },
    CspErrorCode {
        code: 60054,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - Invalid grant type",
        message: "The signing service does not accept this way of signing in (grant type). Ask your administrator which sign-in method this client is allowed to use.",
    },
    CspErrorCode {
        code: 60055,
        remedy: Remedy::ReportToKendraSupport,
        guide_text: "Failed to process request - Invalid hash algorithm or data",
        message: "The signing service did not accept the document fingerprint (hash) or its algorithm. Choose the document again and retry; if it repeats, report it to Kendra support.",
    },
    CspErrorCode {
        code: 60056,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to process request - Invalid method type",
        message: "The single sign-on method is not supported by the signing service. Ask your administrator which sign-in method to use.",
    },
    CspErrorCode {
        code: 86000,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to authenticate client - TLS client authentication certificate has expired",
        message: "This computer's connection certificate for the signing service has expired. Ask your administrator to install a new client certificate.",
    },
    CspErrorCode {
        code: 86001,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to authenticate client - TLS certificate CN does not match with client ID",
        message: "This computer's connection certificate does not belong to the client ID in Kendra's settings. Ask your administrator to match the client certificate and client ID.",
    },
    CspErrorCode {
        code: 86002,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to authenticate client - TLS client certificate is revoked",
        message: "This computer's connection certificate has been revoked. Ask your administrator to install a new client certificate.",
    },
    CspErrorCode {
        code: 86003,
        remedy: Remedy::TryAgainLater,
        guide_text: "Failed to authenticate client - revocation status for TLS client certificate is unknown",
        message: "The signing service could not check whether this computer's connection certificate is still valid. Try again later; if it persists, tell the signing-service administrator.",
    },
    CspErrorCode {
        code: 86004,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to authenticate client - client ID does not match with the client identified by TLS client certificate",
        message: "The client ID in Kendra's settings does not match this computer's connection certificate. Ask your administrator to correct the client ID or certificate.",
    },
    CspErrorCode {
        code: 86005,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to authenticate client - TLS client certificate does not match with the configured client certificate",
        message: "This computer's connection certificate is not the one registered for this client. Ask your administrator to install the registered client certificate.",
    },
    CspErrorCode {
        code: 86011,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to authenticate client - Client ID does not exist",
        message: "The signing service does not know this client ID. Ask your administrator to check the client ID in this signing profile.",
    },
    CspErrorCode {
        code: 86012,
        remedy: Remedy::TryAgainLater,
        guide_text: "An error occurred while communicating with database - see the service debug logs for details",
        message: "The signing service could not reach its database. Try again in a few minutes; if it keeps failing, tell the signing-service administrator.",
    },
    CspErrorCode {
        code: 86015,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to authenticate client - Client ID is not found in the request",
        message: "Kendra did not send this client's ID. Ask your administrator to enter the client ID in this signing profile.",
    },
    CspErrorCode {
        code: 86017,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to authenticate client - client is marked inactive",
        message: "This client has been switched off on the signing server. Ask the signing-service administrator to reactivate it.",
    },
    CspErrorCode {
        code: 86018,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to authorise client - service is not allowed to this client.",
        message: "This client is not allowed to use the remote-signing service. Ask the signing-service administrator to grant it access.",
    },
    CspErrorCode {
        code: 86019,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to authorise client - service profile does not exist.",
        message: "The service profile named in Kendra's settings does not exist on the signing server. Ask your administrator to check the profile ID.",
    },
    CspErrorCode {
        code: 86020,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to authorise client - service profile is inactive",
        message: "The service profile in Kendra's settings is switched off on the signing server. Ask the signing-service administrator to activate it.",
    },
    CspErrorCode {
        code: 86021,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to authorise client - profile is not allowed to this client",
        message: "This client is not allowed to use the profile in Kendra's settings. Ask your administrator to allow it or choose another profile.",
    },
    CspErrorCode {
        code: 86022,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to authorise client - default profile not configured and neither found in request",
        message: "No profile was given and the signing server has no default profile. Ask your administrator to set the profile ID in this signing profile.",
    },
    CspErrorCode {
        code: 86023,
        remedy: Remedy::AskCspAdministrator,
        guide_text: "Failed to authorise client - default profile is inactive",
        message: "The signing server's default profile is switched off. Ask the signing-service administrator to activate it, or set another profile ID in this signing profile.",
    },
    CspErrorCode {
        code: 86024,
        remedy: Remedy::FixSigningProfile,
        guide_text: "Failed to authorise client – client secret is invalid",
        message: "The client secret in Kendra's settings is wrong. Ask your administrator to enter the current client secret in this signing profile.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(ERROR_CODES
            .windows(2)
            .all(|pair| pair[0].code < pair[1].code));
        assert_eq!(ERROR_CODES.len(), GUIDE_ERROR_CODE_COUNT);
    }

    #[test]
    fn lookup_finds_first_last_and_gapped_codes() {
        assert_eq!(lookup("60001").map(|row| row.code), Some(60001));
        assert_eq!(lookup(" 86024 ").map(|row| row.code), Some(86024));
        assert_eq!(
            lookup("86017").map(|row| row.remedy),
            Some(Remedy::AskCspAdministrator)
        );
        // 86006–86010, 86013, 86014 and 86016 are not in the guide.
        for missing in [
            "86006", "86010", "86013", "86014", "86016", "60057", "0", "x", "",
        ] {
            assert!(lookup(missing).is_none(), "{missing}");
        }
    }

    #[test]
    fn plain_message_names_the_code() {
        let known = plain_message("60008");
        assert!(known.starts_with("The user ID or password is wrong."));
        assert!(known.ends_with("(CSP error 60008)"));
        let unknown = plain_message("99999");
        assert!(unknown.contains("does not recognise"));
        assert!(unknown.ends_with("(CSP error 99999)"));
        assert!(!plain_message("").contains("CSP error"));
        assert!(plain_message("invalid_grant").starts_with("The user ID, password"));
    }

    #[test]
    fn messages_are_sentences_not_the_guide_reprinted() {
        for row in ERROR_CODES {
            assert!(row.message.ends_with('.'), "{}", row.code);
            assert!(
                !row.message.contains("Failed to process request"),
                "{}",
                row.code
            );
            assert_ne!(row.message, row.guide_text, "{}", row.code);
        }
    }
}
