//! The OTP gate in front of a document (API-5A/5B): a 6-digit code sent to the citizen's mobile,
//! valid 5 minutes, 3 tries; a verified code is used up.

use chrono::{DateTime, Duration, Utc};

pub const OTP_DIGITS: usize = 6;
pub const VALIDITY_MINUTES: i64 = 5;
pub const MAX_ATTEMPTS: u8 = 3;
/// A new code for the same otpId is refused this soon after the last one (API-5A's
/// `otpGenStatus: 2`): an SMS gateway's usual resend throttle.
pub const RESEND_AFTER_SECS: i64 = 30;

/// One otpId's current code.
#[derive(Debug, Clone)]
pub struct OtpRecord {
    /// The application whose document the code releases.
    pub app_no: &'static str,
    pub mobile: &'static str,
    pub code: String,
    pub sent_at: DateTime<Utc>,
    pub wrong_attempts: u8,
    pub verified: bool,
}

impl OtpRecord {
    pub fn new(
        app_no: &'static str,
        mobile: &'static str,
        code: String,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            app_no,
            mobile,
            code,
            sent_at: now,
            wrong_attempts: 0,
            verified: false,
        }
    }

    pub fn expires_at(&self) -> DateTime<Utc> {
        self.sent_at + Duration::minutes(VALIDITY_MINUTES)
    }

    pub fn attempts_left(&self) -> u8 {
        MAX_ATTEMPTS.saturating_sub(self.wrong_attempts)
    }

    /// When a resend is refused, how many seconds are left to wait.
    pub fn resend_wait(&self, now: DateTime<Utc>) -> Option<i64> {
        let wait = RESEND_AFTER_SECS - (now - self.sent_at).num_seconds();
        (wait > 0 && !self.verified).then_some(wait)
    }

    /// Checks what the citizen typed; counts a wrong try.
    pub fn check(&mut self, typed: &str, now: DateTime<Utc>) -> Result<(), OtpRefusal> {
        if self.verified {
            return Err(OtpRefusal::AlreadyUsed);
        }
        if self.wrong_attempts >= MAX_ATTEMPTS {
            return Err(OtpRefusal::AttemptsExhausted);
        }
        if now > self.expires_at() {
            return Err(OtpRefusal::Expired {
                expired_at: self.expires_at(),
            });
        }
        if typed != self.code {
            self.wrong_attempts += 1;
            return Err(OtpRefusal::Wrong {
                attempts_left: self.attempts_left(),
            });
        }
        self.verified = true;
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OtpRefusal {
    Wrong { attempts_left: u8 },
    Expired { expired_at: DateTime<Utc> },
    AttemptsExhausted,
    AlreadyUsed,
}

/// What the citizen typed, as the 6 digits it stands for: a JSON number loses leading zeros
/// (`012345` arrives as `12345`), so short numbers are padded back.
pub fn typed_code(text: &str, was_number: bool) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("is {text:?}: an OTP is {OTP_DIGITS} digits"));
    }
    if text.len() > OTP_DIGITS || (!was_number && text.len() != OTP_DIGITS) {
        return Err(format!(
            "is {text:?} ({} digits): an OTP is {OTP_DIGITS} digits",
            text.len()
        ));
    }
    Ok(format!("{text:0>OTP_DIGITS$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(now: DateTime<Utc>) -> OtpRecord {
        OtpRecord::new("A/1", "9000000000", "048213".into(), now)
    }

    #[test]
    fn three_wrong_tries_then_exhausted() {
        let now = Utc::now();
        let mut r = record(now);
        assert_eq!(
            r.check("111111", now),
            Err(OtpRefusal::Wrong { attempts_left: 2 })
        );
        assert_eq!(
            r.check("111111", now),
            Err(OtpRefusal::Wrong { attempts_left: 1 })
        );
        assert_eq!(
            r.check("111111", now),
            Err(OtpRefusal::Wrong { attempts_left: 0 })
        );
        assert_eq!(r.check("048213", now), Err(OtpRefusal::AttemptsExhausted));
    }

    #[test]
    fn expiry_and_single_use() {
        let now = Utc::now();
        let mut r = record(now);
        let late = now + Duration::minutes(5) + Duration::seconds(1);
        assert!(matches!(
            r.check("048213", late),
            Err(OtpRefusal::Expired { .. })
        ));
        assert_eq!(r.check("048213", now + Duration::minutes(5)), Ok(()));
        assert_eq!(r.check("048213", now), Err(OtpRefusal::AlreadyUsed));
        assert_eq!(
            record(now).resend_wait(now + Duration::seconds(10)),
            Some(20)
        );
        assert_eq!(record(now).resend_wait(now + Duration::seconds(30)), None);
    }

    #[test]
    fn typed_codes() {
        assert_eq!(typed_code("48213", true).unwrap(), "048213");
        assert_eq!(typed_code("048213", false).unwrap(), "048213");
        assert!(typed_code("48213", false).is_err());
        assert!(typed_code("1234567", true).is_err());
        assert!(typed_code("12a456", false).is_err());
    }
}
