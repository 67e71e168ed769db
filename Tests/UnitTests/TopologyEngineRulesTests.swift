import Foundation
@testable import NetmatrixCore
import Testing

/// The engine's own rules and error texts, checked without privilege: nothing here
/// touches the kernel.
@Suite("topology engine rules")
struct TopologyEngineRulesTests {
    static func prefix(_ text: String) -> IPPrefix {
        guard let prefix = IPPrefix(text) else { preconditionFailure(text) }
        return prefix
    }

    static func veth(_ a: [String] = ["198.18.0.1/30"], routes: [RouteSpec] = [], name: String = "va0") -> TopologySpec {
        TopologySpec(
            name: "t",
            namespaces: [NamespaceSpec(name: "a"), NamespaceSpec(name: "b")],
            links: [.veth(
                a: InterfaceSpec(namespace: "a", name: name, addresses: a.map(prefix)),
                b: InterfaceSpec(namespace: "b", name: "vb0", addresses: [prefix("198.18.0.2/30")]))],
            routes: routes,
            endpoints: EndpointSpec(sender: "a", receiver: "b", receiverAddresses: [IPAddress("198.18.0.2")].compactMap { $0 }))
    }

    @Test("a plain veth spec passes the engine's checks")
    func acceptsVeth() throws {
        try TopologyValidator.validate(Self.veth(["198.18.0.1/30", "fd00:1::1/64"]))
    }

    @Test("refused before anything is built", arguments: [
        ("address outside the ranges", veth(["10.1.1.1/24"]), "outside 198.18.0.0/15"),
        ("default route", veth(routes: [RouteSpec(namespace: "a", destination: prefix("0.0.0.0/0"), device: "va0")]), "a default route"),
        ("route to the host's ranges", veth(routes: [RouteSpec(namespace: "a", destination: prefix("192.168.0.0/16"), device: "va0")]), "192.168.0.0 is outside"),
        ("interface name too long", veth(name: "an-interface-name"), "at most 15 (IFNAMSIZ - 1)"),
        ("route device elsewhere", veth(routes: [RouteSpec(namespace: "a", destination: prefix("198.18.9.0/24"), device: "vb0")]), "no interface 'vb0' in namespace a"),
    ])
    func refuses(label: String, spec: TopologySpec, phrase: String) {
        // The engine's own refusal, before anything is built (no root needed: it never gets that far).
        do {
            let topology = try TopologyEngine.up(spec)
            try? topology.down()
            Issue.record("\(label) was accepted")
        } catch {
            #expect(error.exitStatus == .badInput)
            #expect(error.description.contains(phrase), "\(error)")
        }
    }

    @Test("a kernel error reads object: request: strerror, with the kernel's extended ack")
    func netlinkErrorText() {
        let exists = NetlinkError(object: "veth va0", operation: "RTM_NEWLINK", libnlCode: -6, kernelErrno: EEXIST, extack: nil)
        #expect(exists.description == "veth va0: RTM_NEWLINK: File exists")
        #expect(exists.errno == EEXIST)
        let qdisc = NetlinkError(
            object: "qdisc fq_codel on va0", operation: "RTM_NEWQDISC", libnlCode: -12, kernelErrno: ENOENT,
            extack: "Specified qdisc kind is unknown.")
        #expect(qdisc.description == "qdisc fq_codel on va0: RTM_NEWQDISC: No such file or directory (Specified qdisc kind is unknown.)")
    }

    @Test("libnl codes map back to the kernel's errno where libnl hides it")
    func libnlCodes() {
        #expect(NetlinkError.errno(forLibnlCode: -31) == ENODEV)  // NLE_NODEV
        #expect(NetlinkError.errno(forLibnlCode: -6) == EEXIST)  // NLE_EXIST
        #expect(NetlinkError.errno(forLibnlCode: -10) == EOPNOTSUPP)  // NLE_OPNOTSUPP
        #expect(NetlinkError.errno(forLibnlCode: -1) == nil)  // NLE_FAILURE: no single errno
    }

    @Test("a missing driver becomes the skip reason callers print, and exit code 4")
    func missingFeature() {
        let error = TopologyError.featureMissing(feature: "dummy driver", object: "dummy sink0", reason: "RTM_NEWLINK: Operation not supported")
        #expect(error.isMissingFeature)
        #expect(error.skipReason == "kernel has no dummy driver (RTM_NEWLINK: Operation not supported)")
        #expect(error.exitStatus == .nothingRan)
        #expect(TopologyError.netlink(NetlinkError(object: "x", operation: "y", errno: 1, reason: "z")).exitStatus == .infrastructure)
        #expect(TopologyError.unknownTopology("veth-abcdef").exitStatus == .badInput)
    }

    @Test("offload refusals say what was asked and what the kernel kept")
    func offloadRefusalText() {
        let state = OffloadState(
            features: [.txChecksum: false, .tso: false],
            refusals: [.init(feature: .tso, requested: true, actual: false, reason: nil)])
        #expect(state[.tso] == false)
        #expect(state[.gro] == nil)
        #expect(state.description == "tx-checksum off, tso off; tso on refused (now off)")
    }

    @Test("the state file survives a JSON round trip")
    func stateRoundTrip() throws {
        let state = TopologyState(
            id: "veth-abc123", name: "veth", builtBy: 42, builtAt: 1_700_000_000,
            namespaces: [.init(name: "a", mountPath: "/run/netns/netmatrix-a-abc123")],
            interfaces: [InterfaceState(
                namespace: "a", name: "va0", kind: "veth", ifindex: 2, mtu: 1500, isUp: true,
                addresses: ["198.18.0.1/30"], offloads: OffloadState(features: [.gro: true]), qdisc: "pfifo")],
            routes: ["a: 198.18.0.4/30 via 198.18.0.2"])
        let decoded = try JSONDecoder().decode(TopologyState.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
        #expect(TopologyState.path(for: state.id) == "/run/netmatrix/veth-abc123.json")
    }

    @Test("kept names carry a six-character [a-z0-9] suffix")
    func suffix() {
        let suffix = TopologyEngine.randomSuffix()
        #expect(suffix.count == 6)
        #expect(suffix.allSatisfy { $0.isLowercase || $0.isNumber })
    }
}
