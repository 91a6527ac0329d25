//! IPC types (in progress).
