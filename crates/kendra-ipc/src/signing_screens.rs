//! (being written: the signing screens' commands)
