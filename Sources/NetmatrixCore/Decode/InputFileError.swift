/// An input file (topology or matrix) that could not be read, parsed or
/// validated; nothing was created or run.
///
/// Carries every problem found, not only the first, so one edit fixes them all.
public struct InputFileError: Error, ExitCoded, CustomStringConvertible, Equatable, Sendable {
    /// The file's path as given, or `<code>` for a spec built in code.
    public var path: String
    /// In file order as far as the checks can tell; never empty.
    public var problems: [FileProblem]

    public init(path: String, problems: [FileProblem]) {
        self.path = path
        self.problems = problems
    }

    public var exitStatus: ExitStatus { .badInput }

    /// One `FILE:LINE: FIELD: reason` line per problem.
    public var messages: [String] { problems.map { $0.message(path: path) } }

    public var description: String { messages.joined(separator: "\n") }
}
