import NetmatrixABI

/// The Swift view of a checked plugin descriptor. The descriptor is static in the
/// plugin's image, which is never unloaded, so the pointer stays valid.
public final class LoadedPlugin: @unchecked Sendable, CustomStringConvertible {
    /// The real path of the file it came from.
    public let path: String
    public let name: String
    public let version: String
    public let summary: String
    public let optionsHelp: String
    /// NETMATRIX_ABI_VERSION as the plugin was built: major << 16 | minor.
    public let abiVersion: UInt32
    public let roles: PluginRoles
    public let sendModes: [String]
    public let receiveModes: [String]
    public let wireModes: [String]
    let descriptor: UnsafePointer<nm_plugin_descriptor>

    init(path: String, descriptor: UnsafePointer<nm_plugin_descriptor>) {
        let fields = descriptor.pointee
        self.path = path
        self.descriptor = descriptor
        name = Self.string(fields.name)
        version = Self.string(fields.version)
        summary = Self.string(fields.description)
        optionsHelp = Self.string(fields.options_help)
        abiVersion = fields.abi_version
        roles = PluginRoles(rawValue: fields.roles)
        sendModes = Self.modes(fields.send_modes)
        receiveModes = Self.modes(fields.receive_modes)
        wireModes = Self.modes(fields.wire_modes)
    }

    public var abiText: String { "\(abiVersion >> 16).\(abiVersion & 0xffff)" }

    /// The declared modes for `role`; `[""]` stands for one unnamed mode.
    public func modes(for role: WorkerRole) -> [String] {
        switch role {
        case .send: sendModes
        case .receive: receiveModes
        case .wire: wireModes
        }
    }

    /// Checks that the plugin has `role` and declares `mode` for it ("" = the default).
    public func checkUsage(role: WorkerRole, mode: String) throws(PluginUsageError) {
        try info.checkRole(role, mode: mode)
    }

    /// The role function, checked non-NULL at load time for every declared role.
    func function(for role: WorkerRole) -> nm_role_fn? {
        switch role {
        case .send: descriptor.pointee.send
        case .receive: descriptor.pointee.receive
        case .wire: descriptor.pointee.wire
        }
    }

    public var info: PluginInfo {
        PluginInfo(
            name: name, version: version, abi: abiText, roles: roles.names,
            modes: PluginInfo.Modes(send: sendModes, receive: receiveModes, wire: wireModes),
            file: path, description: summary, optionsHelp: optionsHelp
        )
    }

    public var description: String { "\(name) \(version) (\(path))" }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func modes(_ pointer: UnsafePointer<CChar>?) -> [String] {
        let text = string(pointer)
        guard !text.isEmpty else { return [""] }
        return text.split(separator: ",").map { String($0).trimmingSpaces() }
    }
}

/// What `netmatrix plugins list --json` prints per plugin.
public struct PluginInfo: Codable, Equatable, Sendable {
    public struct Modes: Codable, Equatable, Sendable {
        public var send: [String]
        public var receive: [String]
        public var wire: [String]
    }

    public var name: String
    public var version: String
    public var abi: String
    public var roles: [String]
    public var modes: Modes
    public var file: String
    public var description: String
    public var optionsHelp: String
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
