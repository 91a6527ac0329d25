//! End-to-end tests of every role's workflow against the in-process sandbox.
