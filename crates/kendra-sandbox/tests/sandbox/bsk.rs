//! The sandbox's bsk peer (tests land with the peer).
