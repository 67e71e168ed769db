/// Why a cell cannot run here, or why one of its samples failed.
public struct CellProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// A privilege or kernel feature is missing: the cell is skipped.
        case unsupported
        /// The code under test failed: wrong bytes, a plugin error, a plugin worker
        /// that crashed, hung or exited before reporting.
        case dataPath
        /// A plugin was refused where it ran, past the plan's checks (e.g. its file changed).
        case refused
        /// The harness failed: a topology could not be built, a worker could not be spawned or set up.
        case infrastructure

        /// Its code in the exit-code table.
        public var exitStatus: ExitStatus {
            switch self {
            case .unsupported: .nothingRan
            case .dataPath: .assertionFailed
            case .refused: .badInput
            case .infrastructure: .infrastructure
            }
        }

        /// The kind of a failure that stands for `status` (one table, read backwards).
        public static func failing(_ status: ExitStatus) -> Kind {
            switch status {
            case .badInput: .refused
            // No cell fails for want of a baseline; should one say so, it is the harness's.
            case .infrastructure, .noBaseline: .infrastructure
            case .nothingRan: .unsupported
            case .success, .assertionFailed: .dataPath
            }
        }
    }

    public var kind: Kind
    /// One line, e.g. "receiver worker killed by SIGSEGV".
    public var reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }
}

/// What runs a cell. The matrix runner decides what runs when; an executor
/// builds topologies and supervises workers (or, in tests, simulates them).
public protocol CellExecutor {
    /// nil if the cell can run here, else why not (kind `.unsupported`).
    func readiness(of cell: MatrixCell) -> CellProblem?
    /// Runs one sample of one cell.
    func sample(_ cell: MatrixCell, round: Int) throws(CellProblem) -> CellSample
}
