import NetmatrixCore
import TestSupport
import Testing

@Suite("veth topology", .requires(.root))
struct VethTopologyTests {
    @Test("two namespaces joined by one veth pair carry TCP over IPv4 and IPv6, and leave nothing behind")
    func tcpAcrossVeth() throws {
        let topology = try TopologyEngine.up(TestTopologies.veth())
        defer { try? topology.down() }
        let leftovers = Leftovers(topology)
        #expect(topology.namespaces.count == 2)
        let a = try #require(topology.interface("va0", in: "a"))
        let b = try #require(topology.interface("vb0", in: "b"))
        #expect(a.isUp && b.isUp)
        #expect(a.ifindex > 1 && b.ifindex > 1)
        #expect(a.mtu == 1500)
        let echoed4 = try NamespaceTraffic.tcpEcho(
            topology, client: "a", server: "b", address: TestTopologies.address("198.18.0.2"), port: 5201, bytes: 8192)
        #expect(echoed4 == NamespaceTraffic.pattern(8192))
        let echoed6 = try NamespaceTraffic.tcpEcho(
            topology, client: "a", server: "b", address: TestTopologies.address("fd00:18::2"), port: 5202, bytes: 4096)
        #expect(echoed6 == NamespaceTraffic.pattern(4096))
        try topology.down()
        #expect(!topology.isUp)
        #expect(topology.namespaces.isEmpty)
        #expect(leftovers.remaining == [])
    }

    @Test("MTU and offloads are read back: all off, then all on", arguments: [false, true])
    func offloadsReadBack(on: Bool) throws {
        let topology = try TopologyEngine.up(TestTopologies.veth(offloads: .all(on), mtu: 9000))
        defer { try? topology.down() }
        for (name, namespace) in [("va0", "a"), ("vb0", "b")] {
            let interface = try #require(topology.interface(name, in: namespace))
            #expect(interface.mtu == 9000)
            for feature in [OffloadFeature.txChecksum, .scatterGather, .tso, .gso, .gro, .rxChecksum] {
                #expect(interface.offloads[feature] == on, "\(name) \(feature.rawValue)")
            }
            #expect(interface.offloads.refusals == [], "\(interface.offloads)")
        }
        let echoed = try NamespaceTraffic.tcpEcho(
            topology, client: "a", server: "b", address: TestTopologies.address("198.18.0.2"), port: 5203, bytes: 16384)
        #expect(echoed == NamespaceTraffic.pattern(16384))
        try topology.down()
    }

    @Test("a refused offload is reported, not ignored: TSO on with tx checksums off")
    func refusedOffloadIsReported() throws {
        let settings = OffloadSettings(txChecksum: false, tso: true)
        let topology = try TopologyEngine.up(TestTopologies.veth(offloads: settings))
        defer { try? topology.down() }
        let interface = try #require(topology.interface("va0", in: "a"))
        #expect(interface.offloads[.txChecksum] == false)
        let refusal = try #require(interface.offloads.refusals.first { $0.feature == .tso })
        #expect(refusal.requested == true)
        #expect(refusal.actual == false)
        try topology.down()
    }

    @Test("a qdisc the kernel has is installed; one it lacks is a typed error naming it")
    func qdiscs() throws {
        let topology = try TopologyEngine.up(TestTopologies.veth(qdisc: "pfifo"))
        #expect(topology.interface("va0", in: "a")?.qdisc == "pfifo")
        try topology.down()
        #expect(QdiscProbe.isAvailable("pfifo"))

        let missing = "nm_no_such_qdisc"
        #expect(!QdiscProbe.isAvailable(missing))
        do {
            let unexpected = try TopologyEngine.up(TestTopologies.veth(qdisc: missing))
            try unexpected.down()
            Issue.record("qdisc \(missing) was accepted")
        } catch {
            #expect(error.isMissingFeature)
            #expect(error.description.contains(missing))
            #expect(error.description.contains("RTM_NEWQDISC"))
            #expect(error.exitStatus == .nothingRan)
        }
    }
}
