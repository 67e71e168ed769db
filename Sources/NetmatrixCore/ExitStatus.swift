/// netmatrix's process exit codes: the one table every command exits by, and
/// the source of every help text that lists them (`helpText`). Each code means
/// one thing, whichever command gives it.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Nothing under test failed. Skipped cells and inconclusive or unevaluated
    /// assertions are reported, not failed (`--strict` fails an inconclusive one).
    case success = 0
    /// The code under test failed: an assertion or a regression gate, or a cell's
    /// data path (wrong bytes, a plugin's error return, or a plugin worker that
    /// crashed, hung or exited before reporting). A crashing plugin is the code
    /// under test failing, not the harness.
    case assertionFailed = 1
    /// Bad input, refused before anything ran: a file, field or flag, or a plugin
    /// that cannot be loaded or described (ELF, symbol, ABI, descriptor, a crash
    /// while describing, a name clash) or lacks the role, mode or option asked of it.
    case badInput = 2
    /// The harness itself failed: a topology could not be built, a worker could not
    /// be spawned, enter its namespace or set up its socket, reports could not be written.
    case infrastructure = 3
    /// Nothing could run: every cell was skipped, each with its reason.
    case nothingRan = 4
    /// A gate had nothing to compare with: its baseline is missing, unreadable,
    /// of another schema, or shares no cell with the run.
    case noBaseline = 5

    /// A few words, for headlines: "the code under test failed".
    public var title: String {
        switch self {
        case .success: "success"
        case .assertionFailed: "the code under test failed"
        case .badInput: "bad input"
        case .infrastructure: "infrastructure failure"
        case .nothingRan: "nothing could run"
        case .noBaseline: "no usable baseline"
        }
    }

    /// The title and what it covers, for help texts and results.json.
    public var meaning: String {
        switch self {
        case .success: "\(title): nothing under test failed"
        case .assertionFailed:
            "\(title): an assertion, a regression or a data path (wrong bytes, a plugin error, a plugin worker that crashed, hung or exited early)"
        case .badInput:
            "\(title), refused before anything ran: a file, field, flag or plugin (unloadable, a name clash, or lacking the role, mode or option asked), or a build to compare with whose workers speak another protocol"
        case .infrastructure:
            "\(title): a topology could not be built, a worker could not be spawned or set up, or reports could not be written"
        case .nothingRan: "\(title): every cell was skipped (each skip says why)"
        case .noBaseline:
            "\(title): a gate's baseline is missing, unreadable, of another schema, or shares no cell with the run; or the build compared with measured no cell"
        }
    }

    /// The table as every command's help shows it, wrapped to 78 columns with a
    /// hanging indent (argument-parser would wrap long lines flush left).
    public static var helpText: String {
        var lines = ["Exit codes (the same for every command):"]
        for status in allCases {
            var line = "  \(status.rawValue) "
            for word in status.meaning.split(separator: " ") {
                if line.count + 1 + word.count > 78 {
                    lines.append(line)
                    line = "    "
                }
                line += " " + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The status of several outcomes together: the harness's failure outranks bad
    /// input, which outranks the code under test failing; skips and success come last.
    public static func worst(_ statuses: some Sequence<ExitStatus>) -> ExitStatus {
        statuses.max { $0.rank < $1.rank } ?? .success
    }

    private var rank: Int {
        switch self {
        case .success: 0
        case .nothingRan: 1
        case .noBaseline: 2
        case .assertionFailed: 3
        case .badInput: 4
        case .infrastructure: 5
        }
    }
}

/// An error that knows which exit code it stands for.
public protocol ExitCoded: Error {
    var exitStatus: ExitStatus { get }
}
