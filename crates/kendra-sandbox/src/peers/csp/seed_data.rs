//! The sandbox CSP's fixed client, profiles, settings and signing officers. Fixed tables, so docs
//! and tests can rely on them after every reset.

/// The business application registered in "Client Manager".
pub const CLIENT_ID: &str = "kendra_sandbox_client";
pub const CLIENT_SECRET: &str = "kX9m2Qv7Lp4Rt8Wz3Ny6Hb1Jc5Fd0GsE4uA";
/// The CSP service profile users are registered against (the default when a request names none).
pub const PROFILE_ID: &str = "CSP-Kendra-Sandbox";
/// The authentication profile (`authentication_profile_id` header); password authentication.
pub const AUTH_PROFILE_ID: &str = "adss:authentication:profile:001";
pub const AUTH_PROFILE_NAME: &str = "Web RA";

pub const VERSION: &str = "7.0.2";
pub const BUILD_NUMBER: &str = "7.0.2.0-kendra-sandbox";

/// Access tokens live this long (the guide's example `expires_in`).
pub const ACCESS_TOKEN_SECS: i64 = 3600;
/// Refresh tokens: one day, and each works once.
pub const REFRESH_TOKEN_SECS: i64 = 86_400;

/// Advance settings (§4.4), enforced: OTP lifetime and length, wrong-password lock-out.
pub const OTP_EXPIRY_SECS: u64 = 300;
pub const OTP_LENGTH: usize = 6;
pub const USER_AUTH_RETRIES_LIMIT: u32 = 5;
pub const USER_BLOCK_PERIOD_SECS: u64 = 300;
/// Wrong OTPs allowed before a reset OTP is void.
pub const OTP_ATTEMPTS: u32 = 3;

/// Password policy (§4.3), enforced on register, change and reset.
pub const MIN_PASS_LENGTH: usize = 8;
pub const MAX_PASS_LENGTH: usize = 255;

/// A signing officer present after every start and reset.
pub struct SeedUser {
    pub user_id: &'static str,
    pub user_name: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    /// `ACTIVE`, `INACTIVE` or `BLOCKED`.
    pub status: &'static str,
    /// Certificate subject: organisation, unit, district, state.
    pub organisation: &'static str,
    pub unit: &'static str,
    pub district: &'static str,
    pub state: &'static str,
}

pub const USERS: &[SeedUser] = &[
    SeedUser {
        user_id: "amit.verma",
        user_name: "Amit Kumar Verma",
        email: "amit.verma@up.gov.in",
        password: "Kendra@2024",
        status: "ACTIVE",
        organisation: "Government of Uttar Pradesh",
        unit: "Revenue Department",
        district: "Lucknow",
        state: "Uttar Pradesh",
    },
    SeedUser {
        user_id: "sunita.yadav",
        user_name: "Sunita Yadav",
        email: "sunita.yadav@up.gov.in",
        password: "Sunita@2024",
        status: "ACTIVE",
        organisation: "Government of Uttar Pradesh",
        unit: "Social Welfare Department",
        district: "Varanasi",
        state: "Uttar Pradesh",
    },
    SeedUser {
        user_id: "debashis.roy",
        user_name: "Debashis Roy",
        email: "debashis.roy@wb.gov.in",
        password: "Debashis@2024",
        status: "ACTIVE",
        organisation: "Government of West Bengal",
        unit: "Food and Supplies Department",
        district: "Purba Bardhaman",
        state: "West Bengal",
    },
    SeedUser {
        user_id: "moumita.ghosh",
        user_name: "Moumita Ghosh",
        email: "moumita.ghosh@wb.gov.in",
        password: "Moumita@2024",
        status: "INACTIVE",
        organisation: "Government of West Bengal",
        unit: "Women and Child Development Department",
        district: "Nadia",
        state: "West Bengal",
    },
    SeedUser {
        user_id: "rajesh.pandey",
        user_name: "Rajesh Pandey",
        email: "rajesh.pandey@up.gov.in",
        password: "Rajesh@2024",
        status: "BLOCKED",
        organisation: "Government of Uttar Pradesh",
        unit: "Panchayati Raj Department",
        district: "Prayagraj",
        state: "Uttar Pradesh",
    },
];

/// The officer who also holds an encryption-only certificate (key usage keyEncipherment and
/// dataEncipherment, no digitalSignature): signing a document with it must be refused.
pub const ENCRYPTION_CERT_USER: &str = "debashis.roy";

/// The user `info` names as `username`/`password`.
pub const MAIN_USER: &SeedUser = &USERS[0];
