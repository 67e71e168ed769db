import NetmatrixCore
import Testing

@Suite("veth topology", .enabled(if: Privilege.isRoot, "needs root: builds real network namespaces"))
struct VethTopologyTests {
    @Test("two namespaces joined by one veth pair carry TCP over IPv4 and IPv6")
    func tcpAcrossVeth() throws {
        let topology = try TopologyEngine.up(TestTopologies.veth())
        defer { try? topology.down() }
        #expect(topology.namespaces.count == 2)
        let a = try #require(topology.interface("va0", in: "a"))
        let b = try #require(topology.interface("vb0", in: "b"))
        #expect(a.isUp && b.isUp)
        #expect(a.ifindex > 1 && b.ifindex > 1)
        let echoed4 = try NamespaceTraffic.tcpEcho(topology, client: "a", server: "b", address: TestTopologies.address("198.18.0.2"), port: 5201, bytes: 8192)
        #expect(echoed4.count == 8192)
        #expect(echoed4 == (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let echoed6 = try NamespaceTraffic.tcpEcho(topology, client: "a", server: "b", address: TestTopologies.address("fd00:18::2"), port: 5202, bytes: 4096)
        #expect(echoed6.count == 4096)
        try topology.down()
        #expect(!topology.isUp)
        #expect(topology.namespaces.isEmpty)
    }
}
