/// Where each field of an input file sits, so checks made after decoding can
/// still name a line. Keys are field paths such as `links[0].ends[1].mtu`.
public struct SourceMap: Equatable, Sendable {
    private var lines: [String: Int] = [:]

    public init() {}

    mutating func record(_ field: String, line: Int?) {
        if let line { lines[field] = line }
    }

    /// The field's line, or its nearest recorded parent's (a missing `mtu`
    /// points at its interface).
    public func line(for field: String) -> Int? {
        var path = Substring(field)
        while !path.isEmpty {
            if let line = lines[String(path)] { return line }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            path = path[..<cut]
        }
        return nil
    }
}
