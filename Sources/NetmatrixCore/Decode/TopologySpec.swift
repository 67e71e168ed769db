/// A test network as declared in a Netns/*.yaml file, validated and ready to build.
///
/// Names here are the YAML's logical names; the engine maps namespace names to
/// anonymous namespaces (or, with `--keep`, to `netmatrix-<name>-<suffix>` mounts).
public struct TopologySpec: Equatable, Sendable {
    /// The file's `name:`, e.g. `veth`.
    public var name: String
    public var description: String
    /// Where it came from, for error messages; nil when built in code.
    public var sourcePath: String?
    /// The line of each field in that file, so checks made later (the engine's)
    /// still name FILE:LINE: FIELD; empty when built in code.
    public var sourceMap: SourceMap
    public var namespaces: [NamespaceSpec]
    public var links: [LinkSpec]
    public var routes: [RouteSpec]
    /// Where traffic runs: which namespace sends, which receives, and at which address.
    public var endpoints: EndpointSpec

    public init(
        name: String, description: String = "", sourcePath: String? = nil, sourceMap: SourceMap = SourceMap(),
        namespaces: [NamespaceSpec], links: [LinkSpec], routes: [RouteSpec] = [], endpoints: EndpointSpec
    ) {
        self.name = name
        self.description = description
        self.sourcePath = sourcePath
        self.sourceMap = sourceMap
        self.namespaces = namespaces
        self.links = links
        self.routes = routes
        self.endpoints = endpoints
    }
}

public struct NamespaceSpec: Equatable, Sendable {
    public var name: String
    /// IPv4 and IPv6 forwarding on (the router in `chain`).
    public var forwarding: Bool

    public init(name: String, forwarding: Bool = false) {
        self.name = name
        self.forwarding = forwarding
    }
}

/// One interface as configured inside its namespace.
public struct InterfaceSpec: Equatable, Sendable {
    public var namespace: String
    /// Kernel interface name, at most 15 bytes (IFNAMSIZ - 1).
    public var name: String
    public var addresses: [IPPrefix]
    /// nil leaves the kernel's default.
    public var mtu: Int?
    public var offloads: OffloadSettings
    /// Root qdisc kind, e.g. `fq_codel`; nil leaves the default. Probed before use.
    public var qdisc: String?

    public init(
        namespace: String, name: String, addresses: [IPPrefix] = [], mtu: Int? = nil,
        offloads: OffloadSettings = OffloadSettings(), qdisc: String? = nil
    ) {
        self.namespace = namespace
        self.name = name
        self.addresses = addresses
        self.mtu = mtu
        self.offloads = offloads
        self.qdisc = qdisc
    }
}

/// Offload features to set through the ethtool ioctl; nil leaves a feature as the
/// driver has it. What the kernel accepted is read back after setting.
public struct OffloadSettings: Equatable, Sendable, Codable {
    /// ETHTOOL_STXCSUM
    public var txChecksum: Bool?
    /// ETHTOOL_SRXCSUM
    public var rxChecksum: Bool?
    /// ETHTOOL_STSO
    public var tso: Bool?
    /// ETHTOOL_SGSO
    public var gso: Bool?
    /// ETHTOOL_SGRO
    public var gro: Bool?
    /// ETHTOOL_SSG
    public var scatterGather: Bool?

    public init(
        txChecksum: Bool? = nil, rxChecksum: Bool? = nil, tso: Bool? = nil,
        gso: Bool? = nil, gro: Bool? = nil, scatterGather: Bool? = nil
    ) {
        self.txChecksum = txChecksum
        self.rxChecksum = rxChecksum
        self.tso = tso
        self.gso = gso
        self.gro = gro
        self.scatterGather = scatterGather
    }

    /// All six on or all six off: the matrix's `offloads` axis.
    public static func all(_ on: Bool) -> OffloadSettings {
        OffloadSettings(txChecksum: on, rxChecksum: on, tso: on, gso: on, gro: on, scatterGather: on)
    }

    public var isEmpty: Bool { self == OffloadSettings() }
}

public enum LinkSpec: Equatable, Sendable {
    /// A veth pair whose two ends live in two (or the same) namespaces.
    case veth(a: InterfaceSpec, b: InterfaceSpec)
    /// A TAP device, opened inside its namespace and held by the core.
    case tap(TapSpec)
    /// A bridge with the named interfaces of its namespace enslaved.
    case bridge(InterfaceSpec, ports: [String])
    /// A dummy device (the `sink` topology); needs the dummy driver.
    case dummy(InterfaceSpec)
    /// The namespace's `lo`, brought up and optionally given an MTU.
    case loopback(InterfaceSpec)

    /// Every interface this link puts into a namespace.
    public var interfaces: [InterfaceSpec] {
        switch self {
        case .veth(let a, let b): [a, b]
        case .tap(let tap): [tap.interface]
        case .bridge(let bridge, _): [bridge]
        case .dummy(let dummy): [dummy]
        case .loopback(let lo): [lo]
        }
    }

    public var kind: String {
        switch self {
        case .veth: "veth"
        case .tap: "tap"
        case .bridge: "bridge"
        case .dummy: "dummy"
        case .loopback: "loopback"
        }
    }
}

public struct TapSpec: Equatable, Sendable {
    public var interface: InterfaceSpec
    /// IFF_VNET_HDR: frames carry a virtio-net header.
    public var vnetHeader: Bool
    /// TUNSETOFFLOAD flags (TUN_F_CSUM, TUN_F_TSO4, ...): what the reader accepts.
    public var tunOffloads: TunOffloads

    public init(interface: InterfaceSpec, vnetHeader: Bool = false, tunOffloads: TunOffloads = []) {
        self.interface = interface
        self.vnetHeader = vnetHeader
        self.tunOffloads = tunOffloads
    }
}

/// TUNSETOFFLOAD flags: what offloaded frames the TAP's reader can take.
public struct TunOffloads: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// TUN_F_CSUM: partial checksums (NEEDS_CSUM frames).
    public static let checksum = TunOffloads(rawValue: 0x01)
    /// TUN_F_TSO4
    public static let tso4 = TunOffloads(rawValue: 0x02)
    /// TUN_F_TSO6
    public static let tso6 = TunOffloads(rawValue: 0x04)
    /// TUN_F_TSO_ECN
    public static let tsoECN = TunOffloads(rawValue: 0x08)
    /// TUN_F_UFO
    public static let ufo = TunOffloads(rawValue: 0x10)
    /// TUN_F_USO4 (Linux 6.2): UDP segmentation offload frames over IPv4.
    public static let uso4 = TunOffloads(rawValue: 0x20)
    /// TUN_F_USO6 (Linux 6.2)
    public static let uso6 = TunOffloads(rawValue: 0x40)
}

public struct RouteSpec: Equatable, Sendable {
    public var namespace: String
    public var destination: IPPrefix
    public var via: IPAddress?
    public var device: String?

    public init(namespace: String, destination: IPPrefix, via: IPAddress? = nil, device: String? = nil) {
        self.namespace = namespace
        self.destination = destination
        self.via = via
        self.device = device
    }
}

/// Where a cell's workers run.
public struct EndpointSpec: Equatable, Sendable {
    /// Namespace of the sending worker.
    public var sender: String
    /// Namespace of the receiving worker.
    public var receiver: String
    /// Addresses the receiver listens on (IPv4 first if present).
    public var receiverAddresses: [IPAddress]
    /// For `tap`: the two TAP interfaces (by interface name) a wire plugin joins.
    public var wire: [String]

    public init(sender: String, receiver: String, receiverAddresses: [IPAddress], wire: [String] = []) {
        self.sender = sender
        self.receiver = receiver
        self.receiverAddresses = receiverAddresses
        self.wire = wire
    }
}
