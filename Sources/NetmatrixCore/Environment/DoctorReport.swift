import Foundation

/// What `netmatrix doctor` found: privileges, rootless mode, kernel features and
/// the CPU, each with how it was probed, and what to change when netmatrix
/// cannot run here. Also what a results file records as its environment.
public struct DoctorReport: Sendable, Codable {
    public static let schemaVersion = 1

    public var schema = DoctorReport.schemaVersion
    public var netmatrixVersion: String
    public var kernelRelease: String
    public var euid: UInt32
    /// CapEff in hex, as /proc/self/status shows it.
    public var effectiveCapabilities: String?
    public var rootless: Bool
    /// While rootless: the uid that uid 0 stands for outside.
    public var rootlessOutsideUID: UInt32?
    public var simd: SIMDLevel
    public var cpuModel: String?
    /// Network namespaces and veth work: netmatrix can run here.
    public var coreRequirementsMet: Bool
    /// One line per probe, privileges and rootless mode first.
    public var features: [NamedFeatureProbe]
    /// What to change, when the core requirements are not met.
    public var advice: [String]

    /// Probes everything now. `rootlessRefusal` is why a re-exec was refused, if one was tried.
    public static func collect(rootlessRefusal: RootlessError? = nil) -> DoctorReport {
        let privileges = Privileges.current()
        let kernel = KernelFeatures.probe()
        let cpu = CPUFeatures.detect()
        let active = Rootless.isActive
        let outside = active ? Rootless.outsideUID : nil

        let privilegeLine = NamedFeatureProbe("privileges", FeatureProbe(
            available: privileges.canBuildNamespaces, how: "euid, and CapEff from /proc/self/status",
            reason: privileges.summary))
        let rootlessHow = "NETMATRIX_ROOTLESS=1 and /proc/self/uid_map"
        let rootlessLine: NamedFeatureProbe
        if active {
            rootlessLine = NamedFeatureProbe("rootless", .yes(rootlessHow,
                "running rootless: uid 0 here is uid \(outside.map(String.init) ?? "?") outside, in a private user and network namespace"))
        } else if let rootlessRefusal {
            rootlessLine = NamedFeatureProbe("rootless", .no(rootlessHow, rootlessRefusal.description))
        } else {
            rootlessLine = NamedFeatureProbe("rootless", .no(rootlessHow,
                privileges.canBuildNamespaces ? "not needed: this process has CAP_NET_ADMIN and CAP_SYS_ADMIN" : "not used: probing as the calling user, without privileges"))
        }
        let simdLine = NamedFeatureProbe("cpu-simd", FeatureProbe(
            available: cpu.simd != .scalar, how: cpu.probe.how,
            reason: "\(cpu.simd.rawValue)\(cpu.model.map { " (\($0))" } ?? "")"))

        var advice: [String] = []
        if !kernel.links.networkNamespace.available {
            if let rootlessRefusal {
                advice.append("network namespaces: \(rootlessRefusal.description)")
            } else {
                advice.append("network namespaces: \(kernel.links.networkNamespace.reason ?? "unavailable"); run as root or enable unprivileged user namespaces")
            }
        } else if !kernel.links.veth.available {
            advice.append("veth: \(kernel.links.veth.reason ?? "unavailable"); netmatrix needs a kernel with CONFIG_VETH")
        }

        return DoctorReport(
            netmatrixVersion: NetmatrixVersion.string, kernelRelease: kernel.release, euid: privileges.effectiveUID,
            effectiveCapabilities: privileges.effectiveCapabilities.map { String($0, radix: 16) },
            rootless: active, rootlessOutsideUID: outside, simd: cpu.simd, cpuModel: cpu.model,
            coreRequirementsMet: kernel.coreRequirementsMet,
            features: [privilegeLine, rootlessLine] + kernel.all + [simdLine], advice: advice
        )
    }

    /// One aligned line per feature: `name  yes/no  how: reason`.
    public func table() -> String {
        let width = features.map(\.name.count).max() ?? 0
        let header = "netmatrix \(netmatrixVersion) doctor: kernel \(kernelRelease)\(rootless ? ", rootless" : "")"
        let rows = features.map { line in
            let name = line.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let answer = line.probe.available ? "yes" : "no "
            let detail = line.probe.reason.map { "\(line.probe.how): \($0)" } ?? line.probe.how
            return "\(name)  \(answer)  \(detail)"
        }
        let verdict = coreRequirementsMet
            ? "core requirements met (network namespaces, veth)"
            : "core requirements NOT met: " + advice.joined(separator: "; ")
        return ([header] + rows + [verdict]).joined(separator: "\n")
    }

    /// The report as pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
