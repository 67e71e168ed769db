/// What `netmatrix plugins list` shows of one plugin, as JSON (`--json`) or as
/// text for a terminal. Its own shape, not `PluginInfo`'s: that one is a worker
/// report line, pinned by the worker protocol, and says `[""]` both for a role
/// the plugin lacks and for a role's one unnamed mode.
public struct PluginListing: Codable, Equatable, Sendable {
    public var name: String
    public var version: String
    public var abi: String
    public var file: String
    /// Absent when the descriptor gives none.
    public var description: String?
    /// The roles it offers, in send, receive, wire order.
    public var roles: [String]
    /// One key per offered role: its named modes, or `[]` when the role has one
    /// unnamed mode (the plugin is then named without `:mode`).
    public var modes: [String: [String]]
    /// The keys its `options_help` declares, in order.
    public var options: [DeclaredOption]

    public init(_ info: PluginInfo) {
        name = info.name
        version = info.version
        abi = info.abi
        file = info.file
        description = info.description.isEmpty ? nil : info.description
        roles = info.roles
        var modes: [String: [String]] = [:]
        for (role, declared) in [("send", info.modes.send), ("receive", info.modes.receive), ("wire", info.modes.wire)]
        where info.roles.contains(role) {
            modes[role] = declared.filter { !$0.isEmpty }
        }
        self.modes = modes
        options = info.declaredOptions
    }

    /// The text form: a block per plugin, blank lines between them, each option's
    /// help wrapped under `width` columns.
    public static func text(_ listings: [PluginListing], width: Int = 100) -> String {
        listings.map { $0.text(width: width) }.joined(separator: "\n\n")
    }

    func text(width: Int) -> String {
        var lines = ["\(name) \(version)  (ABI \(abi))  \(file)"]
        if let description { lines += Self.wrap(description, indent: "  ", width: width) }
        for role in roles {
            let named = modes[role] ?? []
            let label = "  \(role)".padding(toLength: 11, withPad: " ", startingAt: 0)
            lines.append(label + (named.isEmpty ? "one unnamed mode" : "modes: " + named.joined(separator: ", ")))
        }
        guard !options.isEmpty else {
            lines.append("  options: none")
            return lines.joined(separator: "\n")
        }
        lines.append("  options:")
        let forms = options.map { option in option.key + "=" + (option.placeholder.map { "<\($0)>" } ?? "") }
        let column = min((forms.map(\.count).max() ?? 0) + 6, width / 2)
        for (form, option) in zip(forms, options) {
            let lead = "    " + form
            let help = Self.wrap(option.help ?? "", indent: String(repeating: " ", count: column), width: width)
            if lead.count + 2 <= column, let first = help.first {
                lines.append(lead.padding(toLength: column, withPad: " ", startingAt: 0) + String(first.dropFirst(column)))
                lines += help.dropFirst()
            } else {
                lines.append(lead)
                lines += help
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `text` in lines of at most `width` columns (a longer word stands alone), each starting with `indent`.
    static func wrap(_ text: String, indent: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count { lines.append(line) }
        return lines
    }
}
