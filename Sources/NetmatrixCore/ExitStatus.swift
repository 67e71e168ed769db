/// netmatrix's process exit codes. Each means one thing; README and `--help` list them.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// No assertion failed and no cell failed (skipped cells and inconclusive
    /// assertions are reported, not failed, unless `--strict`).
    case success = 0
    /// An assertion or a regression gate failed (or a cell's data path failed).
    case assertionFailed = 1
    /// Bad input: a file, field, flag or plugin was refused before anything ran.
    case badInput = 2
    /// Infrastructure failure: a topology could not be built, a worker crashed.
    case infrastructure = 3
    /// Nothing could run: every cell was skipped (missing privilege or kernel feature).
    case nothingRan = 4

    public var meaning: String {
        switch self {
        case .success: "no assertion failed and no cell failed"
        case .assertionFailed: "an assertion, regression gate or data-path check failed"
        case .badInput: "bad input: a file, field, flag or plugin was refused before anything ran"
        case .infrastructure: "infrastructure failure: a topology could not be built or a worker crashed"
        case .nothingRan: "nothing could run: missing privilege or kernel feature (each skip says why)"
        }
    }
}

/// An error that knows which exit code it stands for.
public protocol ExitCoded: Error {
    var exitStatus: ExitStatus { get }
}
