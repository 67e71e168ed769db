import CNetlink
import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Probes that create something (links, qdiscs, a TAP) and so run only inside a
/// throwaway network namespace, never in the host's.
public struct NamespaceProbes: Equatable, Sendable, Codable {
    /// Qdisc kinds probed, in listing order.
    public static let qdiscKinds = ["pfifo_fast", "fq_codel", "fq", "netem", "htb", "tbf"]

    public var networkNamespace: FeatureProbe
    public var veth: FeatureProbe
    public var bridge: FeatureProbe
    public var dummy: FeatureProbe
    /// The TUN/TAP driver: a TAP device created with IFF_VNET_HDR.
    public var tun: FeatureProbe
    /// Whether this user may open /dev/net/tun at all.
    public var tunDeviceAccess: FeatureProbe
    public var qdiscs: [NamedFeatureProbe]

    /// Runs every probe in one throwaway namespace on a fresh thread.
    public static func probe() -> NamespaceProbes {
        let unshareHow = "unshare(CLONE_NEWNET) on a fresh thread"
        let outcome = ThrowawayNetworkNamespace.run { () -> NamespaceProbes in
            let socket = ProbeSocket()
            let veth = linkProbe(socket, kind: "veth", how: "rtnl_link_add veth nmprobe0/nmprobe1 in a throwaway netns") {
                addVethPair($0, name: "nmprobe0", peer: "nmprobe1")
            }
            let bridge = linkProbe(socket, kind: "bridge", how: "rtnl_link_bridge_add nmprobebr in a throwaway netns") {
                rtnl_link_bridge_add($0, "nmprobebr")
            }
            let dummy = linkProbe(socket, kind: "dummy", how: "rtnl_link_add type dummy in a throwaway netns") {
                addTypedLink($0, name: "nmprobedummy", type: "dummy")
            }
            let (tun, access) = tunProbes()
            let qdiscs = qdiscKinds.map { NamedFeatureProbe("qdisc \($0)", qdiscProbe(socket, kind: $0)) }
            return NamespaceProbes(
                networkNamespace: .yes(unshareHow), veth: veth, bridge: bridge, dummy: dummy,
                tun: tun, tunDeviceAccess: access, qdiscs: qdiscs
            )
        }
        switch outcome {
        case .success(let probes):
            return probes
        case .failure(let error):
            let reason = error.code == EPERM
                ? "\(error): needs CAP_SYS_ADMIN (run as root, or rootless in a user namespace)"
                : error.description
            let skipped = FeatureProbe.no("not probed: needs a throwaway network namespace", "no network namespace: \(error.reason)")
            let (_, access) = tunAccessOnly()
            return NamespaceProbes(
                networkNamespace: .no(unshareHow, reason), veth: skipped, bridge: skipped, dummy: skipped,
                tun: tunDriverFromProcMisc(), tunDeviceAccess: access,
                qdiscs: qdiscKinds.map { NamedFeatureProbe("qdisc \($0)", skipped) }
            )
        }
    }

    // MARK: - Links

    private static func linkProbe(
        _ socket: ProbeSocket, kind: String, how: String, add: (OpaquePointer) -> Int32
    ) -> FeatureProbe {
        guard let handle = socket.handle else { return .no(how, socket.failure) }
        let result = add(handle)
        guard result < 0 else { return .yes(how) }
        let reason = libnlReason(result)
        if result == -NLE_OPNOTSUPP || result == -NLE_OBJ_NOTFOUND {
            return .no(how, "\(reason): the kernel has no \(kind) driver (CONFIG_\(kind.uppercased()))")
        }
        return .no(how, reason)
    }

    /// A veth pair with both ends in the calling thread's namespace. Not
    /// rtnl_link_veth_add: it sends IFLA_NET_NS_PID for the peer, and with
    /// getpid() that is the main thread's namespace, the host's.
    private static func addVethPair(_ handle: OpaquePointer, name: String, peer peerName: String) -> Int32 {
        guard let link = rtnl_link_veth_alloc() else { return -NLE_NOMEM }
        defer { rtnl_link_veth_release(link) }
        rtnl_link_set_name(link, name)
        guard let peer = rtnl_link_veth_get_peer(link) else { return -NLE_NOMEM }
        rtnl_link_set_name(peer, peerName)
        rtnl_link_put(peer)
        return rtnl_link_add(handle, link, NLM_F_CREATE | NLM_F_EXCL)
    }

    /// RTM_NEWLINK with only IFLA_IFNAME and IFLA_INFO_KIND, as `ip link add NAME type TYPE` sends.
    private static func addTypedLink(_ handle: OpaquePointer, name: String, type: String) -> Int32 {
        guard let link = rtnl_link_alloc() else { return -NLE_NOMEM }
        defer { rtnl_link_put(link) }
        rtnl_link_set_name(link, name)
        let typed = rtnl_link_set_type(link, type)
        guard typed == 0 else { return typed }
        return rtnl_link_add(handle, link, NLM_F_CREATE | NLM_F_EXCL)
    }

    // MARK: - Qdiscs

    /// RTM_NEWQDISC of `kind` as root qdisc of lo, built by hand so that libnl's
    /// per-kind option builders (which insist on some attributes) stay out of it.
    /// ENOENT is the kernel's "unknown qdisc kind"; EINVAL means it knows the kind
    /// but wants options (netem does), which is enough to say it is there.
    private static func qdiscProbe(_ socket: ProbeSocket, kind: String) -> FeatureProbe {
        let how = "RTM_NEWQDISC \(kind) as root of lo in a throwaway netns"
        guard let handle = socket.handle else { return .no(how, socket.failure) }
        guard let message = nlmsg_alloc_simple(Int32(RTM_NEWQDISC), NLM_F_CREATE | NLM_F_REPLACE) else {
            return .no(how, libnlReason(-NLE_NOMEM))
        }
        var header = tcmsg()
        header.tcm_family = UInt8(AF_UNSPEC)
        header.tcm_ifindex = 1  // lo is always ifindex 1 in a new namespace
        header.tcm_parent = TC_H_ROOT
        var result = withUnsafeMutableBytes(of: &header) { bytes in
            nlmsg_append(message, bytes.baseAddress, bytes.count, Int32(NLMSG_ALIGNTO))
        }
        if result == 0 { result = nla_put_string(message, Int32(TCA_KIND), kind) }
        guard result == 0 else {
            nlmsg_free(message)
            return .no(how, libnlReason(result))
        }
        result = nl_send_sync(handle, message)  // frees the message
        switch result {
        case 0: return .yes(how)
        case -NLE_INVAL: return .yes(how, "the kernel knows the kind (it refused empty options)")
        case -NLE_OBJ_NOTFOUND: return .no(how, "\(libnlReason(result)): the kernel has no sch_\(kind)")
        default: return .no(how, libnlReason(result))
        }
    }

    // MARK: - TUN/TAP

    /// Opens /dev/net/tun inside the throwaway namespace and creates a TAP there.
    private static func tunProbes() -> (driver: FeatureProbe, access: FeatureProbe) {
        let how = "open /dev/net/tun + TUNSETIFF IFF_TAP|IFF_NO_PI|IFF_VNET_HDR in a throwaway netns"
        let (device, access) = tunAccessOnly()
        guard let device else { return (tunDriverFromProcMisc(), access) }
        defer { device.closeOrWarn() }
        do {
            _ = try syscall("/dev/net/tun", "TUNSETIFF") { nm_probe_tun_setiff(device.rawValue, "nmprobetap") }
            return (.yes(how), access)
        } catch {
            return (.no(how, error.description), access)
        }
    }

    /// Whether this user can open /dev/net/tun; the open descriptor if so.
    private static func tunAccessOnly() -> (Descriptor?, FeatureProbe) {
        let how = "open(/dev/net/tun, O_RDWR) as euid \(geteuid())"
        do {
            let device = try Descriptor.open("/dev/net/tun", O_RDWR)
            return (device, .yes(how))
        } catch {
            let hint: String
            switch error.code {
            case EACCES, EPERM:
                hint = "\(error): \(deviceMode()); TAP topologies need a user that can open it (root here), and cannot run rootless"
            case ENOENT:
                hint = "\(error): no device node (mknod /dev/net/tun c 10 200, or load the tun module)"
            default:
                hint = error.description
            }
            return (nil, .no(how, hint))
        }
    }

    /// /proc/misc lists "200 tun" when the driver is there, readable by anyone.
    private static func tunDriverFromProcMisc() -> FeatureProbe {
        let how = "\"tun\" in /proc/misc (TAP creation not tried: /dev/net/tun not openable)"
        guard let misc = try? TextFile.read("/proc/misc") else { return .no(how, "/proc/misc unreadable") }
        let listed = misc.split(separator: "\n").contains { $0.split(separator: " ").last == "tun" }
        return listed ? .yes(how) : .no(how, "the kernel lists no tun misc device (CONFIG_TUN)")
    }

    private static func deviceMode() -> String {
        var info = stat()
        guard (try? syscall("/dev/net/tun", "stat") { stat("/dev/net/tun", &info) }) != nil else { return "mode unknown" }
        return "mode \(String(info.st_mode & 0o777, radix: 8)), owner uid \(info.st_uid)"
    }

    static func libnlReason(_ code: Int32) -> String {
        guard let text = nl_geterror(code) else { return "libnl error \(code)" }
        return String(cString: text)
    }
}

/// A NETLINK_ROUTE socket of the thread's namespace; freed when dropped.
private final class ProbeSocket {
    let handle: OpaquePointer?
    let failure: String

    init() {
        guard let socket = nl_socket_alloc() else {
            handle = nil
            failure = "nl_socket_alloc: out of memory"
            return
        }
        let connected = nl_connect(socket, NETLINK_ROUTE)
        if connected < 0 {
            nl_socket_free(socket)
            handle = nil
            failure = "nl_connect(NETLINK_ROUTE): \(NamespaceProbes.libnlReason(connected))"
        } else {
            handle = socket
            failure = ""
        }
    }

    deinit {
        if let handle { nl_socket_free(handle) }
    }
}
