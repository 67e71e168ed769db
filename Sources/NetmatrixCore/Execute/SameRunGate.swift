/// The same-run form of the gate: each cell runs with this build's workers and
/// with another build's, back to back in a random order (`PairedSchedule`), on
/// the same topology, and the two are compared with `GateComparison`. A
/// comparison that stays "unknown" earns `sampling.stepRounds` more rounds of
/// its cell, up to `sampling.maximumRounds`, before its verdict stands.
public struct SameRunGate {
    public var cells: [MatrixCell]
    public var warmupRounds: Int
    public var sampling: AdaptiveSampling
    public var seed: UInt64
    public var comparison: GateComparison

    public init(cells: [MatrixCell], warmupRounds: Int, sampling: AdaptiveSampling, seed: UInt64, comparison: GateComparison) {
        self.cells = cells
        self.warmupRounds = warmupRounds
        self.sampling = sampling
        self.seed = seed
        self.comparison = comparison
    }

    /// Progress as each sample starts.
    public struct Progress: Sendable {
        public var cell: MatrixCell
        public var side: BuildSide
        public var index: Int
        public var planned: Int
        /// The most there can be, should every cell stay unknown to the end.
        public var maximum: Int
        public var isWarmup: Bool
    }

    public struct Outcome: Sendable {
        public var records: [GateRecord]
        /// Cells that could not be compared: skipped, or a sample that failed on one side.
        public var problems: [GateProblem]
        /// Rounds measured per cell id (both sides the same).
        public var rounds: [String: Int]
    }

    public func run(now: some CellExecutor, before: some CellExecutor, progress: (Progress) -> Void = { _ in }) -> Outcome {
        var problems: [String: GateProblem] = [:]
        for cell in cells {
            if let problem = now.readiness(of: cell) {
                problems[cell.id] = GateProblem(cell: cell.id, side: nil, problem: problem)
            } else if let problem = before.readiness(of: cell) {
                problems[cell.id] = GateProblem(cell: cell.id, side: .before, problem: problem)
            }
        }
        let runnable = cells.filter { problems[$0.id] == nil }
        let schedule = PairedSchedule(cellCount: runnable.count, warmupRounds: warmupRounds, rounds: sampling.initialRounds, seed: seed)
        var samples: [BuildSide: [String: [CellSample]]] = [.now: [:], .before: [:]]
        var rounds = Dictionary(uniqueKeysWithValues: runnable.map { ($0.id, sampling.initialRounds) })
        var planned = schedule.runs
        var position = 0
        func maximum() -> Int {
            planned.count + runnable.reduce(0) { $0 + 2 * max(0, sampling.maximumRounds - (rounds[$1.id] ?? 0)) }
        }
        func execute(_ runs: [PairedRun]) {
            for run in runs {
                let cell = runnable[run.cell]
                position += 1
                guard problems[cell.id] == nil else { continue }
                progress(Progress(cell: cell, side: run.side, index: position, planned: planned.count, maximum: maximum(), isWarmup: run.isWarmup))
                do throws(CellProblem) {
                    let sample = try run.side == .now ? now.sample(cell, round: run.round) : before.sample(cell, round: run.round)
                    if !run.isWarmup { samples[run.side, default: [:]][cell.id, default: []].append(sample) }
                } catch {
                    problems[cell.id] = GateProblem(cell: cell.id, side: run.side, problem: error)
                }
            }
        }
        func compare() -> [GateRecord] {
            let failed = Set(problems.keys)
            return comparison.compare(
                now: (samples[.now] ?? [:]).filter { !failed.contains($0.key) },
                before: (samples[.before] ?? [:]).filter { !failed.contains($0.key) }
            ).records
        }

        execute(planned)
        var records = compare()
        var round = warmupRounds + sampling.initialRounds
        while true {
            let unknown = Set(records.filter { $0.verdict == .unknown }.map(\.cell))
            // Each unknown cell's allowance; the smallest is the step, so no cell runs past its budget.
            var allowance: [Int: Int] = [:]
            for (index, cell) in runnable.enumerated() where unknown.contains(cell.id) {
                let more = sampling.additionalRounds(verdict: .inconclusive, roundsSoFar: rounds[cell.id] ?? 0)
                if more > 0 { allowance[index] = more }
            }
            guard let step = allowance.values.min() else { break }
            let more = Set(allowance.keys)
            let extra = schedule.runs(forRounds: round..<(round + step), only: more)
            for index in more { rounds[runnable[index].id, default: 0] += step }
            round += step
            planned += extra
            execute(extra)
            records = compare()
        }
        let measured = rounds.filter { problems[$0.key] == nil }
        return Outcome(records: records, problems: cells.compactMap { problems[$0.id] }, rounds: measured)
    }
}
