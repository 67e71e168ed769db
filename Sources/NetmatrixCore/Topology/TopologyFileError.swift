/// One thing wrong with a topology, located in its file.
///
/// Reads `FILE:LINE: FIELD: reason`, e.g.
/// `Netns/veth.yaml:12: links[0].ends[1].mtu: 70000 is outside 68...65535`.
public struct TopologyProblem: Equatable, Sendable {
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
    public func message(path: String) -> String {
        if let line { "\(path):\(line): \(field): \(reason)" } else { "\(path): \(field): \(reason)" }
    }
}

/// A topology file that could not be read, parsed or validated; nothing was created.
///
/// Carries every problem found, not only the first, so one edit fixes them all.
public struct TopologyFileError: Error, ExitCoded, CustomStringConvertible, Equatable, Sendable {
    /// The file's path as given, or `<code>` for a spec built in code.
    public var path: String
    /// In file order as far as the checks can tell; never empty.
    public var problems: [TopologyProblem]

    public init(path: String, problems: [TopologyProblem]) {
        self.path = path
        self.problems = problems
    }

    public var exitStatus: ExitStatus { .badInput }

    /// One `FILE:LINE: FIELD: reason` line per problem.
    public var messages: [String] { problems.map { $0.message(path: path) } }

    public var description: String { messages.joined(separator: "\n") }
}
