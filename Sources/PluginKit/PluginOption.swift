/// One `key=value` option a plugin declares; its help line goes into the
/// descriptor's `options_help` as `key=<value>: meaning`.
public struct PluginOption: Sendable, Equatable {
    public let key: String
    /// What the value looks like, e.g. `bytes` or `count`.
    public let value: String
    public let meaning: String

    public init(_ key: String, value: String, _ meaning: String) {
        self.key = key
        self.value = value
        self.meaning = meaning
    }

    var helpLine: String { "\(key)=<\(value)>: \(meaning)" }
}
