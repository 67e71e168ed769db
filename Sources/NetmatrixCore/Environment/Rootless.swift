import CNetmatrixShims
#if canImport(Glibc)
import Glibc
#endif

/// Rootless mode: without root, netmatrix re-executes itself as uid 0 of a new
/// user namespace with its own network namespace, and does its work there.
///
/// The kernel allows the unprivileged user everything inside namespaces it owns
/// (veth, bridges, addresses, routes), nothing outside. Not possible rootless:
/// TAP devices when /dev/net/tun is root-only (the namespace's root is not the
/// device's owner), and anything needing the host's counters or sysctls.
public enum Rootless {
    /// Set to `1` in the re-executed child.
    public static let environmentVariable = "NETMATRIX_ROOTLESS"

    /// True in a process that `reexecIfNeeded` started (the variable is set and
    /// uid 0 is mapped to some other uid outside).
    public static var isActive: Bool {
        guard let value = getenv(environmentVariable), String(cString: value) == "1" else { return false }
        return outsideUID != nil
    }

    /// The uid that this namespace's uid 0 stands for outside, from
    /// /proc/self/uid_map; nil in the initial user namespace (`0 0 4294967295`).
    public static var outsideUID: UInt32? {
        guard let line = TextFile.firstLine("/proc/self/uid_map") else { return nil }
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 3, fields[0] == "0", let outside = UInt32(fields[1]) else { return nil }
        return fields[1] == "0" && fields[2] == "4294967295" ? nil : outside
    }

    /// Re-executes this program rootless when this process lacks CAP_NET_ADMIN and
    /// CAP_SYS_ADMIN and is not already the re-executed child.
    ///
    /// Returns nil when this process should go on and do the work itself; returns
    /// the child's exit status when the child did it (the caller exits with it).
    /// Throws when the kernel refuses the user namespace, naming what to change.
    public static func reexecIfNeeded(arguments: [String] = CommandLine.arguments) throws(RootlessError) -> Int32? {
        // An existing variable without the privileges it promises: carry on and let
        // the first privileged call fail, rather than re-exec in a loop.
        if Privileges.current().canBuildNamespaces || getenv(environmentVariable) != nil { return nil }
        var stage: Int32 = 0
        var code: Int32 = 0
        let status = withCStringArray(arguments) { argv in nm_rootless_reexec(argv, &stage, &code) }
        guard status >= 0 else {
            throw RootlessError(stage: RootlessError.Stage(rawValue: stage) ?? .fork, code: code)
        }
        return status
    }

    /// `arguments` as a NULL-terminated `char *argv[]`, valid only inside `body`.
    private static func withCStringArray<R>(_ arguments: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let copies = arguments.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies + [nil])
    }
}
