// The signing screens' Rust commands, one typed function each (types from bindings/).

export {};
