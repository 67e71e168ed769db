#if canImport(Glibc)
import Glibc
#endif

/// What this process may do to namespaces and links.
public struct Privileges: Equatable, Sendable, Codable {
    /// Capability bit numbers from linux/capability.h.
    public static let capNetAdmin = 12  // CAP_NET_ADMIN
    public static let capSysAdmin = 21  // CAP_SYS_ADMIN

    public var effectiveUID: UInt32
    /// The CapEff mask from /proc/self/status; nil when it could not be read.
    public var effectiveCapabilities: UInt64?

    public init(effectiveUID: UInt32, effectiveCapabilities: UInt64?) {
        self.effectiveUID = effectiveUID
        self.effectiveCapabilities = effectiveCapabilities
    }

    /// This process's, read now.
    public static func current() -> Privileges {
        Privileges(effectiveUID: geteuid(), effectiveCapabilities: readEffectiveCapabilities())
    }

    /// CAP_NET_ADMIN: create links, set addresses, routes, qdiscs, offloads.
    public var hasNetAdmin: Bool { has(Self.capNetAdmin) }
    /// CAP_SYS_ADMIN: unshare and setns network namespaces.
    public var hasSysAdmin: Bool { has(Self.capSysAdmin) }
    /// Both: namespace work can run in this process.
    public var canBuildNamespaces: Bool { hasNetAdmin && hasSysAdmin }

    private func has(_ bit: Int) -> Bool {
        guard let mask = effectiveCapabilities else { return false }
        return mask & (1 << UInt64(bit)) != 0
    }

    /// Parses `CapEff:\t000001ffffffffff` out of /proc/self/status text.
    public static func effectiveCapabilities(fromStatus status: String) -> UInt64? {
        for line in status.split(separator: "\n") where line.hasPrefix("CapEff:") {
            let hex = line.dropFirst("CapEff:".count).trimming(" \t")
            return UInt64(hex, radix: 16)
        }
        return nil
    }

    private static func readEffectiveCapabilities() -> UInt64? {
        guard let status = try? TextFile.read("/proc/self/status") else { return nil }
        return effectiveCapabilities(fromStatus: status)
    }

    public var summary: String {
        let mask = effectiveCapabilities.map { String($0, radix: 16) } ?? "unreadable"
        let held = [hasNetAdmin ? "CAP_NET_ADMIN" : nil, hasSysAdmin ? "CAP_SYS_ADMIN" : nil].compactMap { $0 }
        return "euid \(effectiveUID), CapEff \(mask) (\(held.isEmpty ? "neither CAP_NET_ADMIN nor CAP_SYS_ADMIN" : held.joined(separator: " and ")))"
    }
}
