#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NetmatrixCore
import NetmatrixSystem
import TestSupport
import Testing

@Suite("teardown", .requires(.root))
struct TeardownTests {
    /// veth va0/vb0, then veth va1/vb1 whose name the watched namespace already uses.
    static func collidingSpec() -> TopologySpec {
        TopologySpec(
            name: "collide",
            namespaces: [NamespaceSpec(name: "a"), NamespaceSpec(name: "b")],
            links: [
                .veth(
                    a: InterfaceSpec(namespace: "a", name: "va0", addresses: [TestTopologies.prefix("198.18.5.1/30")]),
                    b: InterfaceSpec(namespace: "b", name: "vb0", addresses: [TestTopologies.prefix("198.18.5.2/30")])),
                .veth(a: InterfaceSpec(namespace: "a", name: "va1"), b: InterfaceSpec(namespace: "b", name: "vb1")),
            ],
            endpoints: EndpointSpec(sender: "a", receiver: "b", receiverAddresses: [TestTopologies.address("198.18.5.2")]))
    }

    @Test("a half-built topology is torn down: the kernel refuses the second veth, the first is gone, foreign links stay")
    func halfBuiltTeardown() throws {
        // The test owns namespace a and watches it from outside the engine.
        let watched = try NetworkNamespace.anonymous(name: "a")
        let watcher = try NamespaceControl.open(watched)
        try VethPair.create(on: watcher.route, name: "va1", mtu: nil, peerName: "other1", peerMTU: nil, peerNamespace: nil)
        do {
            let topology = try TopologyEngine.up(Self.collidingSpec(), adopting: ["a": watched])
            try topology.down()
            Issue.record("the colliding veth was accepted")
        } catch {
            #expect(error.description == "veth va1: RTM_NEWLINK: File exists")
            #expect(error.exitStatus == .infrastructure)
        }
        let names = Set(try watcher.route.links().map(\.name))
        #expect(!names.contains("va0"), "the first veth survived the failed build")
        #expect(names.contains("va1") && names.contains("other1"), "teardown removed links it did not create")
        #expect(watched.descriptor.isOpen, "an adopted namespace was closed")
        try watched.descriptor.close()
    }

    @Test("a spec naming one interface twice is refused before anything is built")
    func duplicateInSpecIsBadInput() throws {
        var spec = Self.collidingSpec()
        spec.links[1] = .veth(a: InterfaceSpec(namespace: "a", name: "va0"), b: InterfaceSpec(namespace: "b", name: "vb1"))
        #expect(throws: TopologyError.self) { try TopologyEngine.up(spec) }
        do {
            _ = try TopologyEngine.up(spec)
        } catch {
            #expect(error.exitStatus == .badInput)
            #expect(error.description.contains("va0"))
        }
    }

    @Test("a failure after links, MTU and offloads (missing qdisc) still removes everything built")
    func lateFailureTeardown() throws {
        let watched = try NetworkNamespace.anonymous(name: "a")
        let watcher = try NamespaceControl.open(watched)
        do {
            let topology = try TopologyEngine.up(TestTopologies.veth(offloads: .all(false), mtu: 9000, qdisc: "nm_no_such_qdisc"), adopting: ["a": watched])
            try topology.down()
            Issue.record("a missing qdisc was accepted")
        } catch {
            #expect(error.isMissingFeature)
        }
        #expect(try watcher.route.links().map(\.name) == ["lo"])
        try watched.descriptor.close()
    }

    @Test("nothing outside the permitted ranges and no default route is ever configured")
    func refusesUnsafeSpecs() throws {
        var outside = TestTopologies.veth()
        outside.links = [.veth(
            a: InterfaceSpec(namespace: "a", name: "va0", addresses: [TestTopologies.prefix("10.0.0.1/24")]),
            b: InterfaceSpec(namespace: "b", name: "vb0"))]
        var defaultRoute = TestTopologies.veth()
        defaultRoute.routes = [RouteSpec(namespace: "a", destination: TestTopologies.prefix("0.0.0.0/0"), via: TestTopologies.address("198.18.0.2"))]
        for spec in [outside, defaultRoute] {
            do {
                let topology = try TopologyEngine.up(spec)
                try topology.down()
                Issue.record("unsafe spec accepted")
            } catch {
                #expect(error.exitStatus == .badInput, "\(error)")
            }
        }
    }

    @Test("every teardown mode leaves nothing of the topology behind", arguments: TeardownMode.allCases)
    func teardownModes(mode: TeardownMode) throws {
        let topology = try TopologyEngine.up(TestTopologies.chain)
        let leftovers = Leftovers(topology)
        try topology.down(mode)
        #expect(!topology.isUp)
        #expect(leftovers.remaining == [])
        // Idempotent: a second down() is a no-op.
        try topology.down(mode)
    }

    @Test("keep: pinned namespaces and a state file, found and removed by id from the state alone")
    func keptVethRoundTrip() throws {
        try Self.keptRoundTrip(TestTopologies.veth())
    }

    @Test("keep: persistent TAPs too", .requires(.tun))
    func keptTapRoundTrip() throws {
        try Self.keptRoundTrip(TestTopologies.tap)
    }

    static func keptRoundTrip(_ spec: TopologySpec) throws {
        let id: String
        let mountPaths: [String]
        do {
            let topology = try TopologyEngine.up(spec, keep: true)
            id = topology.id
            mountPaths = topology.namespaces.values.compactMap(\.mountPath)
            #expect(mountPaths.count == 2)
            #expect(mountPaths.allSatisfy { $0.hasPrefix("/run/netns/netmatrix-") && FileManager.default.fileExists(atPath: $0) })
            #expect(FileManager.default.fileExists(atPath: TopologyState.path(for: id)))
            // Dropped without down(): like `topo up --keep` exiting.
        }
        let state = try #require(KeptTopologies.list().states.first { $0.id == id })
        #expect(state.namespaces.count == 2)
        let live = KeptTopologies.liveDescription(of: state)
        #expect(live.contains(spec.links[0].interfaces[0].name))
        let removed = try KeptTopologies.down(id: id)
        #expect(removed.contains { $0.hasPrefix("state ") })
        #expect(mountPaths.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        #expect(!FileManager.default.fileExists(atPath: TopologyState.path(for: id)))
        #expect(throws: TopologyError.self) { try KeptTopologies.down(id: id) }
    }
}
