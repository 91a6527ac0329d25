//! DCI Social Registry: signed envelope and message types (in progress).
