import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// Devices created by kind alone (RTM_NEWLINK with IFLA_INFO_KIND): bridges and dummies.
public enum SoftwareDevice {
    /// RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL and IFLA_INFO_KIND `kind`.
    /// A kernel without the driver answers EOPNOTSUPP ("Operation not supported").
    public static func create(on socket: RouteSocket, kind: String, name: String, mtu: Int?) throws(NetlinkError) {
        guard let link = rtnl_link_alloc() else {
            throw NetlinkError(object: "\(kind) \(name)", operation: "rtnl_link_alloc", errno: ENOMEM, reason: "Out of memory")
        }
        defer { rtnl_link_put(link) }
        rtnl_link_set_name(link, name)
        if let mtu { rtnl_link_set_mtu(link, UInt32(mtu)) }
        let typed = rtnl_link_set_type(link, kind)
        guard typed >= 0 else {
            throw NetlinkError(object: "\(kind) \(name)", operation: "rtnl_link_set_type", libnlCode: typed, kernelErrno: nil, extack: nil)
        }
        try socket.request("\(kind) \(name)", "RTM_NEWLINK") { rtnl_link_add($0, link, NLM_F_CREATE | NLM_F_EXCL) }
    }

    /// Enslaves `port` to the bridge `master` (RTM_NEWLINK with IFLA_MASTER).
    public static func enslave(on socket: RouteSocket, port: Int32, portName: String, master: Int32, masterName: String) throws(NetlinkError) {
        try socket.request("bridge \(masterName) port \(portName)", "RTM_NEWLINK(IFLA_MASTER)") {
            rtnl_link_enslave_ifindex($0, master, port)
        }
    }
}
