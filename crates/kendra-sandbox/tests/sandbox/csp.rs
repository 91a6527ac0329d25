//! The sandbox's csp peer (tests land with the peer).
