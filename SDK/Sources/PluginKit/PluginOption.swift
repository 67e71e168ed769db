/// One `key=value` option a plugin declares; its help line goes into the
/// descriptor's `options_help` as `key=<value>: meaning`, where the value
/// placeholder tells the host what to check before anything runs (see
/// `PluginOptionValue`).
public struct PluginOption: Sendable, Equatable {
    public let key: String
    public let value: PluginOptionValue
    public let meaning: String

    public init(_ key: String, _ value: PluginOptionValue, _ meaning: String) {
        self.key = key
        self.value = value
        self.meaning = meaning
    }

    var helpLine: String { "\(key)=<\(value.placeholder)>: \(meaning)" }
}

/// What an option's value may be. The placeholder is the contract the host
/// reads from `options_help`: `N..M` an integer in that range, `N..M bytes` a
/// byte count (with an optional K, M or G) in that range, `a|b|c` one of those
/// words; any other text is described to people but checked only by the plugin.
public enum PluginOptionValue: Sendable, Equatable {
    case integer(ClosedRange<Int>)
    case byteCount(ClosedRange<Int>)
    case choice([String])
    case text(String)

    public var placeholder: String {
        switch self {
        case .integer(let range): "\(range.lowerBound)..\(range.upperBound)"
        case .byteCount(let range): "\(range.lowerBound)..\(range.upperBound) bytes"
        case .choice(let words): words.joined(separator: "|")
        case .text(let text): text
        }
    }
}

extension PluginOption {
    /// A value described in words only, e.g. `text`: the plugin checks it.
    public init(_ key: String, value: String, _ meaning: String) {
        self.init(key, .text(value), meaning)
    }
}
