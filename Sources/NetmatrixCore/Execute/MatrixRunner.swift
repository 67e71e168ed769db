/// Runs a matrix: warm-up, interleaved rounds, assertions, and more rounds for
/// the cells behind an inconclusive assertion until it is decided or the
/// sampling budget is spent.
public struct MatrixRunner {
    public var spec: MatrixSpec
    public var seed: UInt64
    /// Only cells whose id contains one of these run (empty: all).
    public var filters: [String]
    public var evaluator: AssertionEvaluator

    public init(spec: MatrixSpec, seed: UInt64, filters: [String] = [], evaluator: AssertionEvaluator? = nil) {
        self.spec = spec
        self.seed = seed
        self.filters = filters
        self.evaluator = evaluator ?? AssertionEvaluator(bootstrap: RatioBootstrap(seed: seed))
    }

    /// Progress as each sample starts: the cell, its position among the runs
    /// planned so far, how many are planned, and the most there can be: the
    /// rounds an inconclusive assertion may still earn, up to the sampling budget.
    public struct Progress: Sendable {
        public var cell: MatrixCell
        public var index: Int
        public var planned: Int
        /// planned ≤ maximum; equal once no assertion can earn more rounds.
        public var maximum: Int
        public var isWarmup: Bool
    }

    /// The cells this run selects.
    public var selectedCells: [MatrixCell] {
        let all = spec.cells
        guard !filters.isEmpty else { return all }
        return all.filter { cell in filters.contains { cell.id.contains($0) } }
    }

    public func run(
        with executor: some CellExecutor, memoryCopyBytesPerSecond: Double? = nil,
        offloadsReadBack: (MatrixCell) -> [String: String] = { _ in [:] },
        progress: (Progress) -> Void = { _ in }
    ) -> MatrixOutcome {
        let cells = selectedCells
        var problems: [String: CellProblem] = [:]
        for cell in cells {
            if let problem = executor.readiness(of: cell) { problems[cell.id] = problem }
        }
        let runnable = cells.indices.filter { problems[cells[$0].id] == nil }
        let schedule = InterleavedSchedule(
            cellCount: runnable.count, warmupRounds: spec.warmupRounds, rounds: spec.sampling.initialRounds, seed: seed)

        var samples: [String: [CellSample]] = [:]
        var planned = schedule.runs
        var position = 0
        var rounds = spec.sampling.initialRounds
        // Only cells some assertion compares can earn more rounds, one run per round each.
        let compared = spec.assertions.reduce(into: Set<String>()) { $0.formUnion($1.involvedCells(in: cells).map(\.id)) }
        let mayEarnRounds = runnable.filter { compared.contains(cells[$0].id) }.count
        func maximum() -> Int { planned.count + max(0, spec.sampling.maximumRounds - rounds) * mayEarnRounds }

        func execute(_ runs: [ScheduledRun]) {
            for run in runs {
                let cell = cells[runnable[run.cell]]
                position += 1
                guard problems[cell.id] == nil else { continue }
                progress(Progress(cell: cell, index: position, planned: planned.count, maximum: maximum(), isWarmup: run.isWarmup))
                do {
                    let sample = try executor.sample(cell, round: run.round)
                    if !run.isWarmup { samples[cell.id, default: []].append(sample) }
                } catch {
                    problems[cell.id] = error
                }
            }
        }

        execute(planned)
        var outcomes = evaluateAll(cells: cells, samples: samples, problems: problems)
        while true {
            let open = outcomes.filter { $0.record.verdict == .inconclusive && $0.record.interval != nil }
            let more = spec.sampling.additionalRounds(verdict: open.isEmpty ? .pass : .inconclusive, roundsSoFar: rounds)
            guard more > 0 else { break }
            let wanted = Set(open.flatMap { [$0.numeratorCell, $0.denominatorCell] }.filter { !$0.isEmpty })
            let members = Set(runnable.indices.filter { wanted.contains(cells[runnable[$0]].id) })
            let firstRound = spec.warmupRounds + rounds
            let extra = schedule.runs(forRounds: firstRound..<(firstRound + more), only: members)
            planned += extra
            rounds += more
            execute(extra)
            outcomes = evaluateAll(cells: cells, samples: samples, problems: problems)
        }

        return MatrixOutcome(
            cells: cells, samples: samples, problems: problems, assertions: outcomes.map(\.record),
            memoryCopyBytesPerSecond: memoryCopyBytesPerSecond, bootstrap: evaluator.bootstrap, offloadsReadBack: offloadsReadBack)
    }

    private func evaluateAll(
        cells: [MatrixCell], samples: [String: [CellSample]], problems: [String: CellProblem]
    ) -> [AssertionEvaluator.Outcome] {
        let reasons = problems.mapValues { "\($0.kind == .unsupported ? "skipped" : "failed"): \($0.reason)" }
        return spec.assertions.flatMap {
            evaluator.evaluate($0, cells: cells, samples: samples, problems: reasons)
        }
    }
}
