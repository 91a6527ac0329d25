//! ADSS CSP: OAuth2 tokens and the error model (in progress).
