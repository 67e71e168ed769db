/// What a matrix run found: each cell's record (its samples summarised, or why
/// it failed or was skipped), each assertion's verdict, and the exit status they
/// add up to. The same for `run` (one cell) and `matrix`.
public struct MatrixOutcome: Sendable {
    public var cells: [CellRecord]
    public var assertions: [AssertionRecord]
    public var exitStatus: ExitStatus

    init(
        cells: [MatrixCell], samples: [String: [CellSample]], problems: [String: CellProblem], assertions: [AssertionRecord],
        memoryCopyBytesPerSecond: Double?, bootstrap: RatioBootstrap, offloadsReadBack: (MatrixCell) -> [String: String]
    ) {
        let records = cells.map { cell in
            Self.record(
                for: cell, samples: samples[cell.id] ?? [], problem: problems[cell.id],
                memoryCopyBytesPerSecond: memoryCopyBytesPerSecond, bootstrap: bootstrap, offloadsReadBack: offloadsReadBack(cell))
        }
        self.cells = records
        self.assertions = assertions
        exitStatus = Self.exitStatus(cells: records, problems: problems, assertions: assertions)
    }

    /// The exit status under `--strict`, which fails an inconclusive assertion.
    public func exitStatus(strict: Bool) -> ExitStatus {
        guard strict, exitStatus == .success, assertions.contains(where: { $0.verdict == .inconclusive }) else {
            return exitStatus
        }
        return .assertionFailed
    }

    static func record(
        for cell: MatrixCell, samples: [CellSample], problem: CellProblem?, memoryCopyBytesPerSecond: Double?,
        bootstrap: RatioBootstrap, offloadsReadBack: [String: String]
    ) -> CellRecord {
        let status: CellRecord.Status =
            switch problem?.kind {
            case nil: .passed
            case .unsupported: .skipped
            case .dataPath, .refused, .infrastructure: .failed
            }
        return CellRecord(
            id: cell.id, topology: cell[.topology], transport: cell[.transport], sender: cell[.send],
            receiver: cell[.receive], wire: cell[.wire] == "none" ? nil : cell[.wire], messageSize: cell.messageSize,
            mtu: Int(cell[.mtu]), offloads: cell[.offloads], flows: Int(cell[.flows]) ?? 1, cpus: cell[.cpus], status: status,
            reason: problem?.reason, offloadsReadBack: offloadsReadBack, samples: samples,
            summary: status == .passed ? CellSummary(samples: samples, memoryCopyBytesPerSecond: memoryCopyBytesPerSecond, bootstrap: bootstrap) : nil)
    }

    /// Nothing ran: 4. Otherwise the worst of the cells' problems and the
    /// assertions (a failed one is 1), as `ExitStatus.worst` ranks them; an
    /// inconclusive or unevaluated assertion is reported, not failed.
    static func exitStatus(
        cells: [CellRecord], problems: [String: CellProblem], assertions: [AssertionRecord]
    ) -> ExitStatus {
        guard cells.contains(where: { $0.status != .skipped }) else { return .nothingRan }
        let failures = problems.values.map(\.kind.exitStatus).filter { $0 != .nothingRan }
        return ExitStatus.worst(failures + (assertions.contains { $0.verdict == .fail } ? [.assertionFailed] : []))
    }
}
