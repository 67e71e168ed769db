/// A plugin used in a way it does not declare: a role, a mode or an option key it lacks.
public struct PluginUsageError: Error, Equatable, Sendable, CustomStringConvertible, ExitCoded {
    public var plugin: String
    public var message: String

    public init(plugin: String, message: String) {
        self.plugin = plugin
        self.message = message
    }

    public var description: String { "plugin \(plugin): \(message)" }
    public var exitStatus: ExitStatus { .badInput }
}

/// What a plugin's descriptor lets it be asked to do, checked before any cell runs.
extension PluginInfo {
    /// The option keys the plugin accepts, as its `options_help` lists them: one
    /// line per key, `key=value: meaning`, the key being the text before the first
    /// `=` (letters, digits, `_`, `-`). Other lines are free text.
    public var optionKeys: [String] {
        optionsHelp.split(whereSeparator: \.isNewline).compactMap { line in
            let text = line.drop { $0 == " " }
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
            let key = text[..<equals]
            guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
            return String(key)
        }
    }

    /// Checks that the plugin has `role` and declares `mode` for it ("" = the default).
    public func checkRole(_ role: WorkerRole, mode: String) throws(PluginUsageError) {
        guard roles.contains(role.rawValue) else {
            throw PluginUsageError(plugin: name, message: "has no \(role.rawValue) role (it has: \(roles.joined(separator: ", ")))")
        }
        let declared = [WorkerRole.send: modes.send, .receive: modes.receive, .wire: modes.wire][role] ?? []
        guard mode.isEmpty || declared.contains(mode) else {
            let list = declared.allSatisfy(\.isEmpty) ? "one unnamed mode" : declared.joined(separator: ", ")
            throw PluginUsageError(plugin: name, message: "has no \(role.rawValue) mode \"\(mode)\" (it has: \(list))")
        }
    }

    /// Checks `spec` against the descriptor: the role, the mode and every option key.
    public func checkUsage(of spec: PluginSpec, as role: WorkerRole) throws(PluginUsageError) {
        try checkRole(role, mode: spec.mode)
        let accepted = optionKeys
        for option in spec.options where !accepted.contains(option.key) {
            let known = accepted.isEmpty ? "it accepts no options" : "it accepts: \(accepted.joined(separator: ", "))"
            throw PluginUsageError(plugin: name, message: "unknown option '\(option.key)' (\(known); see its options_help)")
        }
    }
}
