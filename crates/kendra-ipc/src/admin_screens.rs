//! (being written: the admin screens' commands)
