#if canImport(Glibc)
import Glibc
#endif

/// The one set of checks a topology passes before anything is created, whether
/// it comes from a file (`TopologyFile`) or reaches the engine (`TopologyEngine.up`):
/// safety (address ranges, no default route), the limits of what the engine does
/// with each name (pins, state files, kernel interface names, MTU) and
/// consistency (references, duplicates, overlaps, reachable gateways).
public enum TopologyValidator {
    /// IFNAMSIZ - 1: the kernel's limit on interface names, in bytes.
    public static let maximumInterfaceNameBytes = 15
    /// A kept namespace is pinned at /run/netns/netmatrix-<name>-<suffix>: that
    /// file name must fit NAME_MAX (255 bytes).
    public static let maximumNamespaceNameBytes =
        Int(NAME_MAX) - TopologyEngine.mountPrefix.utf8.count - 1 - TopologyEngine.suffixLength
    /// A kept topology's state is /run/netmatrix/<name>-<suffix>.json: that file
    /// name must fit NAME_MAX.
    public static let maximumTopologyNameBytes = Int(NAME_MAX) - 1 - TopologyEngine.suffixLength - ".json".utf8.count
    /// The MTU range accepted in a topology (IPv4's minimum 68, the 16-bit maximum).
    public static let mtuRange = 68...65535
    /// IPv6 needs links of at least this MTU (RFC 8200); the kernel refuses an
    /// IPv6 address on a smaller one.
    public static let ipv6MinimumMTU = 1280

    /// Whether an interface with these addresses can take `mtu`, and why not.
    public static func mtuProblem(_ mtu: Int, addresses: [IPPrefix]) -> String? {
        if !mtuRange.contains(mtu) { return "\(mtu) is outside \(mtuRange.lowerBound)...\(mtuRange.upperBound)" }
        if mtu < ipv6MinimumMTU, addresses.contains(where: { $0.address.family == AF_INET6 }) {
            return "\(mtu) is below IPv6's minimum of \(ipv6MinimumMTU), and the interface has an IPv6 address"
        }
        return nil
    }

    /// Throws every problem of `spec`, each located in its file when it came from one.
    public static func validate(_ spec: TopologySpec) throws(InputFileError) {
        let problems = problems(in: spec)
        guard problems.isEmpty else { throw InputFileError(path: spec.sourcePath ?? "<code>", problems: problems) }
    }

    /// Every problem, in file order; lines come from the spec's `sourceMap`.
    public static func problems(in spec: TopologySpec) -> [FileProblem] {
        var checker = Checker(spec: spec, sourceMap: spec.sourceMap)
        checker.checkName()
        checker.checkNamespaces()
        checker.checkInterfaces()
        checker.checkBridges()
        checker.checkRoutes()
        checker.checkEndpoints()
        return checker.problems.enumerated()
            .sorted { ($0.element.line ?? Int.max, $0.offset) < ($1.element.line ?? Int.max, $1.offset) }
            .map(\.element)
    }

    /// Why a kernel interface name would be refused (dev_valid_name), or nil.
    public static func interfaceNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "an interface name cannot be empty" }
        if name.utf8.count > maximumInterfaceNameBytes {
            return "'\(name)' is \(name.utf8.count) bytes; the kernel allows at most \(maximumInterfaceNameBytes) (IFNAMSIZ - 1)"
        }
        if name == "." || name == ".." { return "'\(name)' is not a valid interface name" }
        if name.contains("/") { return "'\(name)' contains '/', which the kernel refuses in interface names" }
        if name.contains(":") { return "'\(name)' contains ':', which the kernel refuses in interface names" }
        if name.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            return "'\(name)' contains whitespace, which the kernel refuses in interface names"
        }
        return nil
    }
}

/// An interface of the spec with the field path it was declared at.
private struct LocatedInterface {
    let spec: InterfaceSpec
    /// `links[2]` or `links[0].ends[1]`.
    let field: String
    let linkKind: String
}

private struct Checker {
    let spec: TopologySpec
    let sourceMap: SourceMap
    var problems: [FileProblem] = []
    let interfaces: [LocatedInterface]
    let namespaceNames: Set<String>

    init(spec: TopologySpec, sourceMap: SourceMap) {
        self.spec = spec
        self.sourceMap = sourceMap
        namespaceNames = Set(spec.namespaces.map(\.name))
        interfaces = spec.links.enumerated().flatMap { index, link -> [LocatedInterface] in
            switch link {
            case .veth(let a, let b):
                [
                    LocatedInterface(spec: a, field: "links[\(index)].ends[0]", linkKind: link.kind),
                    LocatedInterface(spec: b, field: "links[\(index)].ends[1]", linkKind: link.kind),
                ]
            default:
                link.interfaces.map { LocatedInterface(spec: $0, field: "links[\(index)]", linkKind: link.kind) }
            }
        }
    }

    // MARK: - Checks

    mutating func checkName() {
        if let problem = Self.fileNamePartProblem(spec.name, what: "topology", limit: TopologyValidator.maximumTopologyNameBytes) {
            report("name", problem)
        }
    }

    mutating func checkNamespaces() {
        var firstSeen: [String: String] = [:]
        for (index, namespace) in spec.namespaces.enumerated() {
            let field = "namespaces[\(index)].name"
            if let problem = Self.namespaceNameProblem(namespace.name) {
                report(field, problem)
            } else if let first = firstSeen[namespace.name] {
                report(field, "duplicate namespace '\(namespace.name)' (first at \(place(first)))")
            } else {
                firstSeen[namespace.name] = field
            }
        }
        if spec.namespaces.isEmpty { report("namespaces", "at least one namespace is needed") }
    }

    mutating func checkInterfaces() {
        var namesSeen: [String: String] = [:]  // "namespace/name" -> field
        var addressesSeen: [IPAddress: String] = [:]
        for interface in interfaces {
            let spec = interface.spec
            if !namespaceNames.contains(spec.namespace) {
                report("\(interface.field).namespace", undefinedNamespace(spec.namespace))
            }
            if let problem = TopologyValidator.interfaceNameProblem(spec.name) {
                report("\(interface.field).name", problem)
            } else if interface.linkKind == "loopback" && spec.name != "lo" {
                report("\(interface.field).name", "a loopback link is the namespace's 'lo', not '\(spec.name)'")
            } else if let first = namesSeen["\(spec.namespace)/\(spec.name)"] {
                report("\(interface.field).name", "duplicate interface '\(spec.name)' in namespace \(spec.namespace) (first at \(place(first)))")
            } else {
                namesSeen["\(spec.namespace)/\(spec.name)"] = "\(interface.field).name"
            }
            if let mtu = spec.mtu, let problem = TopologyValidator.mtuProblem(mtu, addresses: spec.addresses) {
                report("\(interface.field).mtu", problem)
            }
            if let qdisc = spec.qdisc, qdisc.isEmpty || !qdisc.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                report("\(interface.field).qdisc", "'\(qdisc)' is not a qdisc kind (e.g. pfifo_fast, fq_codel)")
            }
            for (index, prefix) in spec.addresses.enumerated() {
                let field = "\(interface.field).addresses[\(index)]"
                if let problem = Self.rangeProblem(prefix.address) {
                    report(field, problem)
                } else if let first = addressesSeen[prefix.address] {
                    report(field, "duplicate address \(prefix.address) (first at \(place(first)))")
                } else {
                    addressesSeen[prefix.address] = field
                }
            }
        }
        checkOverlaps()
        checkTaps()
    }

    /// Two interfaces of one namespace on overlapping prefixes would make routing ambiguous.
    mutating func checkOverlaps() {
        for (laterIndex, later) in interfaces.enumerated() {
            for earlier in interfaces[..<laterIndex] where earlier.spec.namespace == later.spec.namespace {
                for (index, prefix) in later.spec.addresses.enumerated() {
                    guard let clash = earlier.spec.addresses.firstIndex(where: { $0.overlaps(prefix) }) else { continue }
                    let other = earlier.spec.addresses[clash]
                    report(
                        "\(later.field).addresses[\(index)]",
                        "\(prefix) overlaps \(other) on \(earlier.spec.name) in namespace \(later.spec.namespace) (\(place("\(earlier.field).addresses[\(clash)]")))"
                    )
                }
            }
        }
    }

    mutating func checkTaps() {
        for (index, link) in spec.links.enumerated() {
            guard case .tap(let tap) = link, !tap.tunOffloads.isEmpty, !tap.vnetHeader else { continue }
            report("links[\(index)].tun_offloads", "needs vnet_hdr: on (offloaded frames carry a virtio-net header)")
        }
    }

    mutating func checkBridges() {
        var enslaved: [String: String] = [:]  // "namespace/port" -> bridge
        for (index, link) in spec.links.enumerated() {
            guard case .bridge(let bridge, let ports) = link else { continue }
            for (portIndex, port) in ports.enumerated() {
                let field = "links[\(index)].ports[\(portIndex)]"
                let candidates = interfaces.filter { $0.spec.namespace == bridge.namespace && $0.spec.name == port }
                if port == bridge.name {
                    report(field, "a bridge cannot be its own port")
                } else if candidates.isEmpty {
                    report(field, "no interface '\(port)' in namespace \(bridge.namespace) to enslave")
                } else if candidates.contains(where: { $0.linkKind == "loopback" || $0.linkKind == "bridge" }) {
                    report(field, "'\(port)' is a \(candidates[0].linkKind) device and cannot be a bridge port")
                } else if let other = enslaved["\(bridge.namespace)/\(port)"] {
                    report(field, "'\(port)' is already a port of bridge \(other)")
                } else {
                    enslaved["\(bridge.namespace)/\(port)"] = bridge.name
                }
            }
        }
    }

    mutating func checkRoutes() {
        for (index, route) in spec.routes.enumerated() {
            let field = "routes[\(index)]"
            guard namespaceNames.contains(route.namespace) else {
                report("\(field).namespace", undefinedNamespace(route.namespace))
                continue
            }
            let destination = route.destination
            if destination.length == 0 {
                report("\(field).to", "a default route (\(destination)) is refused: netmatrix namespaces get no route out")
            } else if let problem = Self.rangeProblem(destination.address) {
                report("\(field).to", problem)
            } else if destination.address != destination.network {
                report("\(field).to", "\(destination) has host bits set; the network is \(destination.network)/\(destination.length)")
            }
            let local = interfaces.filter { $0.spec.namespace == route.namespace }
            var onDevice = local
            if let device = route.device {
                onDevice = local.filter { $0.spec.name == device }
                if onDevice.isEmpty {
                    report("\(field).dev", "no interface '\(device)' in namespace \(route.namespace)")
                    continue
                }
            }
            guard let via = route.via else {
                if route.device == nil { report(field, "a route needs via (a gateway) or dev (an interface)") }
                continue
            }
            if via.family != destination.address.family {
                report("\(field).via", "\(via) and \(destination) are of different address families")
                continue
            }
            let viaHost = IPPrefix(address: via, length: via.bitWidth)
            let connected = onDevice.flatMap { $0.spec.addresses }
            if !connected.contains(where: { $0.contains(viaHost) }) {
                let scope = route.device.map { "interface \($0)" } ?? "namespace \(route.namespace)"
                let listing = connected.filter { $0.address.family == via.family }
                    .map { "\($0.network)/\($0.length)" }.joined(separator: ", ")
                report("\(field).via", "\(via) is not on a connected prefix of \(scope) (connected: \(listing.isEmpty ? "none" : listing))")
            }
        }
    }

    mutating func checkEndpoints() {
        let endpoints = spec.endpoints
        for (key, namespace) in [("sender", endpoints.sender), ("receiver", endpoints.receiver)]
        where !namespaceNames.contains(namespace) {
            report("endpoints.\(key)", undefinedNamespace(namespace))
        }
        if endpoints.receiverAddresses.isEmpty {
            report("endpoints.receiver_addresses", "at least one address the sender connects to is needed")
        }
        let connected = interfaces.filter { $0.spec.namespace == endpoints.receiver }.flatMap { $0.spec.addresses }
        for (index, address) in endpoints.receiverAddresses.enumerated() {
            let field = "endpoints.receiver_addresses[\(index)]"
            if let problem = Self.rangeProblem(address) {
                report(field, problem)
            } else if namespaceNames.contains(endpoints.receiver),
                !connected.contains(where: { $0.contains(IPPrefix(address: address, length: address.bitWidth)) })
            {
                report(field, "\(address) is not on any interface prefix of namespace \(endpoints.receiver)")
            }
        }
        guard !endpoints.wire.isEmpty else { return }
        if endpoints.wire.count != 2 {
            report("endpoints.wire", "a wire joins exactly 2 TAP interfaces, found \(endpoints.wire.count)")
            return
        }
        if endpoints.wire[0] == endpoints.wire[1] {
            report("endpoints.wire[1]", "a wire joins two different TAP interfaces")
        }
        for (index, name) in endpoints.wire.enumerated()
        where !interfaces.contains(where: { $0.linkKind == "tap" && $0.spec.name == name }) {
            report("endpoints.wire[\(index)]", "no TAP interface '\(name)' among the links")
        }
    }

    // MARK: - Helpers

    static func rangeProblem(_ address: IPAddress) -> String? {
        let host = IPPrefix(address: address, length: address.bitWidth)
        guard !IPPrefix.permittedRanges.contains(where: { $0.contains(host) }) else { return nil }
        return "\(address) is outside 198.18.0.0/15 and fd00::/8, the only ranges netmatrix configures (refused for safety)"
    }

    static func namespaceNameProblem(_ name: String) -> String? {
        fileNamePartProblem(name, what: "namespace", limit: TopologyValidator.maximumNamespaceNameBytes)
    }

    /// Topology and namespace names become parts of file names (pins, state files):
    /// plain words that fit, never a path.
    static func fileNamePartProblem(_ name: String, what: String, limit: Int) -> String? {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard !name.isEmpty, allowed else {
            return "'\(name)' is not a \(what) name (letters, digits, '-' or '_')"
        }
        guard name.utf8.count <= limit else {
            return "'\(name)' is \(name.utf8.count) bytes; a \(what) name is at most \(limit) (it becomes part of a file name)"
        }
        return nil
    }

    func undefinedNamespace(_ name: String) -> String {
        "namespace '\(name)' is not defined (namespaces: \(spec.namespaces.map(\.name).joined(separator: ", ")))"
    }

    /// "links[0].ends[0].name, line 9" for messages that point back at a first occurrence.
    func place(_ field: String) -> String {
        sourceMap.line(for: field).map { "\(field), line \($0)" } ?? field
    }

    mutating func report(_ field: String, _ reason: String) {
        problems.append(FileProblem(line: sourceMap.line(for: field), field: field, reason: reason))
    }
}
