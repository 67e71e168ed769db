import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// Replaces an interface's root qdisc.
public enum RootQdisc {
    /// TC_H_ROOT from <linux/pkt_sched.h>.
    static let rootHandle: UInt32 = 0xFFFF_FFFF

    /// RTM_NEWQDISC (NLM_F_CREATE|NLM_F_REPLACE) at TC_H_ROOT with TCA_KIND `kind`
    /// and no options, so the kernel uses the qdisc's defaults. The message is
    /// built here rather than through rtnl_qdisc_add because libnl refuses some
    /// kinds (pfifo) without kind-specific options. A kernel without the qdisc
    /// answers ENOENT with the extended ack "Specified qdisc kind is unknown."
    public static func replace(on socket: RouteSocket, kind: String, ifindex: Int32, interfaceName: String) throws(NetlinkError) {
        let object = "qdisc \(kind) on \(interfaceName)"
        guard let message = nlmsg_alloc_simple(Int32(RTM_NEWQDISC), NLM_F_CREATE | NLM_F_REPLACE) else {
            throw NetlinkError(object: object, operation: "nlmsg_alloc_simple", errno: ENOMEM, reason: "Out of memory")
        }
        var header = tcmsg()
        header.tcm_family = UInt8(AF_UNSPEC)
        header.tcm_ifindex = ifindex
        header.tcm_parent = rootHandle
        let appended = nlmsg_append(message, &header, MemoryLayout<tcmsg>.size, Int32(NLMSG_ALIGNTO))
        guard appended >= 0 else {
            nlmsg_free(message)
            throw NetlinkError(object: object, operation: "nlmsg_append", libnlCode: appended, kernelErrno: nil, extack: nil)
        }
        let named = nla_put_string(message, Int32(TCA_KIND), kind)
        guard named >= 0 else {
            nlmsg_free(message)
            throw NetlinkError(object: object, operation: "nla_put_string(TCA_KIND)", libnlCode: named, kernelErrno: nil, extack: nil)
        }
        // nl_send_sync frees the message whatever happens.
        try socket.request(object, "RTM_NEWQDISC") { nl_send_sync($0, message) }
    }
}
