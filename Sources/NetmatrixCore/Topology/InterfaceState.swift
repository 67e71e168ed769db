/// One interface of a running topology, as read back from the kernel.
public struct InterfaceState: Equatable, Sendable, Codable, CustomStringConvertible {
    public var namespace: String
    public var name: String
    /// `veth`, `tap`, `bridge`, `dummy` or `loopback` (the spec's link kind).
    public var kind: String
    public var ifindex: Int32
    /// MTU as the kernel reports it after configuration.
    public var mtu: Int
    public var isUp: Bool
    /// Configured addresses, e.g. `198.18.0.1/30`.
    public var addresses: [String]
    /// Offloads as read back through SIOCETHTOOL, with any refused request.
    public var offloads: OffloadState
    /// The root qdisc the spec asked for and the kernel accepted.
    public var qdisc: String?

    public var description: String {
        var parts = ["\(name) (\(kind), ifindex \(ifindex))", "mtu \(mtu)", isUp ? "up" : "down"]
        if !addresses.isEmpty { parts.append(addresses.joined(separator: " ")) }
        if let qdisc { parts.append("qdisc \(qdisc)") }
        if !offloads.features.isEmpty || !offloads.refusals.isEmpty { parts.append("offloads: \(offloads)") }
        return parts.joined(separator: ", ")
    }
}
