//! The sandbox's dci peer (tests land with the peer).
