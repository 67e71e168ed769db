import Foundation
import NetmatrixCore
import NetmatrixSystem
import TestSupport
import Testing

/// A segfault, abort, hang, early exit, plugin error or corrupted byte stays in
/// its worker: the cell fails with the reason, the next cell runs, and no worker
/// process survives in the namespace.
@Suite(
    "Worker faults fail their cell with the reason and leave nothing behind",
    .requires(.root),
    .requires(.compiler),
    .requires(.netmatrixBinary)
)
struct WorkerFaultTests {
    struct Fault: Sendable, CustomStringConvertible {
        var name: String
        var defines: [String]
        var transport: TransportProtocol = .tcp
        var verification: VerificationLevel = .sampled
        var kind: FlowFailure.Kind
        var side: String
        var reason: String
        var description: String { name }
    }

    static let faults: [Fault] = [
        Fault(name: "receiver segfault", defines: ["FAULT=segv", "FAULT_ROLE=2"], kind: .signal, side: "receiver",
              reason: "receiver worker killed by SIGSEGV"),
        Fault(name: "sender abort", defines: ["FAULT=abort", "FAULT_ROLE=1"], kind: .signal, side: "sender",
              reason: "sender worker killed by SIGABRT"),
        Fault(name: "receiver hang", defines: ["FAULT=hang", "FAULT_ROLE=2"], kind: .timeout, side: "receiver",
              reason: "receiver timed out after"),
        Fault(name: "sender early exit", defines: ["FAULT=exit", "FAULT_ROLE=1"], kind: .earlyExit, side: "sender",
              reason: "sender worker exited with status 7 before reporting"),
        // Its pipes reach end of file while it lives on: the supervisor must not wait for it forever.
        Fault(name: "sender closes its descriptors and hangs", defines: ["FAULT=closefds", "FAULT_ROLE=1"], kind: .timeout,
              side: "sender", reason: "sender timed out after"),
        Fault(name: "receiver plugin error", defines: ["FAULT=error", "FAULT_ROLE=2"], kind: .pluginError, side: "receiver",
              reason: "receiver plugin failed (error 71): recv: Protocol error"),
        Fault(name: "corrupt byte, sampled", defines: ["FAULT=corrupt", "CORRUPT_AT=1048586"], kind: .badBytes, side: "receiver",
              reason: "bad byte at stream offset 1048586: expected 0x"),
        Fault(name: "corrupt byte, full", defines: ["FAULT=corrupt", "CORRUPT_AT=1000003"], verification: .full, kind: .badBytes,
              side: "receiver", reason: "bad byte at stream offset 1000003: expected 0x"),
        Fault(name: "corrupt datagram", defines: ["FAULT=corrupt", "CORRUPT_AT=100000"], transport: .udp, kind: .badBytes,
              side: "receiver", reason: "bad byte at datagram"),
    ]

    @Test(arguments: faults)
    func faultFailsTheCellAndTheNextCellRuns(fault: Fault) throws {
        let plugins = try TestPluginBuilder()
        let broken = try plugins.build(name: "test-broken", defines: fault.defines)
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        let runner = try FlowRunner(searchPath: PluginSearchPath(explicitPaths: [plugins.folder]))
        let spec = try PluginSpec(parsing: broken)
        var request = FlowRequest(
            senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: PrivateNetwork.loopbackAddress, transport: fault.transport,
            sender: spec, receiver: spec, messageSize: fault.transport == .udp ? 8192 : 65536,
            budget: .duration(seconds: 1), verification: fault.verification
        )
        request.timeoutGrace = 2
        request.drainTimeout = 2

        let failed = try runner.run(request)
        let first = try #require(failed.failures.first { $0.side == fault.side }, "no \(fault.side) failure in \(failed.failures)")
        #expect(first.kind == fault.kind)
        #expect(first.reason.hasPrefix(fault.reason), "\(first.reason)")
        if fault.kind == .badBytes, fault.transport == .tcp {
            // The low bit was flipped: got = expected ^ 1.
            let bytes = first.reason.split(separator: " ").filter { $0.hasPrefix("0x") }.compactMap { UInt8($0.dropFirst(2), radix: 16) }
            #expect(bytes.count == 2 && bytes[0] ^ bytes[1] == 1, "\(first.reason)")
        }
        for side in [failed.sender, failed.receiver].compactMap({ $0 }) {
            #expect(!PrivateNetwork.processExists(side.pid), "worker \(side.pid) still exists")
        }
        #expect(PrivateNetwork.processes(in: PrivateNetwork.inode(of: namespace)).isEmpty)

        // The next cell, same namespace, a sound plugin.
        let plain = try plugins.build(name: "test-plain")
        request.sender = try PluginSpec(parsing: plain)
        request.receiver = try PluginSpec(parsing: plain)
        request.budget = .bytes(4 << 20)
        let next = try runner.run(request)
        #expect(next.failures.isEmpty, "\(next.failures)")
        #expect(next.bytes > 0)
        #expect(PrivateNetwork.processes(in: PrivateNetwork.inode(of: namespace)).isEmpty)
    }

    @Test func refusedPluginFailsTheCellAtSetup() throws {
        let plugins = try TestPluginBuilder()
        let wrongABI = try plugins.build(name: "test-abi", defines: ["ABI_VERSION=0x20000"])
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        let runner = try FlowRunner(searchPath: PluginSearchPath(explicitPaths: [plugins.folder]))
        let request = FlowRequest(
            senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: PrivateNetwork.loopbackAddress,
            sender: nil, receiver: try PluginSpec(parsing: wrongABI), budget: .duration(seconds: 1)
        )
        let result = try runner.run(request)
        let failure = try #require(result.failures.first)
        #expect(failure.kind == .pluginRefused)
        #expect(failure.reason.contains("refused: ABI major version 2"), "\(failure.reason)")
        #expect(result.exitStatus == .badInput)
    }
}
