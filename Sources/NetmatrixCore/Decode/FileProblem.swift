/// One thing wrong with an input file (a topology or a matrix), located in it.
///
/// Reads `FILE:LINE: FIELD: reason`, e.g.
/// `Netns/veth.yaml:12: links[0].ends[1].mtu: 70000 is outside 68...65535`.
public struct FileProblem: Error, Equatable, Sendable {
    /// 1-based line in the file; nil when the problem has no place (unreadable file, spec built in code).
    public var line: Int?
    /// The field's path from the document root, e.g. `links[0].ends[1].addresses[0]`.
    public var field: String
    public var reason: String

    public init(line: Int?, field: String, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// The one-line message for a file at `path`.
    public func message(path: String) -> String { "\(Self.place(path: path, line: line, field: field)): \(reason)" }

    /// `FILE:LINE: FIELD`, or `FILE: FIELD` without a line.
    public static func place(path: String, line: Int?, field: String) -> String {
        if let line { "\(path):\(line): \(field)" } else { "\(path): \(field)" }
    }
}
