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
            let route = try RouteSocket.openInCurrentNamespace(namespaceName: namespace.name)
            let fd = try syscall("namespace \(namespace.name)", "socket(AF_INET, SOCK_DGRAM)") {
                socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            }
            return (route, Descriptor(adopting: fd, label: "ioctl socket in namespace \(namespace.name)"))
        }
        return NamespaceControl(namespace: namespace, route: route, ioctlSocket: ioctlSocket)
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
            for path in ["/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/ipv6/conf/all/forwarding"] {
                let file = try Descriptor.open(path, O_WRONLY)
                let raw = file.rawValue
                _ = try value.utf8CString.withUnsafeBufferPointer { buffer in
                    try syscall(path, "write") { write(raw, buffer.baseAddress, buffer.count - 1) }
                }
                try file.close()
            }
        }
    }
}
