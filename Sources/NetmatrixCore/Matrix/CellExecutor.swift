/// Why a cell cannot run here, or why one of its samples failed.
public struct CellProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// A privilege or kernel feature is missing: the cell is skipped.
        case unsupported
        /// The data path misbehaved: wrong bytes, a plugin error.
        case dataPath
        /// The harness failed: a worker crashed or hung, a topology could not be built.
        case infrastructure
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
