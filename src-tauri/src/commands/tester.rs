//! (being written: the tester screens' Tauri commands)
