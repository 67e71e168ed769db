/// A plugin as the user names it: `name[:mode][,key=value...]`, where `name` may
/// instead be a path to a `.so` file (`./libx.so:mode`). The one parser for that syntax.
public struct PluginSpec: Equatable, Sendable, Codable, CustomStringConvertible {
    public enum Reference: Equatable, Sendable, Codable {
        /// A plugin name, found as `libnetmatrix-plugin-<name>.so` on the search path.
        case name(String)
        /// An explicit file.
        case path(String)
    }

    public var plugin: Reference
    /// "" means the plugin's default (first declared) mode.
    public var mode: String
    /// key=value pairs in the order given.
    public var options: [Option]

    public struct Option: Equatable, Sendable, Codable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(plugin: Reference, mode: String = "", options: [Option] = []) {
        self.plugin = plugin
        self.mode = mode
        self.options = options
    }

    /// The options as the ABI passes them: "key=value,key=value".
    public var optionsString: String { options.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }

    public var description: String {
        var text: String
        switch plugin {
        case .name(let name): text = name
        case .path(let path): text = path
        }
        if !mode.isEmpty { text += ":" + mode }
        if !options.isEmpty { text += "," + optionsString }
        return text
    }

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible, ExitCoded {
        public var text: String
        public var reason: String
        public var description: String { "plugin spec \"\(text)\": \(reason)" }
        public var exitStatus: ExitStatus { .badInput }
    }

    /// Parses `name[:mode][,key=value...]`. A name containing `/` or ending in `.so` is a path.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first, !head.isEmpty else {
            throw ParseError(text: text, reason: "empty plugin name")
        }
        var reference = head
        var mode = ""
        // The last ':' separates the mode unless what follows looks like more path.
        if let colon = head.lastIndex(of: ":") {
            let after = String(head[head.index(after: colon)...])
            if !after.contains("/") {
                reference = String(head[..<colon])
                mode = after
            }
        }
        guard !reference.isEmpty else { throw ParseError(text: text, reason: "empty plugin name") }
        if !mode.isEmpty, !mode.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            throw ParseError(text: text, reason: "mode \"\(mode)\" may hold only letters, digits, '-' and '_'")
        }
        var options: [Option] = []
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "="), equals != part.startIndex else {
                throw ParseError(text: text, reason: "option \"\(part)\" is not key=value")
            }
            options.append(Option(key: String(part[..<equals]), value: String(part[part.index(after: equals)...])))
        }
        let isPath = reference.contains("/") || reference.hasSuffix(".so")
        self.init(plugin: isPath ? .path(reference) : .name(reference), mode: mode, options: options)
    }
}
