//! (being written: the deo screens' commands)
