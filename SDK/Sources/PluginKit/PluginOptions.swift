/// The parsed `nm_context.options` string, `key=value,key=value`, checked
/// against the keys the plugin declares.
public struct PluginOptions: Sendable, Equatable {
    /// The values given, by key; absent keys take the plugin's defaults.
    public let values: [String: String]
    /// What each declared key's value may be: the ranges `integer` and
    /// `byteCount` check when the caller names none.
    let declared: [String: PluginOptionValue]

    public init(parsing text: String, declared: [PluginOption]) throws(PluginError) {
        let known = declared.map(\.key)
        var values: [String: String] = [:]
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let field = item.trimmingSpaces
            guard !field.isEmpty else { continue }
            guard let equals = field.firstIndex(of: "=") else {
                throw .malformedOptions("'\(field)' is not key=value")
            }
            let key = String(field[..<equals]).trimmingSpaces
            let value = String(field[field.index(after: equals)...]).trimmingSpaces
            guard known.contains(key) else { throw .unknownOption(key: key, known: known) }
            guard values[key] == nil else { throw .malformedOptions("'\(key)' given twice") }
            values[key] = value
        }
        self.values = values
        self.declared = Dictionary(declared.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    public func string(_ key: String) -> String? { values[key] }

    /// A decimal integer within `range`.
    public func integer(_ key: String, default fallback: Int, in explicitRange: ClosedRange<Int>? = nil) throws(PluginError) -> Int {
        guard let text = values[key] else { return fallback }
        let range = explicitRange ?? declaredRange(key)
        guard let value = Int(text), range.contains(value) else {
            throw .invalidOptionValue(key: key, value: text, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A byte count: an integer with an optional binary suffix K, M or G (`256K` is 262144).
    public func byteCount(_ key: String, default fallback: Int, in explicitRange: ClosedRange<Int>? = nil) throws(PluginError) -> Int {
        guard let text = values[key] else { return fallback }
        let range = explicitRange ?? declaredRange(key)
        let multipliers: [Character: Int] = ["K": 1 << 10, "k": 1 << 10, "M": 1 << 20, "m": 1 << 20, "G": 1 << 30, "g": 1 << 30]
        var digits = Substring(text)
        var multiplier = 1
        if let last = digits.last, let scale = multipliers[last] {
            multiplier = scale
            digits = digits.dropLast()
        }
        guard let number = Int(digits) else {
            throw .invalidOptionValue(key: key, value: text, expected: "a byte count like 65536, 64K or 1M")
        }
        let (value, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow, range.contains(value) else {
            throw .invalidOptionValue(key: key, value: text, expected: "a byte count in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// `1/0`, `true/false`, `yes/no`, `on/off`.
    public func flag(_ key: String, default fallback: Bool) throws(PluginError) -> Bool {
        guard let text = values[key] else { return fallback }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw .invalidOptionValue(key: key, value: text, expected: "1/0, true/false, yes/no or on/off")
        }
    }
}

extension PluginOptions {
    /// The range the plugin declared for `key` (`.integer` or `.byteCount`), else any non-negative value.
    func declaredRange(_ key: String) -> ClosedRange<Int> {
        switch declared[key] {
        case .integer(let range)?, .byteCount(let range)?: range
        default: 0...Int.max
        }
    }

    /// One of the words the plugin declared for `key` (`.choice`), or `fallback` when absent.
    public func choice(_ key: String, default fallback: String) throws(PluginError) -> String {
        guard let text = values[key] else { return fallback }
        guard case .choice(let words)? = declared[key] else { return text }
        guard words.contains(text) else {
            throw .invalidOptionValue(key: key, value: text, expected: "one of \(words.joined(separator: ", "))")
        }
        return text
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
