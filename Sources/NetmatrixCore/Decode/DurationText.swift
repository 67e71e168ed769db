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
