/// One run of one cell in a schedule.
public struct ScheduledRun: Equatable, Sendable {
    /// Index into the cells the schedule was made for.
    public var cell: Int
    public var round: Int
    /// Warm-up runs prime caches, page tables and the CPU governor; their samples are dropped.
    public var isWarmup: Bool
}

/// The order in which cells run: every cell once per round, with alternate
/// rounds reversed (A B C, C B A, A B C …). Cells compared by a ratio therefore
/// run next to each other in time, and a linear drift of the machine (thermal,
/// a neighbour's load ramping up) adds the same to both sides of every pair of
/// rounds, so it cancels in the ratio instead of biasing it.
public struct InterleavedSchedule: Sendable {
    public var cellCount: Int
    public var warmupRounds: Int
    public var rounds: Int
    /// Shuffles the base order, so no cell is always first after a topology change.
    public var seed: UInt64

    public init(cellCount: Int, warmupRounds: Int, rounds: Int, seed: UInt64) {
        self.cellCount = cellCount
        self.warmupRounds = warmupRounds
        self.rounds = rounds
        self.seed = seed
    }

    /// The base order, shuffled once from the seed.
    public var baseOrder: [Int] {
        var generator = SeededGenerator(seed: seed)
        return Array(0..<cellCount).shuffled(using: &generator)
    }

    /// All runs, warm-up rounds first.
    public var runs: [ScheduledRun] {
        runs(forRounds: 0..<(warmupRounds + rounds))
    }

    /// The runs of the given rounds (rounds below `warmupRounds` are warm-up).
    /// Extra rounds for an inconclusive assertion continue the same alternation.
    public func runs(forRounds roundRange: Range<Int>, only cells: Set<Int>? = nil) -> [ScheduledRun] {
        let base = baseOrder
        var result: [ScheduledRun] = []
        for round in roundRange {
            let order = round.isMultiple(of: 2) ? base : base.reversed()
            for cell in order where cells?.contains(cell) ?? true {
                result.append(ScheduledRun(cell: cell, round: round, isWarmup: round < warmupRounds))
            }
        }
        return result
    }
}
