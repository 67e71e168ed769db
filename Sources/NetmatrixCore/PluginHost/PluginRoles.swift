import NetmatrixABI

/// The roles a plugin implements (`nm_plugin_descriptor.roles`).
public struct PluginRoles: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// NM_ROLE_SEND
    public static let send = PluginRoles(rawValue: UInt32(NM_ROLE_SEND))
    /// NM_ROLE_RECEIVE
    public static let receive = PluginRoles(rawValue: UInt32(NM_ROLE_RECEIVE))
    /// NM_ROLE_WIRE
    public static let wire = PluginRoles(rawValue: UInt32(NM_ROLE_WIRE))

    public static let all: PluginRoles = [.send, .receive, .wire]

    public var names: [String] {
        var result: [String] = []
        if contains(.send) { result.append("send") }
        if contains(.receive) { result.append("receive") }
        if contains(.wire) { result.append("wire") }
        return result
    }

    public var description: String { names.joined(separator: ",") }
}
