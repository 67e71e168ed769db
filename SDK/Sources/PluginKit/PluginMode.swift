/// The modes a plugin offers for one role, as an enum whose raw values are the
/// mode names the host passes in `nm_context.mode`. The first case is the default
/// (the host passes "" for it).
///
///     enum SendMode: String, PluginMode { case sendfile, msgZerocopy = "msg_zerocopy" }
public protocol PluginMode: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

/// A role the plugin does not offer: no cases, so no mode can be asked for and the
/// descriptor leaves the role's bit and function pointer out.
public enum NotOffered: PluginMode {
    public init?(rawValue: String) { nil }
    public var rawValue: String { switch self {} }
    public static var allCases: [NotOffered] { [] }
}

/// A role with one unnamed mode (the descriptor lists "" for it).
public enum SingleMode: String, PluginMode {
    case standard = ""
}

extension PluginMode {
    /// The descriptor's comma-separated list, default first.
    static var descriptorList: String { allCases.map(\.rawValue).joined(separator: ",") }

    /// The mode the host asked for: "" is the first case.
    static func resolve(_ name: String, role: PluginRole) throws(PluginError) -> Self {
        let known = Array(allCases)
        if name.isEmpty, let first = known.first { return first }
        if let mode = Self(rawValue: name) { return mode }
        throw .unknownMode(role: role, mode: name, known: known.map(\.rawValue))
    }
}
