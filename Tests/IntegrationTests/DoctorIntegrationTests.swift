import Foundation
import NetmatrixCore
import TestSupport
import Testing

private let builtBinary = WorkerExecutable.locate() ?? ""
private let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("doctor probes for real", .serialized)
struct DoctorIntegrationTests {
    @Test(.requires(.root))
    func probesFindNamespacesAndVethAndLeaveNothingBehind() throws {
        let watcher = try HostLinkWatcher()
        let features = KernelFeatures.probe()
        let hostEvents = watcher.drain()
        #expect(!hostEvents.contains { $0.contains("nmprobe") }, "no probe link may appear in the host namespace, even briefly")
        #expect(features.links.networkNamespace.available)
        #expect(features.links.veth.available, "\(features.links.veth)")
        #expect(features.coreRequirementsMet)
        for line in features.all {
            #expect(!line.probe.how.isEmpty, "\(line.name) says how it was probed")
            #expect(line.probe.available || line.probe.reason != nil, "\(line.name) says why it is missing")
        }
        // The probes' links lived in the throwaway namespace only.
        for name in ["nmprobe0", "nmprobe1", "nmprobebr", "nmprobedummy", "nmprobetap"] {
            #expect(if_nametoindex(name) == 0, "\(name) must not exist in the host namespace")
        }
    }

    @Test(.requires(.root), .requires(.netmatrixBinary),
          .requires(TestRequirement("needs setpriv (util-linux) to run as nobody") { setpriv != nil }))
    func doctorAsNobodyRunsRootless() throws {
        // nobody must be able to read the binary: copy it out of the build tree.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("netmatrix-rootless-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("netmatrix")
        try FileManager.default.copyItem(atPath: builtBinary, toPath: binary.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(setpriv))
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path, "doctor", "--json"]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        let report = try JSONDecoder().decode(DoctorReport.self, from: data)
        if report.features.first(where: { $0.name == "rootless" })?.probe.available == false {
            // A kernel that refuses user namespaces must say so and exit 4.
            #expect(process.terminationStatus == ExitStatus.nothingRan.rawValue)
            #expect(!report.advice.isEmpty)
            return
        }
        #expect(process.terminationStatus == 0)
        #expect(report.rootless)
        #expect(report.rootlessOutsideUID == 65534)
        #expect(report.euid == 0, "uid 0 inside the user namespace")
        #expect(report.coreRequirementsMet)
    }
}

/// Listens to RTNLGRP_LINK in the host's namespace (read-only: a subscription
/// changes nothing) to catch any link a probe would create there.
private final class HostLinkWatcher {
    let fd: Int32

    init() throws {
        fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)  // NETLINK_ROUTE
        try #require(fd >= 0)
        // struct sockaddr_nl { sa_family_t nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups; }
        var address = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: UInt16(AF_NETLINK)) { address.replaceSubrange(0..<2, with: $0) }
        withUnsafeBytes(of: UInt32(1)) { address.replaceSubrange(8..<12, with: $0) }  // RTMGRP_LINK
        let bound = address.withUnsafeBytes { raw in
            bind(fd, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        try #require(bound == 0)
    }

    /// Every queued notification, as bytes decoded leniently (names are ASCII).
    func drain() -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count <= 0 { break }
            messages.append(String(decoding: buffer[0..<count].map { $0 == 0 ? 32 : $0 }, as: UTF8.self))
        }
        return messages
    }

    deinit { close(fd) }
}
