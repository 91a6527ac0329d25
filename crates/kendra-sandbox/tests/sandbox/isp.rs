//! The sandbox's isp peer (tests land with the peer).
