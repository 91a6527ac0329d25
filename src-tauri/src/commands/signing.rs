//! (being written: the signing screens' Tauri commands)
