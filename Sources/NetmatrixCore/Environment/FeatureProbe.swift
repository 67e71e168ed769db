/// The answer to one "can this machine do X?" question, with how it was asked.
///
/// `how` names the probe (e.g. "rtnl_link_add type dummy in a throwaway netns")
/// so a reader can repeat it; `reason` says why a feature is missing, or adds
/// what a user should know about one that is present.
public struct FeatureProbe: Equatable, Sendable, Codable {
    public var available: Bool
    public var how: String
    public var reason: String?

    public init(available: Bool, how: String, reason: String? = nil) {
        self.available = available
        self.how = how
        self.reason = reason
    }

    public static func yes(_ how: String, _ note: String? = nil) -> FeatureProbe {
        FeatureProbe(available: true, how: how, reason: note)
    }

    public static func no(_ how: String, _ reason: String) -> FeatureProbe {
        FeatureProbe(available: false, how: how, reason: reason)
    }
}

/// A probe with the name it is listed under (`veth`, `qdisc fq`...); encodes
/// flat, as `{"name", "available", "how", "reason"}`.
public struct NamedFeatureProbe: Equatable, Sendable, Codable {
    public var name: String
    public var probe: FeatureProbe

    public init(_ name: String, _ probe: FeatureProbe) {
        self.name = name
        self.probe = probe
    }

    private enum CodingKeys: String, CodingKey { case name }

    public init(from decoder: any Decoder) throws {
        name = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .name)
        probe = try FeatureProbe(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try probe.encode(to: encoder)
    }
}
