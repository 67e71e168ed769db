import Yams

/// A YAML node with the path and line a message about it should name.
struct LocatedNode {
    let node: Node
    /// e.g. `links[0].ends[1].mtu`; empty for the document itself.
    let field: String
    /// The key's line for a mapping value (where `mtu:` is written), the node's own otherwise.
    let line: Int?
}

/// Turns a composed YAML tree into a `TopologySpec`, checking shape and types only
/// (keys, types, CIDR syntax). Meaning (ranges, references, overlaps) is
/// `TopologyValidator`'s job. Collects every problem instead of stopping at the first.
struct TopologyDecoder {
    private(set) var problems: [TopologyProblem] = []
    private(set) var sourceMap = TopologySourceMap()

    static let documentKeys = ["name", "description", "namespaces", "links", "routes", "endpoints"]
    static let namespaceKeys = ["name", "forwarding"]
    static let interfaceKeys = ["namespace", "name", "addresses", "mtu", "offloads", "qdisc"]
    static let offloadKeys = ["tx-checksum", "rx-checksum", "tso", "gso", "gro", "sg"]
    static let routeKeys = ["namespace", "to", "via", "dev"]
    static let endpointKeys = ["sender", "receiver", "receiver_addresses", "wire"]
    static let linkKinds = ["veth", "tap", "bridge", "dummy", "loopback"]
    /// TUNSETOFFLOAD flag names, as the kernel's TUN_F_* constants spell them.
    static let tunOffloadNames: [(name: String, flag: TunOffloads)] = [
        ("csum", .checksum), ("tso4", .tso4), ("tso6", .tso6), ("tso_ecn", .tsoECN), ("ufo", .ufo),
    ]

    /// Keys a link of `kind` may have besides `kind`.
    static func linkKeys(kind: String) -> [String] {
        switch kind {
        case "veth": ["ends"]
        case "tap": interfaceKeys + ["vnet_hdr", "tun_offloads"]
        case "bridge": interfaceKeys + ["ports"]
        default: interfaceKeys
        }
    }

    // MARK: - The document

    mutating func decode(root: Node?, path: String) -> TopologySpec? {
        guard let root else {
            report(line: 1, field: "document", "the file is empty; expected a mapping with name, namespaces, links and endpoints")
            return nil
        }
        let document = LocatedNode(node: root, field: "", line: root.mark?.line)
        guard let fields = readMapping(document, known: Self.documentKeys, what: "a topology (name, namespaces, links, endpoints)") else {
            return nil
        }
        let name = readRequired("name", in: fields, of: document).flatMap { readString($0) }
        let description = fields["description"].flatMap { readString($0) } ?? ""
        let namespaces = readRequired("namespaces", in: fields, of: document)
            .flatMap { readList($0, of: "namespaces") }?
            .compactMap { decodeNamespace($0) } ?? []
        let links = readRequired("links", in: fields, of: document)
            .flatMap { readList($0, of: "links") }?
            .compactMap { decodeLink($0) } ?? []
        let routes = fields["routes"].flatMap { readList($0, of: "routes") }?.compactMap { decodeRoute($0) } ?? []
        let endpoints = readRequired("endpoints", in: fields, of: document).flatMap { decodeEndpoints($0) }
        guard problems.isEmpty, let name, let endpoints else { return nil }
        return TopologySpec(
            name: name, description: description, sourcePath: path,
            namespaces: namespaces, links: links, routes: routes, endpoints: endpoints
        )
    }

    // MARK: - Sections

    private mutating func decodeNamespace(_ located: LocatedNode) -> NamespaceSpec? {
        guard let fields = readMapping(located, known: Self.namespaceKeys, what: "a namespace (name, forwarding)") else { return nil }
        let name = readRequired("name", in: fields, of: located).flatMap { readString($0) }
        let forwarding = fields["forwarding"].flatMap { readBool($0) } ?? false
        guard let name else { return nil }
        return NamespaceSpec(name: name, forwarding: forwarding)
    }

    private mutating func decodeLink(_ located: LocatedNode) -> LinkSpec? {
        guard case .mapping(let mapping) = located.node else {
            mismatch(located, expected: "a link (kind: veth, tap, bridge, dummy or loopback)")
            return nil
        }
        guard let kindNode = mapping["kind"] else {
            report(line: located.line, field: join(located.field, "kind"), "missing; one of \(Self.linkKinds.joined(separator: ", "))")
            return nil
        }
        let kindField = LocatedNode(node: kindNode, field: join(located.field, "kind"), line: kindNode.mark?.line)
        guard let kind = readString(kindField) else { return nil }
        guard Self.linkKinds.contains(kind) else {
            let hint = NearestKey.suggestion(for: kind, among: Self.linkKinds).map { "did you mean '\($0)'? " } ?? ""
            report(kindField, "unknown link kind '\(kind)'; \(hint)known: \(Self.linkKinds.joined(separator: ", "))")
            return nil
        }
        guard let fields = readMapping(located, known: ["kind"] + Self.linkKeys(kind: kind), what: "a \(kind) link") else { return nil }
        switch kind {
        case "veth":
            guard let endsField = readRequired("ends", in: fields, of: located), let ends = readList(endsField, of: "veth ends") else {
                return nil
            }
            guard ends.count == 2 else {
                report(endsField, "a veth pair has exactly 2 ends, found \(ends.count)")
                return nil
            }
            let interfaces = ends.compactMap { end -> InterfaceSpec? in
                guard let endFields = readMapping(end, known: Self.interfaceKeys, what: "a veth end (namespace, name, addresses...)") else {
                    return nil
                }
                return decodeInterface(endFields, of: end)
            }
            guard interfaces.count == 2 else { return nil }
            return .veth(a: interfaces[0], b: interfaces[1])
        case "tap":
            let vnetHeader = fields["vnet_hdr"].flatMap { readBool($0) } ?? false
            let tunOffloads = fields["tun_offloads"].flatMap { decodeTunOffloads($0) } ?? []
            guard let interface = decodeInterface(fields, of: located) else { return nil }
            return .tap(TapSpec(interface: interface, vnetHeader: vnetHeader, tunOffloads: tunOffloads))
        case "bridge":
            let ports = fields["ports"].flatMap { readList($0, of: "bridge ports") }?.compactMap { readString($0) } ?? []
            guard let interface = decodeInterface(fields, of: located) else { return nil }
            return .bridge(interface, ports: ports)
        case "dummy":
            return decodeInterface(fields, of: located).map { .dummy($0) }
        default:
            return decodeInterface(fields, of: located, defaultName: "lo").map { .loopback($0) }
        }
    }

    /// The interface keys of a link or veth end; `defaultName` makes `name` optional.
    private mutating func decodeInterface(
        _ fields: [String: LocatedNode], of located: LocatedNode, defaultName: String? = nil
    ) -> InterfaceSpec? {
        let namespace = readRequired("namespace", in: fields, of: located).flatMap { readString($0) }
        let name: String?
        if let defaultName, fields["name"] == nil {
            name = defaultName
        } else {
            name = readRequired("name", in: fields, of: located).flatMap { readString($0) }
        }
        let addresses = fields["addresses"].flatMap { readList($0, of: "addresses") }?.compactMap { readPrefix($0) } ?? []
        let mtu = fields["mtu"].flatMap { readInteger($0) }
        let offloads = fields["offloads"].flatMap { decodeOffloads($0) } ?? OffloadSettings()
        let qdisc = fields["qdisc"].flatMap { readString($0) }
        guard let namespace, let name else { return nil }
        return InterfaceSpec(namespace: namespace, name: name, addresses: addresses, mtu: mtu, offloads: offloads, qdisc: qdisc)
    }

    private mutating func decodeOffloads(_ located: LocatedNode) -> OffloadSettings? {
        guard let fields = readMapping(located, known: Self.offloadKeys, what: "offloads (tx-checksum, rx-checksum, tso, gso, gro, sg: on/off)") else {
            return nil
        }
        return OffloadSettings(
            txChecksum: fields["tx-checksum"].flatMap { readBool($0) },
            rxChecksum: fields["rx-checksum"].flatMap { readBool($0) },
            tso: fields["tso"].flatMap { readBool($0) },
            gso: fields["gso"].flatMap { readBool($0) },
            gro: fields["gro"].flatMap { readBool($0) },
            scatterGather: fields["sg"].flatMap { readBool($0) }
        )
    }

    private mutating func decodeTunOffloads(_ located: LocatedNode) -> TunOffloads? {
        guard let items = readList(located, of: "TUN offload flags") else { return nil }
        var flags: TunOffloads = []
        for item in items {
            guard let name = readString(item) else { continue }
            guard let flag = Self.tunOffloadNames.first(where: { $0.name == name })?.flag else {
                let known = Self.tunOffloadNames.map(\.name)
                let hint = NearestKey.suggestion(for: name, among: known).map { "did you mean '\($0)'? " } ?? ""
                report(item, "unknown TUN offload '\(name)'; \(hint)known: \(known.joined(separator: ", "))")
                continue
            }
            flags.insert(flag)
        }
        return flags
    }

    private mutating func decodeRoute(_ located: LocatedNode) -> RouteSpec? {
        guard let fields = readMapping(located, known: Self.routeKeys, what: "a route (namespace, to, via, dev)") else { return nil }
        let namespace = readRequired("namespace", in: fields, of: located).flatMap { readString($0) }
        let destination = readRequired("to", in: fields, of: located).flatMap { readPrefix($0) }
        let via = fields["via"].flatMap { readAddress($0) }
        let device = fields["dev"].flatMap { readString($0) }
        guard let namespace, let destination else { return nil }
        return RouteSpec(namespace: namespace, destination: destination, via: via, device: device)
    }

    private mutating func decodeEndpoints(_ located: LocatedNode) -> EndpointSpec? {
        guard let fields = readMapping(located, known: Self.endpointKeys, what: "endpoints (sender, receiver, receiver_addresses, wire)") else {
            return nil
        }
        let sender = readRequired("sender", in: fields, of: located).flatMap { readString($0) }
        let receiver = readRequired("receiver", in: fields, of: located).flatMap { readString($0) }
        let addresses = readRequired("receiver_addresses", in: fields, of: located)
            .flatMap { readList($0, of: "receiver addresses") }?
            .compactMap { readAddress($0) }
        let wire = fields["wire"].flatMap { readList($0, of: "TAP interface names") }?.compactMap { readString($0) } ?? []
        guard let sender, let receiver, let addresses else { return nil }
        return EndpointSpec(sender: sender, receiver: receiver, receiverAddresses: addresses, wire: wire)
    }

    // MARK: - Typed values

    /// The mapping's known keys, each located; unknown keys are reported with the nearest known one.
    private mutating func readMapping(_ located: LocatedNode, known: [String], what: String) -> [String: LocatedNode]? {
        guard case .mapping(let mapping) = located.node else {
            mismatch(located, expected: what)
            return nil
        }
        var fields: [String: LocatedNode] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                report(line: keyNode.mark?.line, field: located.field.isEmpty ? "document" : located.field, "a key must be a plain word")
                continue
            }
            let field = join(located.field, key.string)
            guard known.contains(key.string) else {
                let hint = NearestKey.suggestion(for: key.string, among: known).map { "did you mean '\($0)'?" }
                    ?? "known keys: \(known.joined(separator: ", "))"
                report(line: keyNode.mark?.line, field: field, "unknown key; \(hint)")
                continue
            }
            let line = keyNode.mark?.line
            sourceMap.record(field, line: line)
            fields[key.string] = LocatedNode(node: value, field: field, line: line)
        }
        return fields
    }

    private mutating func readRequired(_ key: String, in fields: [String: LocatedNode], of parent: LocatedNode) -> LocatedNode? {
        if let field = fields[key] { return field }
        report(line: parent.line, field: join(parent.field, key), "missing (required)")
        return nil
    }

    private mutating func readList(_ located: LocatedNode, of what: String) -> [LocatedNode]? {
        guard case .sequence(let sequence) = located.node else {
            mismatch(located, expected: "a list of \(what)")
            return nil
        }
        return sequence.enumerated().map { index, node in
            let field = "\(located.field)[\(index)]"
            sourceMap.record(field, line: node.mark?.line)
            return LocatedNode(node: node, field: field, line: node.mark?.line)
        }
    }

    private mutating func readString(_ located: LocatedNode) -> String? {
        guard case .scalar(let scalar) = located.node, !Self.isNull(located.node) else {
            mismatch(located, expected: "a string")
            return nil
        }
        return scalar.string
    }

    private mutating func readBool(_ located: LocatedNode) -> Bool? {
        guard case .scalar(let scalar) = located.node else {
            mismatch(located, expected: "on or off")
            return nil
        }
        switch scalar.string.lowercased() {
        case "on", "true", "yes": return true
        case "off", "false", "no": return false
        default:
            report(located, "expected on or off, found '\(scalar.string)'")
            return nil
        }
    }

    private mutating func readInteger(_ located: LocatedNode) -> Int? {
        guard case .scalar(let scalar) = located.node else {
            mismatch(located, expected: "a whole number")
            return nil
        }
        guard let value = Int(scalar.string) else {
            report(located, "expected a whole number, found '\(scalar.string)'")
            return nil
        }
        return value
    }

    /// `ADDRESS/LENGTH`; the length is required so that no prefix is implied.
    private mutating func readPrefix(_ located: LocatedNode) -> IPPrefix? {
        guard let text = readString(located) else { return nil }
        guard text.contains("/") else {
            report(located, "'\(text)' has no prefix length; write it as ADDRESS/LENGTH, e.g. 198.18.0.1/30")
            return nil
        }
        guard let prefix = IPPrefix(text) else {
            report(located, "'\(text)' is not a CIDR prefix (ADDRESS/LENGTH, length 0-32 for IPv4, 0-128 for IPv6)")
            return nil
        }
        return prefix
    }

    /// A bare IPv4 or IPv6 address.
    private mutating func readAddress(_ located: LocatedNode) -> IPAddress? {
        guard let text = readString(located) else { return nil }
        guard let address = IPAddress(text) else {
            let hint = text.contains("/") ? " (an address here, without /LENGTH)" : ""
            report(located, "'\(text)' is not an IPv4 or IPv6 address\(hint)")
            return nil
        }
        return address
    }

    // MARK: - Reporting

    private mutating func mismatch(_ located: LocatedNode, expected: String) {
        report(located, "expected \(expected), found \(Self.describe(located.node))")
    }

    private mutating func report(_ located: LocatedNode, _ reason: String) {
        report(line: located.line, field: located.field.isEmpty ? "document" : located.field, reason)
    }

    private mutating func report(line: Int?, field: String, _ reason: String) {
        problems.append(TopologyProblem(line: line, field: field, reason: reason))
    }

    private func join(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// YAML's null: an empty value, `~` or `null`, unquoted.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): isNull(node) ? "nothing" : "'\(scalar.string)'"
        case .alias: "an alias"
        }
    }
}
