//! (being written: the deo screens' Tauri commands)
