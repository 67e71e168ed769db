/// Which build a run of a same-run gate uses: this one ("now") or the one it is
/// compared against ("before").
public enum BuildSide: String, Sendable, Codable, CaseIterable {
    case now, before
}

/// One run of one cell with one build.
public struct PairedRun: Equatable, Sendable {
    public var cell: Int
    public var side: BuildSide
    public var round: Int
    public var isWarmup: Bool
}

/// The order of a same-run gate: every round runs each cell with both builds
/// back to back, and the cells in `InterleavedSchedule`'s alternating order.
/// Each two rounds of a cell are A B then B A, or B A then A B, by a coin from
/// the seed: each build goes first equally often, so whatever being first or
/// second does (a warm cache, a drift within the pair) adds the same to both
/// sides, and a random start keeps the order from lining up with anything
/// periodic on the machine.
public struct PairedSchedule: Sendable {
    public var cells: InterleavedSchedule

    public init(cellCount: Int, warmupRounds: Int, rounds: Int, seed: UInt64) {
        cells = InterleavedSchedule(cellCount: cellCount, warmupRounds: warmupRounds, rounds: rounds, seed: seed)
    }

    public var runs: [PairedRun] { runs(forRounds: 0..<(cells.warmupRounds + cells.rounds)) }

    public func runs(forRounds rounds: Range<Int>, only members: Set<Int>? = nil) -> [PairedRun] {
        cells.runs(forRounds: rounds, only: members).flatMap { run -> [PairedRun] in
            let sides: [BuildSide] = nowFirst(cell: run.cell, round: run.round) ? [.now, .before] : [.before, .now]
            return sides.map { PairedRun(cell: run.cell, side: $0, round: run.round, isWarmup: run.isWarmup) }
        }
    }

    /// A coin per cell and pair of measured rounds (warm-up rounds each a coin
    /// of their own), the second round of a pair the first reversed; the same
    /// however the rounds are asked for. Extra rounds keep the pairs when they
    /// come in even steps.
    func nowFirst(cell: Int, round: Int) -> Bool {
        let measured = round - cells.warmupRounds
        let block = measured < 0 ? UInt64(truncatingIfNeeded: round) | 1 << 40 : UInt64(measured / 2)
        var generator = SeededGenerator(seed: cells.seed ^ (block &* 0x9E37_79B9) ^ (UInt64(truncatingIfNeeded: cell) << 32))
        let coin = generator.next() & 1 == 0
        return measured < 0 ? coin : coin == measured.isMultiple(of: 2)
    }
}
