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
    public var optionKeys: [String] { declaredOptions.map(\.key) }

    /// What each key's value may be, from the placeholder in its `options_help`
    /// line (`key=<placeholder>: meaning`, the brackets optional); a line with no
    /// `: ` after its value declares the key only.
    public var optionValues: [String: DeclaredOptionValue] {
        var values: [String: DeclaredOptionValue] = [:]
        for option in declaredOptions {
            guard let placeholder = option.placeholder else { continue }
            values[option.key] = DeclaredOptionValue(placeholder: placeholder)
        }
        return values
    }

    /// The `options_help` lines that declare a key, in order: the one reading of
    /// that text the usage checks and `plugins list` share.
    public var declaredOptions: [DeclaredOption] {
        optionsHelp.split(whereSeparator: \.isNewline).compactMap { line in
            let text = line.drop { $0 == " " }
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
            let key = text[..<equals]
            guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
            guard let colon = text[equals...].range(of: ": ") else {
                return DeclaredOption(key: String(key), placeholder: nil, help: String(text[text.index(after: equals)...]).trimmingSpaces())
            }
            var placeholder = text[text.index(after: equals)..<colon.lowerBound]
            if placeholder.hasPrefix("<"), placeholder.hasSuffix(">") { placeholder = placeholder.dropFirst().dropLast() }
            return DeclaredOption(key: String(key), placeholder: String(placeholder), help: String(text[colon.upperBound...]).trimmingSpaces())
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

    /// Checks `spec` against the descriptor: the role, the mode, every option key,
    /// and every value whose placeholder says what it may be.
    public func checkUsage(of spec: PluginSpec, as role: WorkerRole) throws(PluginUsageError) {
        try checkRole(role, mode: spec.mode)
        let accepted = optionKeys
        for option in spec.options where !accepted.contains(option.key) {
            let known = accepted.isEmpty ? "it accepts no options" : "it accepts: \(accepted.joined(separator: ", "))"
            throw PluginUsageError(plugin: name, message: "unknown option '\(option.key)' (\(known); see its options_help)")
        }
        let declared = optionValues
        for option in spec.options {
            if let problem = declared[option.key]?.problem(with: option.value) {
                throw PluginUsageError(plugin: name, message: "option \(option.key)=\(option.value): expected \(problem) (see its options_help)")
            }
        }
    }
}

/// One key a plugin's `options_help` declares: `key=<placeholder>: help`.
public struct DeclaredOption: Codable, Equatable, Sendable {
    public var key: String
    /// What a value may be (`1..60000`, `auto|0|1`, `<name>`'s `name`); nil when the line has no `: `.
    public var placeholder: String?
    /// The meaning, or what follows `=` on a line without `: `; nil when that is empty.
    public var help: String?

    init(key: String, placeholder: String?, help: String) {
        self.key = key
        self.placeholder = placeholder
        self.help = help.isEmpty ? nil : help
    }
}

/// An option value's placeholder in `options_help`, as the host checks it:
/// `N..M` an integer in that range, `N..M bytes` a byte count (an optional K,
/// M or G: binary) in that range, `a|b|c` one of those words; other text is
/// for people, and the plugin checks it when it runs.
public enum DeclaredOptionValue: Equatable, Sendable {
    case integer(ClosedRange<Int>)
    case byteCount(ClosedRange<Int>)
    case choice([String])
    case unchecked

    public init(placeholder: String) {
        let isWord: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } }
        func range(_ text: Substring) -> ClosedRange<Int>? {
            let bounds = text.split(separator: ".", omittingEmptySubsequences: true)
            guard text.contains(".."), bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high else { return nil }
            return low...high
        }
        if placeholder.hasSuffix(" bytes"), let bytes = range(placeholder.dropLast(" bytes".count)) {
            self = .byteCount(bytes)
        } else if let integers = range(Substring(placeholder)) {
            self = .integer(integers)
        } else if placeholder.contains("|"), placeholder.split(separator: "|", omittingEmptySubsequences: false).allSatisfy(isWord) {
            self = .choice(placeholder.split(separator: "|").map(String.init))
        } else {
            self = .unchecked
        }
    }

    /// What `value` should have been, or nil when it fits.
    public func problem(with value: String) -> String? {
        switch self {
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else { return "an integer in \(range.lowerBound)...\(range.upperBound)" }
        case .byteCount(let range):
            guard let bytes = Self.byteCount(value), range.contains(bytes) else {
                return "a byte count (e.g. 65536, 64K, 1M) in \(range.lowerBound)...\(range.upperBound)"
            }
        case .choice(let words):
            guard words.contains(value) else { return "one of \(words.joined(separator: ", "))" }
        case .unchecked:
            break
        }
        return nil
    }

    /// Digits with an optional binary K, M or G, as PluginKit and the C option reader take them.
    static func byteCount(_ text: String) -> Int? {
        let scales: [Character: Int] = ["K": 1 << 10, "k": 1 << 10, "M": 1 << 20, "m": 1 << 20, "G": 1 << 30, "g": 1 << 30]
        var digits = Substring(text)
        var scale = 1
        if let last = digits.last, let factor = scales[last] {
            scale = factor
            digits = digits.dropLast()
        }
        guard let number = Int(digits) else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: scale)
        return overflow ? nil : value
    }
}
