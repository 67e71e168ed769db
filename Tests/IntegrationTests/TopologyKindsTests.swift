import NetmatrixCore
import TestSupport
import Testing

@Suite("topology kinds", .requires(.root))
struct TopologyKindsTests {
    @Test("loopback: one namespace, lo up at MTU 61512 with a test address, TCP inside it")
    func loopback() throws {
        let topology = try TopologyEngine.up(TestTopologies.loopback)
        defer { try? topology.down() }
        let leftovers = Leftovers(topology)
        let lo = try #require(topology.interface("lo", in: "l"))
        #expect(lo.ifindex == 1)
        #expect(lo.isUp)
        #expect(lo.mtu == 61512)
        let echoed = try NamespaceTraffic.tcpEcho(
            topology, client: "l", server: "l", address: TestTopologies.address("198.18.2.1"), port: 5301, bytes: 65536)
        #expect(echoed == NamespaceTraffic.pattern(65536))
        try topology.down()
        #expect(leftovers.remaining == [])
    }

    @Test("chain A-R-B: R forwards, routes on both ends, TCP end to end over IPv4 and IPv6")
    func chain() throws {
        let topology = try TopologyEngine.up(TestTopologies.chain)
        defer { try? topology.down() }
        let leftovers = Leftovers(topology)
        #expect(topology.routes.count == 4)
        let echoed4 = try NamespaceTraffic.tcpEcho(
            topology, client: "a", server: "b", address: TestTopologies.address("198.18.0.6"), port: 5302, bytes: 8192)
        #expect(echoed4 == NamespaceTraffic.pattern(8192))
        let echoed6 = try NamespaceTraffic.tcpEcho(
            topology, client: "a", server: "b", address: TestTopologies.address("fd00:18:2::2"), port: 5303, bytes: 8192)
        #expect(echoed6 == NamespaceTraffic.pattern(8192))
        try topology.down()
        #expect(leftovers.remaining == [])
    }

    @Test("bridge: two veths enslaved to br0 in a switch namespace join A and B on one segment")
    func bridge() throws {
        let topology = try TopologyEngine.up(TestTopologies.bridge)
        defer { try? topology.down() }
        let leftovers = Leftovers(topology)
        #expect(topology.interface("br0", in: "s")?.isUp == true)
        let echoed = try NamespaceTraffic.tcpEcho(
            topology, client: "a", server: "b", address: TestTopologies.address("198.18.1.2"), port: 5304, bytes: 8192)
        #expect(echoed == NamespaceTraffic.pattern(8192))
        try topology.down()
        #expect(leftovers.remaining == [])
    }

    @Test("tap pair: frames pumped between the two TAP descriptors carry a UDP datagram", .requires(.tun))
    func tapPair() throws {
        let topology = try TopologyEngine.up(TestTopologies.tap)
        defer { try? topology.down() }
        let leftovers = Leftovers(topology)
        let tapA = try #require(topology.tapDescriptor("ta0"))
        let tapB = try #require(topology.tapDescriptor("tb0"))
        #expect(topology.interface("ta0", in: "a")?.mtu == 1500)
        let wire = try TestWire(tapA, tapB)
        let payload = Array("netmatrix over a user-space wire".utf8)
        let received = try NamespaceTraffic.udpDatagram(
            topology, client: "a", server: "b", address: TestTopologies.address("198.18.3.2"), port: 5305, payload: payload)
        wire.stop()
        #expect(received == payload)
        #expect(wire.framesMoved > 0)
        try topology.down()
        #expect(leftovers.remaining == [])
    }

    @Test("sink: without the dummy driver the build fails with a skip reason and leaves nothing")
    func sinkNeedsDummy() throws {
        do {
            let topology = try TopologyEngine.up(TestTopologies.sink)
            // This kernel has the dummy driver after all: the sink must then be a real one.
            #expect(topology.interface("sink0", in: "s")?.isUp == true)
            try topology.down()
        } catch {
            #expect(error.isMissingFeature, "\(error)")
            #expect(error.skipReason == "kernel has no dummy driver (RTM_NEWLINK: Operation not supported)")
            #expect(error.exitStatus == .nothingRan)
        }
    }
}
