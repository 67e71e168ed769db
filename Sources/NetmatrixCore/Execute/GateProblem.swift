/// A cell a gate could not compare, and why: skipped here, or a sample that
/// failed with one build (`side`; nil when neither could run it).
public struct GateProblem: Equatable, Sendable, Codable {
    public var cell: String
    public var side: BuildSide?
    public var kind: CellProblem.Kind
    public var reason: String

    public init(cell: String, side: BuildSide?, problem: CellProblem) {
        self.cell = cell
        self.side = side
        kind = problem.kind
        reason = problem.reason
    }

    /// "failed" or "skipped", as the reports show it.
    public var label: String { kind == .unsupported ? "skipped" : "failed" }

    /// "with the before build: receiver worker killed by SIGSEGV".
    public var text: String { (side.map { "with the \($0.rawValue) build: " } ?? "") + reason }

    /// Its code in the exit-code table: a failure of the code under test counts
    /// only when this build failed; the other build failing leaves nothing to
    /// compare the cell with.
    public var exitStatus: ExitStatus {
        switch (kind, side) {
        case (.dataPath, .now?): .assertionFailed
        case (.dataPath, _): .noBaseline
        case (.unsupported, _): .nothingRan
        case (.refused, _): .badInput
        case (.infrastructure, _): .infrastructure
        }
    }
}
