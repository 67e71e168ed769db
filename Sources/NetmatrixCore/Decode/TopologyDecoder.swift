import Yams

/// Turns a composed YAML tree into a `TopologySpec`, checking shape and types only
/// (keys, types, CIDR syntax). Meaning (ranges, references, overlaps) is
/// `TopologyValidator`'s job. Collects every problem instead of stopping at the first.
struct TopologyDecoder {
    private(set) var reader = YAMLReader()
    var problems: [FileProblem] { reader.problems }
    var sourceMap: SourceMap { reader.sourceMap }

    static let documentKeys = ["name", "description", "namespaces", "links", "routes", "endpoints"]
    static let namespaceKeys = ["name", "forwarding"]
    static let interfaceKeys = ["namespace", "name", "addresses", "mtu", "offloads", "qdisc"]
    static let offloadKeys = ["tx-checksum", "rx-checksum", "tso", "gso", "gro", "sg"]
    static let routeKeys = ["namespace", "to", "via", "dev"]
    static let endpointKeys = ["sender", "receiver", "receiver_addresses", "wire"]
    static let linkKinds = ["veth", "tap", "bridge", "dummy", "loopback"]
    /// TUNSETOFFLOAD flag names, as the kernel's TUN_F_* constants spell them.
    static let tunOffloadNames: [(name: String, flag: TunOffloads)] = [
        ("csum", .checksum), ("tso4", .tso4), ("tso6", .tso6), ("tso_ecn", .tsoECN), ("ufo", .ufo), ("uso4", .uso4), ("uso6", .uso6),
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
            reader.report(line: 1, field: "document", "the file is empty; expected a mapping with name, namespaces, links and endpoints")
            return nil
        }
        let document = LocatedNode(node: root, field: "", line: root.mark?.line)
        guard let fields = reader.readMapping(document, known: Self.documentKeys, what: "a topology (name, namespaces, links, endpoints)") else {
            return nil
        }
        let name = reader.readRequired("name", in: fields, of: document).flatMap { reader.readString($0) }
        let description = fields["description"].flatMap { reader.readString($0) } ?? ""
        let namespaces = reader.readRequired("namespaces", in: fields, of: document)
            .flatMap { reader.readList($0, of: "namespaces") }?
            .compactMap { decodeNamespace($0) } ?? []
        let links = reader.readRequired("links", in: fields, of: document)
            .flatMap { reader.readList($0, of: "links") }?
            .compactMap { decodeLink($0) } ?? []
        let routes = fields["routes"].flatMap { reader.readList($0, of: "routes") }?.compactMap { decodeRoute($0) } ?? []
        let endpoints = reader.readRequired("endpoints", in: fields, of: document).flatMap { decodeEndpoints($0) }
        guard problems.isEmpty, let name, let endpoints else { return nil }
        return TopologySpec(
            name: name, description: description, sourcePath: path, sourceMap: sourceMap,
            namespaces: namespaces, links: links, routes: routes, endpoints: endpoints
        )
    }

    // MARK: - Sections

    private mutating func decodeNamespace(_ located: LocatedNode) -> NamespaceSpec? {
        guard let fields = reader.readMapping(located, known: Self.namespaceKeys, what: "a namespace (name, forwarding)") else { return nil }
        let name = reader.readRequired("name", in: fields, of: located).flatMap { reader.readString($0) }
        let forwarding = fields["forwarding"].flatMap { reader.readBool($0) } ?? false
        guard let name else { return nil }
        return NamespaceSpec(name: name, forwarding: forwarding)
    }

    private mutating func decodeLink(_ located: LocatedNode) -> LinkSpec? {
        guard case .mapping(let mapping) = located.node else {
            reader.mismatch(located, expected: "a link (kind: veth, tap, bridge, dummy or loopback)")
            return nil
        }
        guard let kindNode = mapping["kind"] else {
            reader.report(line: located.line, field: reader.join(located.field, "kind"), "missing; one of \(Self.linkKinds.joined(separator: ", "))")
            return nil
        }
        let kindField = LocatedNode(node: kindNode, field: reader.join(located.field, "kind"), line: kindNode.mark?.line)
        guard let kind = reader.readString(kindField) else { return nil }
        guard Self.linkKinds.contains(kind) else {
            let hint = NearestKey.suggestion(for: kind, among: Self.linkKinds).map { "did you mean '\($0)'? " } ?? ""
            reader.report(kindField, "unknown link kind '\(kind)'; \(hint)known: \(Self.linkKinds.joined(separator: ", "))")
            return nil
        }
        guard let fields = reader.readMapping(located, known: ["kind"] + Self.linkKeys(kind: kind), what: "a \(kind) link") else { return nil }
        switch kind {
        case "veth":
            guard let endsField = reader.readRequired("ends", in: fields, of: located), let ends = reader.readList(endsField, of: "veth ends") else {
                return nil
            }
            guard ends.count == 2 else {
                reader.report(endsField, "a veth pair has exactly 2 ends, found \(ends.count)")
                return nil
            }
            let interfaces = ends.compactMap { end -> InterfaceSpec? in
                guard let endFields = reader.readMapping(end, known: Self.interfaceKeys, what: "a veth end (namespace, name, addresses...)") else {
                    return nil
                }
                return decodeInterface(endFields, of: end)
            }
            guard interfaces.count == 2 else { return nil }
            return .veth(a: interfaces[0], b: interfaces[1])
        case "tap":
            let vnetHeader = fields["vnet_hdr"].flatMap { reader.readBool($0) } ?? false
            let tunOffloads = fields["tun_offloads"].flatMap { decodeTunOffloads($0) } ?? []
            guard let interface = decodeInterface(fields, of: located) else { return nil }
            return .tap(TapSpec(interface: interface, vnetHeader: vnetHeader, tunOffloads: tunOffloads))
        case "bridge":
            let ports = fields["ports"].flatMap { reader.readList($0, of: "bridge ports") }?.compactMap { reader.readString($0) } ?? []
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
        let namespace = reader.readRequired("namespace", in: fields, of: located).flatMap { reader.readString($0) }
        let name: String?
        if let defaultName, fields["name"] == nil {
            name = defaultName
        } else {
            name = reader.readRequired("name", in: fields, of: located).flatMap { reader.readString($0) }
        }
        let addresses = fields["addresses"].flatMap { reader.readList($0, of: "addresses") }?.compactMap { reader.readPrefix($0) } ?? []
        let mtu = fields["mtu"].flatMap { reader.readInteger($0) }
        let offloads = fields["offloads"].flatMap { decodeOffloads($0) } ?? OffloadSettings()
        let qdisc = fields["qdisc"].flatMap { reader.readString($0) }
        guard let namespace, let name else { return nil }
        return InterfaceSpec(namespace: namespace, name: name, addresses: addresses, mtu: mtu, offloads: offloads, qdisc: qdisc)
    }

    private mutating func decodeOffloads(_ located: LocatedNode) -> OffloadSettings? {
        guard let fields = reader.readMapping(located, known: Self.offloadKeys, what: "offloads (tx-checksum, rx-checksum, tso, gso, gro, sg: on/off)") else {
            return nil
        }
        return OffloadSettings(
            txChecksum: fields["tx-checksum"].flatMap { reader.readBool($0) },
            rxChecksum: fields["rx-checksum"].flatMap { reader.readBool($0) },
            tso: fields["tso"].flatMap { reader.readBool($0) },
            gso: fields["gso"].flatMap { reader.readBool($0) },
            gro: fields["gro"].flatMap { reader.readBool($0) },
            scatterGather: fields["sg"].flatMap { reader.readBool($0) }
        )
    }

    private mutating func decodeTunOffloads(_ located: LocatedNode) -> TunOffloads? {
        guard let items = reader.readList(located, of: "TUN offload flags") else { return nil }
        var flags: TunOffloads = []
        for item in items {
            guard let name = reader.readString(item) else { continue }
            guard let flag = Self.tunOffloadNames.first(where: { $0.name == name })?.flag else {
                let known = Self.tunOffloadNames.map(\.name)
                let hint = NearestKey.suggestion(for: name, among: known).map { "did you mean '\($0)'? " } ?? ""
                reader.report(item, "unknown TUN offload '\(name)'; \(hint)known: \(known.joined(separator: ", "))")
                continue
            }
            flags.insert(flag)
        }
        return flags
    }

    private mutating func decodeRoute(_ located: LocatedNode) -> RouteSpec? {
        guard let fields = reader.readMapping(located, known: Self.routeKeys, what: "a route (namespace, to, via, dev)") else { return nil }
        let namespace = reader.readRequired("namespace", in: fields, of: located).flatMap { reader.readString($0) }
        let destination = reader.readRequired("to", in: fields, of: located).flatMap { reader.readPrefix($0) }
        let via = fields["via"].flatMap { reader.readAddress($0) }
        let device = fields["dev"].flatMap { reader.readString($0) }
        guard let namespace, let destination else { return nil }
        return RouteSpec(namespace: namespace, destination: destination, via: via, device: device)
    }

    private mutating func decodeEndpoints(_ located: LocatedNode) -> EndpointSpec? {
        guard let fields = reader.readMapping(located, known: Self.endpointKeys, what: "endpoints (sender, receiver, receiver_addresses, wire)") else {
            return nil
        }
        let sender = reader.readRequired("sender", in: fields, of: located).flatMap { reader.readString($0) }
        let receiver = reader.readRequired("receiver", in: fields, of: located).flatMap { reader.readString($0) }
        let addresses = reader.readRequired("receiver_addresses", in: fields, of: located)
            .flatMap { reader.readList($0, of: "receiver addresses") }?
            .compactMap { reader.readAddress($0) }
        let wire = fields["wire"].flatMap { reader.readList($0, of: "TAP interface names") }?.compactMap { reader.readString($0) } ?? []
        guard let sender, let receiver, let addresses else { return nil }
        return EndpointSpec(sender: sender, receiver: receiver, receiverAddresses: addresses, wire: wire)
    }
}
