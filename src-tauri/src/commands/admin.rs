//! (being written: the admin screens' Tauri commands)
