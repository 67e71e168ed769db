import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// The project's own plugins (built next to the tests) through real workers,
/// every byte verified: TCP over loopback and over veth, and a wire over TAP.
@Suite(
    "Built plugins move verified bytes through workers",
    .requires(.root),
    .requires(.netmatrixBinary),
    .requires(.builtPlugins)
)
struct BuiltPluginCellTests {
    static let pairs: [(send: String, receive: String)] = [
        ("copy", "copy"), ("zerocopy:sendfile", "copy"), ("zerocopy:msg_zerocopy", "zerocopy:tcp_zerocopy_receive"),
        ("zerocopy:splice", "zerocopy:splice"), ("copy", "csum-copy"), ("copy", "sse-copy"),
    ]

    @Test(arguments: pairs.map { "\($0.send)->\($0.receive)" })
    func pairMovesVerifiedBytesOverLoopback(cell: String) throws {
        let sides = cell.components(separatedBy: "->")
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        let request = FlowRequest(
            senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: PrivateNetwork.loopbackAddress,
            sender: try PluginSpec(parsing: sides[0]), receiver: try PluginSpec(parsing: sides[1]),
            budget: .bytes(64 << 20), verification: .full
        )
        let result = try FlowRunner(searchPath: .standard(environment: [:])).run(request)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.bytesVerified == result.bytes)
        #expect(result.bytes >= 64 << 20)
        #expect((result.receiver?.microsecondsPerMB ?? 0) > 0)
    }

    @Test func copyOverVethTopologyFile() throws {
        let topology = try TopologyEngine.up(TestTopologies.veth())
        defer { try? topology.down() }
        var request = try FlowRequest(
            topology: topology, sender: PluginSpec(parsing: "copy"), receiver: PluginSpec(parsing: "copy"), wire: nil
        )
        request.budget = .duration(seconds: 1)
        let result = try FlowRunner(searchPath: .standard(environment: [:])).run(request)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.goodputBitsPerSecond > 0)
        #expect(result.sender?.report?.retransmits != nil)
    }

    @Test(.requires(.tun))
    func csumCopyWireOverTapTopology() throws {
        let topology = try TopologyEngine.up(TestTopologies.tap)
        defer { try? topology.down() }
        var request = try FlowRequest(
            topology: topology, sender: PluginSpec(parsing: "copy"), receiver: PluginSpec(parsing: "copy"),
            wire: PluginSpec(parsing: "csum-copy")
        )
        request.budget = .duration(seconds: 1)
        request.verification = .full
        let result = try FlowRunner(searchPath: .standard(environment: [:])).run(request)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect((result.wire?.counters.framesAToB ?? 0) > 0)
    }

    @Test func aTopologyWithAWireNeedsAWirePlugin() throws {
        let topology = try TopologyEngine.up(TestTopologies.tap)
        defer { try? topology.down() }
        #expect(throws: FlowRunner.RunError.self) {
            try FlowRequest(topology: topology, sender: nil, receiver: nil, wire: nil)
        }
    }
}
