//! Shared helpers for interop tests.
