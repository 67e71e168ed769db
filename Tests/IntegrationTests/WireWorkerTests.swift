import Foundation
import NetmatrixCore
import NetmatrixSystem
import TestSupport
import Testing

/// A wire worker joins two TAP devices in two namespaces: TCP from a to b only
/// flows if the plugin moves frames both ways.
@Suite(
    "Wire worker between two TAP devices",
    .requires(.root),
    .requires(.tun),
    .requires(.compiler),
    .requires(.netmatrixBinary)
)
struct WireWorkerTests {
    @Test func plainWireCarriesAVerifiedStream() throws {
        let plugins = try TestPluginBuilder()
        let plain = try plugins.build(name: "test-plain")
        let topology = try TopologyEngine.up(TestTopologies.tap)
        defer { try? topology.down() }
        let a = try #require(topology.namespaceDescriptor("a"))
        let b = try #require(topology.namespaceDescriptor("b"))
        let tapA = try #require(topology.tapDescriptor("ta0"))
        let tapB = try #require(topology.tapDescriptor("tb0"))
        let spec = try PluginSpec(parsing: plain)
        var request = FlowRequest(
            senderNamespace: a, receiverNamespace: b, receiverAddress: "198.18.3.2",
            sender: spec, receiver: spec, budget: .duration(seconds: 1), verification: .full
        )
        request.wire = WireSetup(plugin: spec, namespace: a, tapA: tapA, tapB: tapB, mtu: 1500)
        let result = try FlowRunner(searchPath: PluginSearchPath()).run(request)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.bytes > 100_000)
        let wire = try #require(result.wire)
        #expect(wire.counters.framesAToB > 0)
        #expect(wire.counters.framesBToA > 0)
        #expect(wire.cpuSeconds > 0)
        #expect(!PrivateNetwork.processExists(wire.pid))
    }
}
