import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// Adds addresses to interfaces.
public enum InterfaceAddress {
    /// IFA_F_NODAD from <linux/if_addr.h>: usable at once, no duplicate-address-detection wait.
    static let noDAD: UInt32 = 0x02

    /// RTM_NEWADDR with IFA_F_NODAD.
    public static func add(on socket: RouteSocket, _ prefix: IPPrefix, ifindex: Int32, interfaceName: String) throws(NetlinkError) {
        let object = "address \(prefix) on \(interfaceName)"
        guard let address = rtnl_addr_alloc() else {
            throw NetlinkError(object: object, operation: "rtnl_addr_alloc", errno: ENOMEM, reason: "Out of memory")
        }
        defer { rtnl_addr_put(address) }
        rtnl_addr_set_ifindex(address, ifindex)
        rtnl_addr_set_family(address, prefix.address.family)
        let local = withNetlinkAddress(prefix.address, prefixLength: prefix.length) { rtnl_addr_set_local(address, $0) }
        guard let local, local >= 0 else {
            throw NetlinkError(object: object, operation: "rtnl_addr_set_local", libnlCode: local ?? -Int32(NLE_NOMEM), kernelErrno: nil, extack: nil)
        }
        rtnl_addr_set_prefixlen(address, Int32(prefix.length))
        rtnl_addr_set_flags(address, noDAD)
        try socket.request(object, "RTM_NEWADDR") { rtnl_addr_add($0, address, NLM_F_CREATE | NLM_F_EXCL) }
    }
}
