//! The sign-in token a client keeps between calls (ISP's JWT, DCI's and CSP's OAuth tokens), and
//! the one way every such client sends: with the current token, and on a 401 once more with a
//! renewed one. Concurrent calls share the token; a call that finds the token already renewed by
//! another does not renew it again.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use crate::error::{Error, Result};
use crate::exchange::{Attempt, Exchange};

/// A boxed future that can move between threads (the outbox drains on a multi-threaded runtime;
/// `AsyncFn` closures cannot promise `Send` for every borrow yet).
pub(crate) type SendFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a sign-in (or refresh) gives back: the slot's new content, the exchanges it made, and
/// the token to send with.
pub(crate) type SignedIn<T> = (Option<T>, Vec<Exchange>, Result<SecretString>);

/// A cached token: its secret value, whatever else the client keeps with it.
pub(crate) trait SessionToken {
    fn secret(&self) -> &SecretString;
}

/// The token slot of one client.
#[derive(Debug)]
pub(crate) struct TokenSlot<T>(Mutex<Option<T>>);

impl<T> Default for TokenSlot<T> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

impl<T> TokenSlot<T> {
    /// The slot itself, for signing in or out explicitly.
    pub(crate) async fn lock(&self) -> tokio::sync::MutexGuard<'_, Option<T>> {
        self.0.lock().await
    }
}

impl<T: SessionToken> TokenSlot<T> {
    /// The cached token while `usable` says so, else a fresh one from `sign_in` (which gets the
    /// slot to fill, and may use what is in it, e.g. a refresh token).
    async fn current<'s>(
        &self,
        usable: impl Fn(&T) -> bool,
        exchanges: &mut Vec<Exchange>,
        sign_in: &impl Fn(Option<T>) -> SendFuture<'s, SignedIn<T>>,
    ) -> Result<SecretString> {
        let mut slot = self.0.lock().await;
        if let Some(token) = slot.as_ref().filter(|t| usable(t)) {
            return Ok(token.secret().clone());
        }
        fill(&mut slot, exchanges, sign_in).await
    }

    /// After `refused` drew a 401: the token another call renewed meanwhile, or a fresh one.
    async fn after_401<'s>(
        &self,
        refused: &SecretString,
        exchanges: &mut Vec<Exchange>,
        sign_in: &impl Fn(Option<T>) -> SendFuture<'s, SignedIn<T>>,
    ) -> Result<SecretString> {
        let mut slot = self.0.lock().await;
        if let Some(token) = slot.as_ref() {
            if token.secret().expose_secret() != refused.expose_secret() {
                return Ok(token.secret().clone());
            }
        }
        fill(&mut slot, exchanges, sign_in).await
    }

    /// Sends with a usable token; on [`Error::TokenExpired`] renews once and sends again.
    /// Every exchange (sign-ins included) is in the attempt, in order.
    pub(crate) async fn send<'s, R>(
        &self,
        usable: impl Fn(&T) -> bool,
        sign_in: impl Fn(Option<T>) -> SendFuture<'s, SignedIn<T>>,
        send: impl Fn(SecretString) -> SendFuture<'s, (Exchange, Result<R>)>,
    ) -> Attempt<R> {
        let mut exchanges = Vec::new();
        let token = match self.current(usable, &mut exchanges, &sign_in).await {
            Ok(token) => token,
            Err(e) => return Attempt::failed(e, exchanges),
        };
        let (exchange, result) = send(token.clone()).await;
        exchanges.push(exchange);
        let result = match result {
            Err(Error::TokenExpired { .. }) => {
                let fresh = match self.after_401(&token, &mut exchanges, &sign_in).await {
                    Ok(fresh) => fresh,
                    Err(e) => return Attempt::failed(e, exchanges),
                };
                let (exchange, result) = send(fresh).await;
                exchanges.push(exchange);
                result
            }
            other => other,
        };
        Attempt { result, exchanges }
    }
}

/// Runs `sign_in` on what the slot held and keeps what it gives back.
async fn fill<'s, T>(
    slot: &mut Option<T>,
    exchanges: &mut Vec<Exchange>,
    sign_in: &impl Fn(Option<T>) -> SendFuture<'s, SignedIn<T>>,
) -> Result<SecretString> {
    let (filled, made, token) = sign_in(slot.take()).await;
    *slot = filled;
    exchanges.extend(made);
    token
}

/// `now` is before `renew_at`: the usual test for a token with a known lifetime.
pub(crate) fn before(renew_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < renew_at
}

/// A bearer token renewed at a known time (ISP's JWT, DCI's OAuth token).
pub(crate) struct CachedToken {
    pub(crate) token: SecretString,
    pub(crate) renew_at: DateTime<Utc>,
}

impl SessionToken for CachedToken {
    fn secret(&self) -> &SecretString {
        &self.token
    }
}

impl std::fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CachedToken(••••, renew_at: {})", self.renew_at)
    }
}
