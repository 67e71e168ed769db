import NetmatrixCore

/// The five topology kinds, as TopologySpec values built in code.
enum TestTopologies {
    static func prefix(_ text: String) -> IPPrefix {
        guard let prefix = IPPrefix(text) else { preconditionFailure("bad test prefix \(text)") }
        return prefix
    }

    static func address(_ text: String) -> IPAddress {
        guard let address = IPAddress(text) else { preconditionFailure("bad test address \(text)") }
        return address
    }

    static let loopback = TopologySpec(
        name: "loopback",
        namespaces: [NamespaceSpec(name: "l")],
        links: [.loopback(InterfaceSpec(namespace: "l", name: "lo", addresses: [prefix("198.18.2.1/32")], mtu: 61512))],
        endpoints: EndpointSpec(sender: "l", receiver: "l", receiverAddresses: [address("198.18.2.1")]))

    static func veth(offloads: OffloadSettings = OffloadSettings(), mtu: Int? = nil, qdisc: String? = nil) -> TopologySpec {
        TopologySpec(
            name: "veth",
            namespaces: [NamespaceSpec(name: "a"), NamespaceSpec(name: "b")],
            links: [.veth(
                a: InterfaceSpec(namespace: "a", name: "va0", addresses: [prefix("198.18.0.1/30"), prefix("fd00:18::1/64")], mtu: mtu, offloads: offloads, qdisc: qdisc),
                b: InterfaceSpec(namespace: "b", name: "vb0", addresses: [prefix("198.18.0.2/30"), prefix("fd00:18::2/64")], mtu: mtu, offloads: offloads))],
            endpoints: EndpointSpec(sender: "a", receiver: "b", receiverAddresses: [address("198.18.0.2"), address("fd00:18::2")]))
    }

    static let chain = TopologySpec(
        name: "chain",
        namespaces: [NamespaceSpec(name: "a"), NamespaceSpec(name: "r", forwarding: true), NamespaceSpec(name: "b")],
        links: [
            .veth(
                a: InterfaceSpec(namespace: "a", name: "va0", addresses: [prefix("198.18.0.1/30"), prefix("fd00:18:1::1/64")]),
                b: InterfaceSpec(namespace: "r", name: "ra0", addresses: [prefix("198.18.0.2/30"), prefix("fd00:18:1::2/64")])),
            .veth(
                a: InterfaceSpec(namespace: "r", name: "rb0", addresses: [prefix("198.18.0.5/30"), prefix("fd00:18:2::1/64")]),
                b: InterfaceSpec(namespace: "b", name: "vb0", addresses: [prefix("198.18.0.6/30"), prefix("fd00:18:2::2/64")])),
        ],
        routes: [
            RouteSpec(namespace: "a", destination: prefix("198.18.0.4/30"), via: address("198.18.0.2")),
            RouteSpec(namespace: "b", destination: prefix("198.18.0.0/30"), via: address("198.18.0.5"), device: "vb0"),
            RouteSpec(namespace: "a", destination: prefix("fd00:18:2::/64"), via: address("fd00:18:1::2")),
            RouteSpec(namespace: "b", destination: prefix("fd00:18:1::/64"), via: address("fd00:18:2::1")),
        ],
        endpoints: EndpointSpec(sender: "a", receiver: "b", receiverAddresses: [address("198.18.0.6"), address("fd00:18:2::2")]))

    static let tap = TopologySpec(
        name: "tap",
        namespaces: [NamespaceSpec(name: "a"), NamespaceSpec(name: "b")],
        links: [
            .tap(TapSpec(interface: InterfaceSpec(namespace: "a", name: "ta0", addresses: [prefix("198.18.3.1/24")], mtu: 1500))),
            .tap(TapSpec(interface: InterfaceSpec(namespace: "b", name: "tb0", addresses: [prefix("198.18.3.2/24")], mtu: 1500))),
        ],
        endpoints: EndpointSpec(sender: "a", receiver: "b", receiverAddresses: [address("198.18.3.2")], wire: ["ta0", "tb0"]))

    static let bridge = TopologySpec(
        name: "bridge",
        namespaces: [NamespaceSpec(name: "a"), NamespaceSpec(name: "s"), NamespaceSpec(name: "b")],
        links: [
            .veth(
                a: InterfaceSpec(namespace: "a", name: "va0", addresses: [prefix("198.18.1.1/24")]),
                b: InterfaceSpec(namespace: "s", name: "sa0")),
            .veth(
                a: InterfaceSpec(namespace: "b", name: "vb0", addresses: [prefix("198.18.1.2/24")]),
                b: InterfaceSpec(namespace: "s", name: "sb0")),
            .bridge(InterfaceSpec(namespace: "s", name: "br0", addresses: [prefix("198.18.1.3/24")]), ports: ["sa0", "sb0"]),
        ],
        endpoints: EndpointSpec(sender: "a", receiver: "b", receiverAddresses: [address("198.18.1.2")]))

    static let sink = TopologySpec(
        name: "sink",
        namespaces: [NamespaceSpec(name: "s")],
        links: [.dummy(InterfaceSpec(namespace: "s", name: "sink0", addresses: [prefix("198.18.4.1/24")]))],
        endpoints: EndpointSpec(sender: "s", receiver: "s", receiverAddresses: [address("198.18.4.2")]))
}
