//! The default report target's address: the one this machine uses to reach the PBX.

use std::net::{IpAddr, Ipv4Addr, ToSocketAddrs, UdpSocket};

/// The local address this machine would use to reach the PBX: a UDP socket is "connected" to
/// the PBX's address, which picks a route but sends nothing.
pub(super) fn local_ip_towards(base_url: &str) -> IpAddr {
    let fallback = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let with_port = if authority.starts_with('[') {
        if authority.contains("]:") {
            authority.to_owned()
        } else {
            format!("{authority}:80")
        }
    } else if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    let Some(target) = with_port.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        return fallback;
    };
    let bind = if target.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    UdpSocket::bind(bind)
        .and_then(|socket| {
            socket.connect(target)?;
            socket.local_addr()
        })
        .map_or(fallback, |addr| addr.ip())
}
