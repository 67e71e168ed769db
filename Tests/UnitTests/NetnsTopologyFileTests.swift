import Foundation
import NetmatrixCore
import Testing

/// The shipped topologies in Netns/ load, validate, and say what their comments promise.
@Suite("Netns/*.yaml topologies")
struct NetnsTopologyFileTests {
    /// The package root, three levels above this file (Tests/UnitTests/<file>).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let netnsDirectory = packageRoot.appendingPathComponent("Netns")

    /// Topology files only: matrices (matrix*.yaml) share the folder but not the format.
    static var topologyFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: netnsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("matrix") }.sorted()
    }

    static func load(_ name: String) throws -> TopologySpec {
        try TopologyFile.load(path: netnsDirectory.appendingPathComponent(name).path)
    }

    @Test func theExpectedFilesAreThere() {
        let expected = ["bridge.yaml", "chain.yaml", "loopback.yaml", "sink.yaml", "tap.yaml", "tap-1500.yaml", "veth.yaml"]
        #expect(Set(expected).isSubset(of: Set(Self.topologyFiles)))
    }

    @Test(arguments: topologyFiles)
    func everyFileLoads(name: String) throws {
        let spec = try Self.load(name)
        #expect(spec.name + ".yaml" == name, "a topology's name matches its file")
        #expect(!spec.description.isEmpty)
        #expect(spec.sourcePath?.hasSuffix("Netns/\(name)") == true)
        #expect(!spec.routes.contains { $0.destination.length == 0 }, "no default route")
        for address in spec.links.flatMap(\.interfaces).flatMap(\.addresses) {
            #expect(IPPrefix.permittedRanges.contains { $0.contains(IPPrefix(address: address.address, length: address.address.bitWidth)) })
        }
    }

    @Test func loopbackIsOneNamespaceOnLo() throws {
        let spec = try Self.load("loopback.yaml")
        #expect(spec.namespaces == [NamespaceSpec(name: "a")])
        guard case .loopback(let lo) = try #require(spec.links.first) else {
            Issue.record("expected a loopback link, got \(spec.links)")
            return
        }
        #expect(lo.name == "lo" && lo.namespace == "a")
        #expect(spec.endpoints.sender == "a" && spec.endpoints.receiver == "a")
    }

    @Test func vethJoinsAAndBWithBothFamilies() throws {
        let spec = try Self.load("veth.yaml")
        #expect(spec.namespaces.map(\.name) == ["a", "b"])
        #expect(spec.links.count == 1)
        guard case .veth(let a, let b) = try #require(spec.links.first) else {
            Issue.record("expected a veth link, got \(spec.links)")
            return
        }
        #expect(a.namespace == "a" && b.namespace == "b")
        #expect(a.addresses.map(\.description) == ["198.18.0.1/30", "fd00:0:0:1::1/64"])
        #expect(b.addresses.map(\.description) == ["198.18.0.2/30", "fd00:0:0:1::2/64"])
        #expect(spec.endpoints.receiverAddresses.map(\.description) == ["198.18.0.2", "fd00:0:0:1::2"])
        #expect(spec.routes.isEmpty)
    }

    @Test func chainForwardsThroughRWithRoutesBothWays() throws {
        let spec = try Self.load("chain.yaml")
        #expect(spec.namespaces.map(\.name) == ["a", "r", "b"])
        #expect(spec.namespaces.filter(\.forwarding).map(\.name) == ["r"])
        #expect(spec.links.map(\.kind) == ["veth", "veth"])
        let routed = Dictionary(grouping: spec.routes, by: \.namespace).mapValues { $0.map(\.destination.description) }
        #expect(routed["a"] == ["198.18.0.4/30", "fd00:0:0:2::/64"])
        #expect(routed["b"] == ["198.18.0.0/30", "fd00:0:0:1::/64"])
        #expect(routed["r"] == nil, "the router needs only its connected prefixes")
        #expect(spec.endpoints.sender == "a" && spec.endpoints.receiver == "b")
    }

    @Test func tapPutsBothEndsOnOneSegmentWithVirtioHeaders() throws {
        let spec = try Self.load("tap.yaml")
        let taps = spec.links.compactMap { link -> TapSpec? in
            if case .tap(let tap) = link { tap } else { nil }
        }
        #expect(taps.count == 2)
        #expect(taps.allSatisfy { $0.vnetHeader })
        #expect(taps.allSatisfy { $0.tunOffloads.contains(.checksum) })
        #expect(Set(taps.map(\.interface.namespace)) == ["a", "b"])
        let v4 = taps.compactMap { $0.interface.addresses.first }
        #expect(v4.count == 2 && v4[0].length == 30 && v4[0].network == v4[1].network, "one /30 for both TAPs")
        #expect(spec.endpoints.wire == ["tap0", "tap1"])
    }

    /// tap carries GSO frames (up to 64 KiB) by default; tap-1500 is the one that says it wants MTU-sized frames.
    @Test func tapCarriesGSOFramesAndTap1500DoesNot() throws {
        func offloads(_ name: String) throws -> [TunOffloads] {
            try Self.load(name).links.compactMap { link -> TunOffloads? in if case .tap(let tap) = link { tap.tunOffloads } else { nil } }
        }
        #expect(try offloads("tap.yaml") == [[.checksum, .tso4, .tso6], [.checksum, .tso4, .tso6]])
        #expect(try offloads("tap-1500.yaml") == [[.checksum], [.checksum]])
    }

    @Test func sinkSendsIntoADummyDevice() throws {
        let spec = try Self.load("sink.yaml")
        #expect(spec.links.map(\.kind) == ["dummy"])
        #expect(spec.endpoints.sender == spec.endpoints.receiver)
    }

    @Test func bridgeEnslavesOneEndOfEachVeth() throws {
        let spec = try Self.load("bridge.yaml")
        let bridges = spec.links.compactMap { link -> [String]? in
            if case .bridge(let bridge, let ports) = link, bridge.namespace == "s" { ports } else { nil }
        }
        #expect(bridges == [["sa0", "sb0"]])
    }
}
