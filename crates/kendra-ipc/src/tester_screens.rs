//! (being written: the tester screens' commands)
