import Foundation
import NetmatrixCore
import Testing

/// One refused topology: the YAML, and the exact line and field its first error names.
struct RefusedTopology: Sendable, CustomTestStringConvertible {
    let label: String
    let yaml: String
    let line: Int?
    let field: String
    /// A phrase the reason must contain.
    let reason: String
    var testDescription: String { label }
}

/// A valid two-namespace veth topology; cases change one or two lines of it, so
/// line numbers below are this text's.
enum BaseTopology {
    static let text = """
        name: t
        namespaces:
          - name: a
          - name: b
        links:
          - kind: veth
            ends:
              - namespace: a
                name: va0
                addresses: [198.18.0.1/30]
              - namespace: b
                name: vb0
                addresses: [198.18.0.2/30]
        endpoints:
          sender: a
          receiver: b
          receiver_addresses: [198.18.0.2]
        """

    static var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// Line `number` (1-based) replaced by `replacement` (which may hold several lines, or none).
    static func replacing(_ number: Int, with replacement: String?) -> String {
        var lines = lines
        if let replacement { lines[number - 1] = replacement } else { lines.remove(at: number - 1) }
        return lines.joined(separator: "\n")
    }

    /// Lines `numbers` (1-based) removed.
    static func removing(_ numbers: ClosedRange<Int>) -> String {
        var lines = lines
        lines.removeSubrange((numbers.lowerBound - 1)...(numbers.upperBound - 1))
        return lines.joined(separator: "\n")
    }

    /// `text` inserted after line `number`.
    static func inserting(after number: Int, _ text: String) -> String {
        var lines = lines
        lines.insert(text, at: number)
        return lines.joined(separator: "\n")
    }

    static func problems(_ yaml: String) -> [FileProblem] {
        do {
            _ = try TopologyFile.parse(yaml: yaml, path: "t.yaml")
            return []
        } catch {
            return error.problems
        }
    }
}

/// A second veth between a and b, inserted after line 13 (so its lines are 14-17).
private func secondVeth(_ a: String, _ b: String) -> String {
    """
      - kind: veth
        ends:
          - {namespace: a, \(a)}
          - {namespace: b, \(b)}
    """
}

private let refused: [RefusedTopology] = [
    // Shape and types
    .init(label: "unknown key suggests the nearest", yaml: BaseTopology.replacing(10, with: "        adresses: [198.18.0.1/30]"),
          line: 10, field: "links[0].ends[0].adresses", reason: "unknown key; did you mean 'addresses'?"),
    .init(label: "unknown top-level key", yaml: BaseTopology.inserting(after: 1, "descripton: x"),
          line: 2, field: "descripton", reason: "did you mean 'description'?"),
    .init(label: "unknown offload key", yaml: BaseTopology.inserting(after: 9, "        offloads: {tx-csum: off}"),
          line: 10, field: "links[0].ends[0].offloads.tx-csum", reason: "did you mean 'tx-checksum'?"),
    .init(label: "unknown link kind", yaml: BaseTopology.replacing(6, with: "  - kind: vth"),
          line: 6, field: "links[0].kind", reason: "did you mean 'veth'?"),
    .init(label: "list where a string belongs", yaml: BaseTopology.replacing(9, with: "        name: [va0]"),
          line: 9, field: "links[0].ends[0].name", reason: "expected a string, found a list"),
    .init(label: "word where a number belongs", yaml: BaseTopology.inserting(after: 9, "        mtu: big"),
          line: 10, field: "links[0].ends[0].mtu", reason: "expected a whole number, found 'big'"),
    .init(label: "not on or off", yaml: BaseTopology.replacing(3, with: "  - {name: a, forwarding: maybe}"),
          line: 3, field: "namespaces[0].forwarding", reason: "expected on or off, found 'maybe'"),
    .init(label: "mapping where a list belongs", yaml: BaseTopology.replacing(10, with: "        addresses: {ip: 198.18.0.1/30}"),
          line: 10, field: "links[0].ends[0].addresses", reason: "expected a list of addresses, found a mapping"),
    .init(label: "missing required key", yaml: BaseTopology.replacing(17, with: nil),
          line: 14, field: "endpoints.receiver_addresses", reason: "missing (required)"),
    .init(label: "veth with one end", yaml: BaseTopology.removing(11...13),
          line: 7, field: "links[0].ends", reason: "exactly 2 ends, found 1"),
    .init(label: "unknown TUN offload", yaml: """
        name: t
        namespaces: [{name: a}]
        links:
          - kind: tap
            namespace: a
            name: tap0
            vnet_hdr: on
            tun_offloads: [csum, tso]
            addresses: [198.18.0.1/30]
        endpoints: {sender: a, receiver: a, receiver_addresses: [198.18.0.1]}
        """, line: 8, field: "links[0].tun_offloads[1]", reason: "unknown TUN offload 'tso'"),
    .init(label: "YAML syntax error", yaml: BaseTopology.replacing(9, with: "        name: va0: x"),
          line: 9, field: "yaml", reason: "mapping values are not allowed"),
    .init(label: "duplicate key", yaml: BaseTopology.inserting(after: 9, "        name: va1"),
          line: 10, field: "name", reason: "duplicate key in one mapping (first at line 9)"),
    .init(label: "empty file", yaml: "", line: 1, field: "document", reason: "the file is empty"),

    // Addresses
    .init(label: "bad CIDR length", yaml: BaseTopology.replacing(10, with: "        addresses: [198.18.0.1/33]"),
          line: 10, field: "links[0].ends[0].addresses[0]", reason: "not a CIDR prefix"),
    .init(label: "CIDR without length", yaml: BaseTopology.replacing(10, with: "        addresses: [198.18.0.1]"),
          line: 10, field: "links[0].ends[0].addresses[0]", reason: "has no prefix length"),
    .init(label: "IPv4 outside 198.18.0.0/15", yaml: BaseTopology.replacing(10, with: "        addresses: [10.0.0.1/30]"),
          line: 10, field: "links[0].ends[0].addresses[0]", reason: "outside 198.18.0.0/15 and fd00::/8"),
    .init(label: "IPv6 outside fd00::/8",
          yaml: BaseTopology.replacing(13, with: "        addresses: [198.18.0.2/30, \"2001:db8::2/64\"]"),
          line: 13, field: "links[0].ends[1].addresses[1]", reason: "refused for safety"),
    .init(label: "duplicate address", yaml: BaseTopology.replacing(13, with: "        addresses: [198.18.0.2/30, 198.18.0.1/30]"),
          line: 13, field: "links[0].ends[1].addresses[1]",
          reason: "duplicate address 198.18.0.1 (first at links[0].ends[0].addresses[0], line 10)"),
    .init(label: "overlapping prefixes in one namespace",
          yaml: BaseTopology.inserting(after: 13, secondVeth("name: va1, addresses: [198.18.0.5/29]", "name: vb1, addresses: [198.18.0.9/30]")),
          line: 16, field: "links[1].ends[0].addresses[0]", reason: "198.18.0.5/29 overlaps 198.18.0.1/30 on va0 in namespace a"),
    .init(label: "receiver address on no receiver interface", yaml: BaseTopology.replacing(17, with: "  receiver_addresses: [198.18.0.9]"),
          line: 17, field: "endpoints.receiver_addresses[0]", reason: "not on any interface prefix of namespace b"),

    // Names and references
    .init(label: "interface name over 15 bytes", yaml: BaseTopology.replacing(9, with: "        name: veth-a-to-b-0123"),
          line: 9, field: "links[0].ends[0].name", reason: "is 16 bytes; the kernel allows at most 15"),
    .init(label: "interface name with slash", yaml: BaseTopology.replacing(9, with: "        name: va/0"),
          line: 9, field: "links[0].ends[0].name", reason: "contains '/'"),
    .init(label: "interface name with whitespace", yaml: BaseTopology.replacing(9, with: "        name: \"va 0\""),
          line: 9, field: "links[0].ends[0].name", reason: "contains whitespace"),
    .init(label: "link to an undefined namespace", yaml: BaseTopology.replacing(11, with: "      - namespace: c"),
          line: 11, field: "links[0].ends[1].namespace", reason: "namespace 'c' is not defined (namespaces: a, b)"),
    .init(label: "duplicate namespace", yaml: BaseTopology.replacing(4, with: "  - name: a"),
          line: 4, field: "namespaces[1].name", reason: "duplicate namespace 'a' (first at namespaces[0].name, line 3)"),
    .init(label: "duplicate interface in one namespace",
          yaml: BaseTopology.inserting(after: 13, secondVeth("name: va0, addresses: [198.18.0.5/30]", "name: vb1, addresses: [198.18.0.6/30]")),
          line: 16, field: "links[1].ends[0].name", reason: "duplicate interface 'va0' in namespace a"),
    .init(label: "endpoint in an undefined namespace", yaml: BaseTopology.replacing(15, with: "  sender: x"),
          line: 15, field: "endpoints.sender", reason: "namespace 'x' is not defined"),
    .init(label: "wire naming no TAP", yaml: BaseTopology.inserting(after: 17, "  wire: [va0, vb0]"),
          line: 18, field: "endpoints.wire[0]", reason: "no TAP interface 'va0'"),
    .init(label: "bridge port that does not exist", yaml: BaseTopology.inserting(after: 13, """
          - kind: bridge
            namespace: b
            name: br0
            ports: [vb0, vb9]
        """), line: 17, field: "links[1].ports[1]", reason: "no interface 'vb9' in namespace b"),
    .init(label: "loopback not named lo", yaml: BaseTopology.inserting(after: 13, "  - {kind: loopback, namespace: a, name: lo0}"),
          line: 14, field: "links[1].name", reason: "a loopback link is the namespace's 'lo'"),
    .init(label: "TUN offloads without virtio-net header", yaml: """
        name: t
        namespaces: [{name: a}]
        links:
          - kind: tap
            namespace: a
            name: tap0
            tun_offloads: [csum]
            addresses: [198.18.0.1/30]
        endpoints: {sender: a, receiver: a, receiver_addresses: [198.18.0.1]}
        """, line: 7, field: "links[0].tun_offloads", reason: "needs vnet_hdr: on"),

    // MTU
    .init(label: "MTU below 68", yaml: BaseTopology.inserting(after: 9, "        mtu: 67"),
          line: 10, field: "links[0].ends[0].mtu", reason: "67 is outside 68...65535"),
    .init(label: "MTU above 65535", yaml: BaseTopology.inserting(after: 12, "        mtu: 65536"),
          line: 13, field: "links[0].ends[1].mtu", reason: "65536 is outside 68...65535"),

    // Routes
    .init(label: "gateway not on a connected prefix", yaml: BaseTopology.inserting(after: 13, """
        routes:
          - namespace: a
            to: 198.18.1.0/24
            via: 198.18.0.9
        """), line: 17, field: "routes[0].via", reason: "198.18.0.9 is not on a connected prefix of namespace a (connected: 198.18.0.0/30)"),
    .init(label: "IPv4 default route", yaml: BaseTopology.inserting(after: 13, """
        routes:
          - namespace: a
            to: 0.0.0.0/0
            via: 198.18.0.2
        """), line: 16, field: "routes[0].to", reason: "a default route (0.0.0.0/0) is refused"),
    .init(label: "IPv6 default route", yaml: BaseTopology.inserting(after: 13, """
        routes:
          - namespace: a
            to: "::/0"
            dev: va0
        """), line: 16, field: "routes[0].to", reason: "a default route (::/0) is refused"),
    .init(label: "route out of the permitted ranges", yaml: BaseTopology.inserting(after: 13, """
        routes:
          - namespace: a
            to: 10.0.0.0/8
            via: 198.18.0.2
        """), line: 16, field: "routes[0].to", reason: "outside 198.18.0.0/15"),
    .init(label: "route with host bits", yaml: BaseTopology.inserting(after: 13, """
        routes:
          - namespace: a
            to: 198.18.1.1/24
            via: 198.18.0.2
        """), line: 16, field: "routes[0].to", reason: "has host bits set; the network is 198.18.1.0/24"),
    .init(label: "route in an undefined namespace", yaml: BaseTopology.inserting(after: 13, """
        routes:
          - namespace: z
            to: 198.18.1.0/24
            via: 198.18.0.2
        """), line: 15, field: "routes[0].namespace", reason: "namespace 'z' is not defined"),
    .init(label: "route on an unknown device", yaml: BaseTopology.inserting(after: 13, """
        routes:
          - namespace: a
            to: 198.18.1.0/24
            dev: vb0
        """), line: 17, field: "routes[0].dev", reason: "no interface 'vb0' in namespace a"),
]

@Suite("Topology validation: every refusal names FILE:LINE: FIELD")
struct TopologyValidationTests {
    @Test func theBaseTopologyIsValid() throws {
        let spec = try TopologyFile.parse(yaml: BaseTopology.text, path: "t.yaml")
        #expect(spec.name == "t")
        #expect(spec.links.count == 1)
    }

    @Test(arguments: refused)
    func refusesWithLineAndField(_ refusal: RefusedTopology) throws {
        let problems = BaseTopology.problems(refusal.yaml)
        let first = try #require(problems.first, "\(refusal.label): expected a refusal, the topology was accepted")
        #expect(first.line == refusal.line, "\(problems)")
        #expect(first.field == refusal.field, "\(problems)")
        #expect(first.reason.contains(refusal.reason), "\(first.reason)")
    }

    @Test func messagesReadFileLineFieldReason() {
        let problems = BaseTopology.problems(BaseTopology.inserting(after: 9, "        mtu: 67"))
        let error = InputFileError(path: "Netns/t.yaml", problems: problems)
        #expect(error.messages == ["Netns/t.yaml:10: links[0].ends[0].mtu: 67 is outside 68...65535"])
        #expect(error.exitStatus == .badInput)
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        var yaml = BaseTopology.replacing(10, with: "        addresses: [10.0.0.1/30]")
        yaml = yaml.replacingOccurrences(of: "  sender: a", with: "  sender: x")
        let problems = BaseTopology.problems(yaml)
        #expect(problems.map(\.line) == [10, 15])
        #expect(problems.map(\.field) == ["links[0].ends[0].addresses[0]", "endpoints.sender"])
    }

    @Test func sameInterfaceNameInTwoNamespacesIsFine() throws {
        let yaml = BaseTopology.replacing(9, with: "        name: eth0").replacingOccurrences(of: "name: vb0", with: "name: eth0")
        let spec = try TopologyFile.parse(yaml: yaml, path: "t.yaml")
        #expect(spec.links.flatMap(\.interfaces).map(\.name) == ["eth0", "eth0"])
    }

    @Test func unquotedIPv6InFlowListsParses() throws {
        let yaml = BaseTopology.replacing(10, with: "        addresses: [198.18.0.1/30, fd00:0:0:1::1/64]")
            .replacingOccurrences(of: "[198.18.0.2/30]", with: "[198.18.0.2/30, fd00:0:0:1::2/64]")
            .replacingOccurrences(of: "receiver_addresses: [198.18.0.2]", with: "receiver_addresses: [198.18.0.2, fd00:0:0:1::2]")
        let spec = try TopologyFile.parse(yaml: yaml, path: "t.yaml")
        #expect(spec.links.first?.interfaces.first?.addresses.map(\.description) == ["198.18.0.1/30", "fd00:0:0:1::1/64"])
        #expect(spec.endpoints.receiverAddresses.map(\.description) == ["198.18.0.2", "fd00:0:0:1::2"])
    }

    @Test func aReachableGatewayIsAccepted() throws {
        let yaml = BaseTopology.inserting(after: 13, """
            routes:
              - namespace: a
                to: 198.18.1.0/24
                via: 198.18.0.2
            """)
        let spec = try TopologyFile.parse(yaml: yaml, path: "t.yaml")
        #expect(spec.routes == [RouteSpec(namespace: "a", destination: try #require(IPPrefix("198.18.1.0/24")), via: IPAddress("198.18.0.2"))])
    }

    @Test func offloadsAndMTUAreRead() throws {
        let yaml = BaseTopology.inserting(after: 9, """
                    mtu: 9000
                    qdisc: fq_codel
                    offloads: {tx-checksum: off, rx-checksum: on, tso: off, gso: off, gro: on, sg: off}
            """)
        let spec = try TopologyFile.parse(yaml: yaml, path: "t.yaml")
        let end = try #require(spec.links.first?.interfaces.first)
        #expect(end.mtu == 9000)
        #expect(end.qdisc == "fq_codel")
        #expect(end.offloads == OffloadSettings(txChecksum: false, rxChecksum: true, tso: false, gso: false, gro: true, scatterGather: false))
    }

    @Test func aMissingFileNamesTheOperationAndReason() {
        #expect {
            try TopologyFile.load(path: "/nonexistent/netmatrix/t.yaml")
        } throws: { error in
            guard let error = error as? InputFileError else { return false }
            return error.messages == ["/nonexistent/netmatrix/t.yaml: open: No such file or directory"]
        }
    }

    @Test func namespaceNamesMayBeAsLongAsTheirPinAllows() throws {
        // /run/netns/netmatrix-<name>-<6 characters> must fit NAME_MAX (255).
        #expect(TopologyValidator.maximumNamespaceNameBytes == 255 - "netmatrix-".count - 1 - 6)
        let longest = String(repeating: "n", count: TopologyValidator.maximumNamespaceNameBytes)
        let accepted = BaseTopology.text.replacingOccurrences(of: "- name: a", with: "- name: \(longest)")
            .replacingOccurrences(of: "namespace: a", with: "namespace: \(longest)")
            .replacingOccurrences(of: "sender: a", with: "sender: \(longest)")
        let spec = try TopologyFile.parse(yaml: accepted, path: "t.yaml")
        #expect(spec.namespaces.first?.name == longest)
        // What the file check accepted, the engine's check accepts too: they are one validator.
        #expect(TopologyValidator.problems(in: spec).isEmpty)

        let tooLong = accepted.replacingOccurrences(of: longest, with: longest + "n")
        let problem = try #require(BaseTopology.problems(tooLong).first)
        #expect(problem.line == 3 && problem.field == "namespaces[0].name", "\(problem)")
        #expect(problem.reason.contains("is \(longest.count + 1) bytes; a namespace name is at most \(longest.count)"))
    }

    @Test func aTopologyNameIsNeverAPath() throws {
        let problem = try #require(BaseTopology.problems(BaseTopology.replacing(1, with: "name: ../../etc/x")).first)
        #expect(problem.line == 1 && problem.field == "name")
        #expect(problem.reason.contains("is not a topology name"))
    }

    @Test func theEngineNamesFileLineAndFieldOfASpecFromAFile() throws {
        // A spec from a file, changed afterwards (as a matrix variant changes MTUs): the engine
        // refuses it before building anything, at the line the file declared the field.
        var spec = try TopologyFile.parse(yaml: BaseTopology.inserting(after: 9, "        mtu: 1500"), path: "Netns/t.yaml")
        guard case .veth(var a, let b) = spec.links[0] else { Issue.record("not a veth"); return }
        a.mtu = 67
        spec.links[0] = .veth(a: a, b: b)
        do {
            let topology = try TopologyEngine.up(spec)
            try? topology.down()
            Issue.record("the engine accepted MTU 67")
        } catch {
            #expect(error.exitStatus == .badInput)
            #expect(error.description == "Netns/t.yaml:10: links[0].ends[0].mtu: 67 is outside 68...65535")
        }
    }

    @Test func specsBuiltInCodeAreValidatedToo() throws {
        let end = InterfaceSpec(namespace: "a", name: "this-name-is-too-long", addresses: [try #require(IPPrefix("192.168.1.1/24"))])
        let spec = TopologySpec(
            name: "code", namespaces: [NamespaceSpec(name: "a")], links: [.dummy(end)],
            endpoints: EndpointSpec(sender: "a", receiver: "a", receiverAddresses: [])
        )
        #expect {
            try TopologyValidator.validate(spec)
        } throws: { error in
            guard let error = error as? InputFileError else { return false }
            return error.path == "<code>" && error.problems.map(\.field) == [
                "links[0].name", "links[0].addresses[0]", "endpoints.receiver_addresses",
            ] && error.problems.allSatisfy { $0.line == nil }
        }
    }
}

@Suite("Nearest-key suggestions")
struct NearestKeyTests {
    @Test func typosGetTheKnownKeyAndNonsenseGetsTheList() {
        let yaml = BaseTopology.inserting(after: 9, "        xyz: 1")
        let problem = BaseTopology.problems(yaml).first
        #expect(problem?.field == "links[0].ends[0].xyz")
        #expect(problem?.reason == "unknown key; known keys: namespace, name, addresses, mtu, offloads, qdisc")
    }
}
