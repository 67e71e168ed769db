import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// Every built-in plugin and mode moves fully verified bytes in its own worker
/// across loopback, veth and tap (the wire role), over TCP and UDP: one short
/// real matrix, run by the built binary.
@Suite(
    "Built-in plugins across loopback, veth and tap, TCP and UDP",
    .requires(.root),
    .requires(.tun),
    .requires(.netmatrixBinary)
)
struct BuiltInPluginsAcrossTopologiesTests {
    static let matrix = """
        name: every-plugin
        sample: {duration: 150ms}
        warmup: 0
        sampling: {initial: 2, step: 1, max: 2}
        blocks:
          - name: senders
            topology: [loopback, veth]
            send: [copy, "zerocopy:sendfile", "zerocopy:msg_zerocopy", "zerocopy:splice", "zerocopy:splice,splice_source=vmsplice"]
            receive: copy
            size: 64K
          - name: receivers
            topology: [loopback, veth]
            send: copy
            receive: [csum-copy, "csum-copy,fused=0", sse-copy, "sse-copy,nt=1", "zerocopy:tcp_zerocopy_receive", "zerocopy:splice"]
            size: 64K
          - name: udp
            topology: [loopback, veth]
            transport: udp
            send: [copy, "zerocopy:msg_zerocopy"]
            receive: [copy, csum-copy, sse-copy]
            size: 1400
          - name: flows
            topology: veth
            send: copy
            receive: copy
            size: 64K
            flows: 2
          - name: wires
            topology: tap
            send: copy
            receive: copy
            wire: [copy, zerocopy, csum-copy, sse-copy]
            transport: [tcp, udp]
            size: 1400
        """

    @Test func everyCellDeliversVerifiedBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nm-every-plugin-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.matrix.write(to: folder.appendingPathComponent("matrix.yaml"), atomically: true, encoding: .utf8)
        for topology in ["loopback", "veth", "tap"] {
            try FileManager.default.copyItem(
                at: Repository.root.appendingPathComponent("Netns/\(topology).yaml"),
                to: folder.appendingPathComponent("\(topology).yaml"))
        }
        let out = folder.appendingPathComponent("out")
        let run = try ChildProcess.run(
            try #require(WorkerExecutable.locate()),
            ["matrix", folder.appendingPathComponent("matrix.yaml").path, "--out", out.path, "--verify", "full", "--seed", "5"])
        #expect(run.status == 0, "\(run.output)\n\(run.errors)")

        let results = try JSONDecoder().decode(RunResults.self, from: Data(contentsOf: out.appendingPathComponent("results.json")))
        let tested = Set(results.cells.flatMap { [$0.sender, $0.receiver] + ($0.wire.map { [$0] } ?? []) })
        for plugin in ["copy", "zerocopy:sendfile", "zerocopy:msg_zerocopy", "zerocopy:splice", "csum-copy", "sse-copy",
                       "zerocopy:tcp_zerocopy_receive", "zerocopy"] {
            #expect(tested.contains(plugin), "\(plugin) was not exercised")
        }
        #expect(Set(results.cells.map(\.topology)) == ["loopback", "veth", "tap"])
        #expect(Set(results.cells.map(\.transport)) == ["tcp", "udp"])
        let twoFlows = try #require(results.cells.first { $0.flows == 2 })
        let oneFlow = try #require(results.cells.first { $0.id == twoFlows.id.replacingOccurrences(of: "flows-2", with: "flows-1") })
        // Two flows are two sender/receiver pairs whose bytes add up in one sample.
        #expect(twoFlows.samples.allSatisfy { $0.bytes > 0 && $0.senderCPU.total > 0 })
        #expect(oneFlow.status == .passed)
        for cell in results.cells {
            #expect(cell.status == .passed, "\(cell.id): \(cell.reason ?? "")")
            #expect(cell.samples.count == 2, "\(cell.id)")
            #expect(cell.samples.allSatisfy { $0.bytes > 0 }, "\(cell.id) moved nothing")
        }
    }
}
