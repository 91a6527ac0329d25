//! The sandbox's header_secrets peer (tests land with the peer).
