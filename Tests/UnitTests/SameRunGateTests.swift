@testable import NetmatrixCore
import Testing

/// One build of a simulated same-run gate: each cell's true goodput, times this
/// build's factor for it, times a drift of the machine both builds share (it
/// depends on how many samples ran before, whichever build ran them), with
/// seeded noise.
final class SimulatedBuild: CellExecutor {
    let machine: SimulatedMachine
    var factor: [String: Double] = [:]
    var failing: [String: CellProblem] = [:]
    var unsupported: [String: String] = [:]
    private(set) var executed: [(cell: String, round: Int)] = []

    init(_ machine: SimulatedMachine) {
        self.machine = machine
    }

    func readiness(of cell: MatrixCell) -> CellProblem? {
        unsupported[cell[.topology]].map { CellProblem(.unsupported, $0) }
    }

    func sample(_ cell: MatrixCell, round: Int) throws(CellProblem) -> CellSample {
        executed.append((cell.id, round))
        if let problem = failing[cell[.topology]] { throw problem }
        let goodput = machine.next(truth: machine.truth[cell[.topology]] ?? 10e9) / (factor[cell[.topology]] ?? 1)
        return CellSample(
            round: round, seconds: 0.3, bytes: UInt64(goodput * 0.3 / 8), goodputBitsPerSecond: goodput,
            senderCPU: CPUTime(user: 0.01, system: 0.1), receiverCPU: CPUTime(user: 0.01, system: 0.1),
            serviceDemandMicrosPerMB: 4e12 / goodput)
    }
}

/// What both builds of a simulated gate run on.
final class SimulatedMachine {
    let truth: [String: Double]
    let noise: Double
    /// Relative change of the machine's speed per sample run (a neighbour's load ramping up).
    let drift: Double
    private var generator: SeededGenerator
    private var samples = 0

    init(truth: [String: Double], noise: Double, drift: Double = 0, seed: UInt64) {
        self.truth = truth
        self.noise = noise
        self.drift = drift
        generator = SeededGenerator(seed: seed)
    }

    func next(truth: Double) -> Double {
        samples += 1
        let jitter = 1 + noise * (Double(generator.next() % 2001) / 1000 - 1)
        return truth * jitter * (1 - drift * Double(samples))
    }
}

@Suite("Same-run gate on simulated builds")
struct SameRunGateTests {
    static let cells = [
        MatrixCell(values: [.topology: "loopback", .send: "copy", .receive: "copy", .size: "64K"]),
        MatrixCell(values: [.topology: "veth", .send: "copy", .receive: "copy", .size: "64K"]),
    ]

    static func gate(seed: UInt64, sampling: AdaptiveSampling = AdaptiveSampling(initialRounds: 8, stepRounds: 4, maximumRounds: 16))
        -> SameRunGate
    {
        SameRunGate(
            cells: cells, warmupRounds: 1, sampling: sampling, seed: seed,
            comparison: GateComparison())
    }

    /// The exit status the gate's report gives this outcome.
    static func status(_ outcome: SameRunGate.Outcome, strict: Bool = false) -> Int32 {
        GateReport(
            before: "b", now: "n", tolerance: 0.05, normalization: nil, records: outcome.records, unmatched: [],
            problems: outcome.problems, strict: strict
        ).exitStatus
    }

    static func verdicts(_ outcome: SameRunGate.Outcome, cell: String) -> Set<ChangeVerdict> {
        Set(outcome.records.filter { $0.cell.hasPrefix(cell) }.map(\.verdict))
    }

    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func unchangedCodeIsNeverFlaggedEvenWhileTheMachineDrifts(seed: UInt64) {
        // 3% noise and a machine losing 40% of its speed over the run: pairing cancels the drift.
        let machine = SimulatedMachine(truth: ["loopback": 30e9, "veth": 15e9], noise: 0.03, drift: 0.004, seed: seed)
        let outcome = Self.gate(seed: seed).run(now: SimulatedBuild(machine), before: SimulatedBuild(machine))
        #expect(outcome.records.count == 4)
        #expect(outcome.records.allSatisfy { $0.verdict == .unchanged || $0.verdict == .unknown }, "\(outcome.records.map(\.outcome.reason))")
        #expect(outcome.problems.isEmpty)
    }

    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func aTenPercentSlowerCellIsCaughtAndTheOtherIsNot(seed: UInt64) {
        let machine = SimulatedMachine(truth: ["loopback": 30e9, "veth": 15e9], noise: 0.03, drift: 0.004, seed: seed)
        let now = SimulatedBuild(machine)
        now.factor["veth"] = 1.1
        let outcome = Self.gate(seed: seed).run(now: now, before: SimulatedBuild(machine))
        #expect(Self.verdicts(outcome, cell: "veth") == [.regressed], "\(outcome.records.map(\.outcome.reason))")
        #expect(!Self.verdicts(outcome, cell: "loopback").contains(.regressed))
        #expect(Self.status(outcome) == ExitStatus.assertionFailed.rawValue)
    }

    @Test func aFasterCellIsImprovedAndPasses() {
        let machine = SimulatedMachine(truth: ["loopback": 30e9, "veth": 15e9], noise: 0.02, seed: 11)
        let now = SimulatedBuild(machine)
        now.factor["loopback"] = 0.8
        let outcome = Self.gate(seed: 11).run(now: now, before: SimulatedBuild(machine))
        #expect(Self.verdicts(outcome, cell: "loopback") == [.improved])
        #expect(Self.status(outcome) == ExitStatus.success.rawValue)
    }

    @Test func anUnknownCellEarnsPairedRoundsUpToTheBudgetAndADecidedOneStops() {
        // veth: a 2% change under 8% noise cannot be decided in 16 rounds; loopback: decided at once.
        let machine = SimulatedMachine(truth: ["loopback": 30e9, "veth": 15e9], noise: 0.08, seed: 3)
        let now = SimulatedBuild(machine)
        let before = SimulatedBuild(machine)
        now.factor["veth"] = 1.02
        let outcome = Self.gate(seed: 3).run(now: now, before: before)
        #expect(Self.verdicts(outcome, cell: "veth").contains(.unknown))
        #expect(outcome.rounds[Self.cells[1].id] == 16)
        #expect(now.executed.filter { $0.cell == Self.cells[1].id }.count == 1 + 16)
        #expect(before.executed.filter { $0.cell == Self.cells[1].id }.count == 1 + 16)
        // The budget is the matrix's: an unknown verdict passes unless --strict.
        #expect(Self.status(outcome) == ExitStatus.success.rawValue)
        #expect(Self.status(outcome, strict: true) == ExitStatus.assertionFailed.rawValue)
    }

    @Test func aFailureOfThisBuildFailsTheGateAndOfTheOtherLeavesNothingToCompare() {
        let machine = SimulatedMachine(truth: ["loopback": 30e9, "veth": 15e9], noise: 0.02, seed: 4)
        let now = SimulatedBuild(machine)
        let before = SimulatedBuild(machine)
        now.failing["veth"] = CellProblem(.dataPath, "receiver worker killed by SIGSEGV")
        let crashed = Self.gate(seed: 4).run(now: now, before: before)
        #expect(crashed.problems.map(\.text) == ["with the now build: receiver worker killed by SIGSEGV"])
        #expect(crashed.records.allSatisfy { $0.cell.hasPrefix("loopback") })
        #expect(now.executed.filter { $0.cell == Self.cells[1].id }.count == 1, "no more runs after a crash")
        #expect(Self.status(crashed) == ExitStatus.assertionFailed.rawValue)

        let otherFails = SimulatedBuild(machine)
        otherFails.failing = ["veth": CellProblem(.dataPath, "bad byte"), "loopback": CellProblem(.dataPath, "bad byte")]
        #expect(Self.status(Self.gate(seed: 4).run(now: SimulatedBuild(machine), before: otherFails)) == ExitStatus.noBaseline.rawValue)

        let skipped = SimulatedBuild(machine)
        skipped.unsupported = ["veth": "no veth driver", "loopback": "no loopback"]
        #expect(Self.status(Self.gate(seed: 4).run(now: skipped, before: SimulatedBuild(machine))) == ExitStatus.nothingRan.rawValue)
    }

    @Test func aCellTheOtherBuildCannotRunIsSkippedNotFailed() {
        // A change that adds a plugin and a cell for it: the base build lacks the plugin.
        let machine = SimulatedMachine(truth: ["loopback": 30e9, "veth": 15e9], noise: 0.02, seed: 6)
        let before = SimulatedBuild(machine)
        before.unsupported["veth"] = "plugin new-thing: refused: no plugin named \"new-thing\""
        let outcome = Self.gate(seed: 6).run(now: SimulatedBuild(machine), before: before)
        #expect(outcome.problems.map(\.text) == ["with the before build: plugin new-thing: refused: no plugin named \"new-thing\""])
        #expect(outcome.problems.map(\.label) == ["skipped"])
        #expect(outcome.records.allSatisfy { $0.cell.hasPrefix("loopback") } && !outcome.records.isEmpty)
        #expect(Self.status(outcome) == ExitStatus.success.rawValue)
        #expect(Self.status(outcome, strict: true) == ExitStatus.assertionFailed.rawValue)
    }

    @Test func eachRoundRunsBothBuildsOfACellBackToBackInARandomOrder() {
        let schedule = PairedSchedule(cellCount: 3, warmupRounds: 1, rounds: 10, seed: 9)
        let runs = schedule.runs
        #expect(runs.count == 3 * 2 * 11)
        for pair in stride(from: 0, to: runs.count, by: 2) {
            #expect(runs[pair].cell == runs[pair + 1].cell && runs[pair].round == runs[pair + 1].round)
            #expect(Set([runs[pair].side, runs[pair + 1].side]) == [.now, .before])
        }
        // Per cell, each build goes first once in every two measured rounds (A B, B A), starting either way;
        // round 0 is the warm-up.
        for cell in 0..<3 {
            for first in stride(from: 1, to: 11, by: 2) {
                let pair = runs.filter { $0.cell == cell && ($0.round == first || $0.round == first + 1) }
                let leaders = stride(from: 0, to: pair.count, by: 2).map { pair[$0].side }
                #expect(Set(leaders) == [.now, .before], "cell \(cell) rounds \(first)...\(first + 1)")
            }
        }
        let starts = stride(from: 1, to: 11, by: 2).flatMap { round in (0..<3).compactMap { cell in runs.first { $0.cell == cell && $0.round == round }?.side } }
        #expect(Set(starts).count == 2, "the start of a pair of rounds is a coin, not always the same build")
        // Extra rounds asked for later are the same as if planned at once.
        #expect(schedule.runs(forRounds: 5..<7, only: [1]) == runs.filter { (5..<7).contains($0.round) && $0.cell == 1 })
        #expect(PairedSchedule(cellCount: 3, warmupRounds: 1, rounds: 10, seed: 9).runs == runs)
    }
}
