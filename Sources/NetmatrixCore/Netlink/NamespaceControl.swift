import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// The control channels of one namespace, opened on its thread and bound to it:
/// a NETLINK_ROUTE socket for links, addresses, routes and qdiscs, and an
/// AF_INET/SOCK_DGRAM socket for ethtool ioctls.
public final class NamespaceControl: @unchecked Sendable {
    public let namespace: NetworkNamespace
    public let route: RouteSocket
    /// AF_INET, SOCK_DGRAM: the socket SIOCETHTOOL goes through.
    public let ioctlSocket: Descriptor

    /// Opens both sockets on a namespace thread.
    public static func open(_ namespace: NetworkNamespace) throws -> NamespaceControl {
        let (route, ioctlSocket) = try namespace.run { () throws -> (RouteSocket, Descriptor) in
            try openSockets(namespaceName: namespace.name)
        }
        return NamespaceControl(namespace: namespace, route: route, ioctlSocket: ioctlSocket)
    }

    /// Creates one fresh anonymous namespace per name, all at once: each on its
    /// own thread, which `unshare(CLONE_NEWNET)`s, opens /proc/thread-self/ns/net,
    /// configures the namespace, opens its control sockets and exits.
    ///
    /// With `disableIPv6DAD` duplicate address detection is off for interfaces
    /// created later: IFA_F_NODAD covers configured addresses, but the kernel's
    /// own link-local ones would stay tentative for about two seconds, and a
    /// router answers neighbor solicitations only once they are not (IPv6
    /// through `chain` stalled two seconds without this).
    public static func createAnonymous(names: [String], disableIPv6DAD: Bool) -> [Result<NamespaceControl, any Error>] {
        NamespaceThread.runConcurrently(count: names.count, label: "new namespace") { index in
            let name = names[index]
            let label = "namespace \(name)"
            _ = try syscall(label, "unshare(CLONE_NEWNET)") { nm_unshare_net() }
            let descriptor = try Descriptor.open("/proc/thread-self/ns/net", O_RDONLY)
            if disableIPv6DAD {
                for path in ["/proc/sys/net/ipv6/conf/default/accept_dad", "/proc/sys/net/ipv6/conf/all/accept_dad"] {
                    try writeSysctl(path, "0\n", ignoringMissing: true)
                }
            }
            let (route, ioctlSocket) = try openSockets(namespaceName: name)
            return NamespaceControl(namespace: NetworkNamespace(name: name, descriptor: descriptor), route: route, ioctlSocket: ioctlSocket)
        }
    }

    /// The two sockets, in the calling thread's namespace.
    private static func openSockets(namespaceName: String) throws -> (RouteSocket, Descriptor) {
        let route = try RouteSocket.openInCurrentNamespace(namespaceName: namespaceName)
        let fd = try syscall("namespace \(namespaceName)", "socket(AF_INET, SOCK_DGRAM)") {
            socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        return (route, Descriptor(adopting: fd, label: "ioctl socket in namespace \(namespaceName)"))
    }

    private init(namespace: NetworkNamespace, route: RouteSocket, ioctlSocket: Descriptor) {
        self.namespace = namespace
        self.route = route
        self.ioctlSocket = ioctlSocket
    }

    /// Writes "1" or "0" to net.ipv4.ip_forward and net.ipv6.conf.all.forwarding,
    /// through /proc/sys opened on the namespace's thread (/proc/sys/net shows
    /// the opener's namespace).
    public func setForwarding(_ on: Bool) throws {
        let value = on ? "1\n" : "0\n"
        try namespace.run { () throws -> Void in
            try Self.writeSysctl("/proc/sys/net/ipv4/ip_forward", value, ignoringMissing: false)
            // A kernel without IPv6 has no such file and nothing to forward.
            try Self.writeSysctl("/proc/sys/net/ipv6/conf/all/forwarding", value, ignoringMissing: true)
        }
    }

    /// Writes one /proc/sys file; call on the namespace's thread.
    private static func writeSysctl(_ path: String, _ value: String, ignoringMissing: Bool) throws(SystemError) {
        let file: Descriptor
        do {
            file = try Descriptor.open(path, O_WRONLY)
        } catch where ignoringMissing && error.code == ENOENT {
            return
        }
        try Array(value.utf8).withUnsafeBytes { bytes in
            Result { () throws(SystemError) in try Syscall.writeAll(file.rawValue, bytes, object: path) }
        }.get()
        try file.close()
    }
}
