#if canImport(Glibc)
import Glibc
#endif

/// What the integration tests need from this machine, probed once.
enum Privilege {
    /// Root: namespaces, netlink writes, /dev/net/tun.
    static let isRoot = geteuid() == 0
    /// /dev/net/tun exists (TAP tests).
    static let hasTun = access("/dev/net/tun", F_OK) == 0
}
