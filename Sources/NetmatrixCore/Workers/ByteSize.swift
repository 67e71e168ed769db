/// A byte count as people write it: `65536`, `64K`, `4M`, `1G` (binary multiples:
/// K = 1024). Also `64KiB`/`64KB`, read the same way.
public struct ByteSize: Equatable, Sendable, CustomStringConvertible {
    public var bytes: UInt64

    public init(bytes: UInt64) {
        self.bytes = bytes
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible, ExitCoded {
        public var text: String
        public var description: String { "size \"\(text)\": expected a number with an optional K, M or G suffix, e.g. 64K" }
        public var exitStatus: ExitStatus { .badInput }
    }

    public init(parsing text: String) throws(ParseError) {
        var digits = Substring(text.trimmingSpaces())
        var multiplier: UInt64 = 1
        for suffix in ["iB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
            digits = digits.dropLast(suffix.count)
            break
        }
        switch digits.last {
        case "K", "k": multiplier = 1 << 10
        case "M", "m": multiplier = 1 << 20
        case "G", "g": multiplier = 1 << 30
        default: break
        }
        if multiplier != 1 { digits = digits.dropLast() }
        guard let value = UInt64(digits), value > 0, value <= UInt64.max / multiplier else { throw ParseError(text: text) }
        bytes = value * multiplier
    }

    public var description: String {
        for (suffix, shift) in [("G", 30), ("M", 20), ("K", 10)] where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(suffix)"
        }
        return "\(bytes)"
    }
}

/// A duration as people write it: `3s`, `500ms`, `2m`, or plain seconds `1.5`.
public struct DurationText: Equatable, Sendable, CustomStringConvertible {
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible, ExitCoded {
        public var text: String
        public var description: String { "duration \"\(text)\": expected e.g. 3s, 500ms or 2m" }
        public var exitStatus: ExitStatus { .badInput }
    }

    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingSpaces()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        var scale = 1.0
        var number = Substring(trimmed)
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value > 0, value.isFinite else { throw ParseError(text: text) }
        seconds = value * scale
    }

    public var description: String { seconds < 1 ? "\(Int((seconds * 1000).rounded()))ms" : "\(seconds)s" }
}
