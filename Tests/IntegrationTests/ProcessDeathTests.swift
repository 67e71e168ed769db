#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import NetmatrixCore
import NetmatrixSystem
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `netmatrix` binary and the repository's Netns folder.
enum NetmatrixBinary {
    static let path = WorkerExecutable.locate()
    static let netnsDirectory = Repository.root.appendingPathComponent("Netns").path
}

@Suite(
    "process death",
    .requires(.root),
    .requires(.netmatrixBinary))
struct ProcessDeathTests {
    @Test("SIGKILL of a process holding an anonymous topology leaves nothing: the kernel tears it down")
    func sigkillLeavesNothing() throws {
        let binary = try #require(NetmatrixBinary.path)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: binary)
        child.arguments = ["topo", "up", "\(NetmatrixBinary.netnsDirectory)/veth.yaml"]
        let output = Pipe()
        child.standardOutput = output
        child.standardError = output
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }

        // Wait for "holding <id>: ..." (the topology is built and held).
        var text = ""
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while !text.contains("holding "), child.isRunning, ContinuousClock.now < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let holding = try #require(text.split(separator: "\n").first { $0.hasPrefix("holding ") }, "child said: \(text)")
        let id = String(holding.dropFirst("holding ".count).prefix { $0 != ":" })

        // Hold namespace a from outside, to watch the kernel remove b (and with it va0's peer).
        let watched = try Self.namespace(of: child.processIdentifier, containing: "va0")
        let vaIndex = try watched.control.route.link(named: "va0").ifindex

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(watched.control.route.waitUntilGone(ifindex: vaIndex), "va0 outlived its holder: namespace b was not torn down")
        let suffix = String(id.split(separator: "-").last ?? "")
        #expect(Leftovers.pins(withSuffix: suffix) == [])
        #expect(!FileManager.default.fileExists(atPath: TopologyState.path(for: id)))
        try watched.namespace.descriptor.close()
    }

    /// Opens the child's namespace descriptors (/proc/PID/fd/N -> net:[...]) and keeps the one holding `interface`.
    static func namespace(of pid: Int32, containing interface: String) throws -> (namespace: NetworkNamespace, control: NamespaceControl) {
        let directory = "/proc/\(pid)/fd"
        for entry in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let path = "\(directory)/\(entry)"
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path), target.hasPrefix("net:") else { continue }
            let namespace = try NetworkNamespace.open(name: target, mountPath: path)
            let control = try NamespaceControl.open(namespace)
            if try control.route.links().contains(where: { $0.name == interface }) { return (namespace, control) }
            try namespace.descriptor.close()
        }
        throw TopologyError.unknownTopology("no namespace of pid \(pid) holds \(interface)")
    }
}
