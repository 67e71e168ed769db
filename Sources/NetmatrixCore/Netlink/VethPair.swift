import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// Creates veth pairs.
public enum VethPair {
    /// One RTM_NEWLINK (NLM_F_CREATE|NLM_F_EXCL) sent from `socket`'s namespace:
    /// `name` stays there, `peerName` is created directly in the namespace behind
    /// `peerNamespace` (IFLA_NET_NS_FD on the peer), nil meaning the same one.
    /// MTUs, when given, are part of the same request.
    public static func create(
        on socket: RouteSocket, name: String, mtu: Int?,
        peerName: String, peerMTU: Int?, peerNamespace: Int32?
    ) throws(NetlinkError) {
        guard let link = rtnl_link_veth_alloc() else {
            throw NetlinkError(object: "veth \(name)", operation: "rtnl_link_veth_alloc", errno: ENOMEM, reason: "Out of memory")
        }
        defer { rtnl_link_veth_release(link) }
        rtnl_link_set_name(link, name)
        if let mtu { rtnl_link_set_mtu(link, UInt32(mtu)) }
        if let peer = rtnl_link_veth_get_peer(link) {
            rtnl_link_set_name(peer, peerName)
            if let peerMTU { rtnl_link_set_mtu(peer, UInt32(peerMTU)) }
            if let peerNamespace { rtnl_link_set_ns_fd(peer, peerNamespace) }
            rtnl_link_put(peer)
        }
        try socket.request("veth \(name)", "RTM_NEWLINK") { rtnl_link_add($0, link, NLM_F_CREATE | NLM_F_EXCL) }
    }
}
