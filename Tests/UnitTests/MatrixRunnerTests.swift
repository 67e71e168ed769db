@testable import NetmatrixCore
import Foundation
import Testing

/// Simulates cells: each send plugin has a true goodput; samples carry seeded noise.
final class SimulatedExecutor: CellExecutor {
    var truth: [String: Double]
    var noise: Double
    var unsupported: [String: String] = [:]
    var failing: [String: CellProblem] = [:]
    private(set) var executed: [(cell: String, round: Int)] = []
    private var generator: SeededGenerator

    init(truth: [String: Double], noise: Double, seed: UInt64 = 5) {
        self.truth = truth
        self.noise = noise
        generator = SeededGenerator(seed: seed)
    }

    func readiness(of cell: MatrixCell) -> CellProblem? {
        unsupported[cell[.send]].map { CellProblem(.unsupported, $0) }
    }

    func sample(_ cell: MatrixCell, round: Int) throws(CellProblem) -> CellSample {
        executed.append((cell.id, round))
        if let problem = failing[cell[.send]] { throw problem }
        let jitter = 1 + noise * (Double(generator.next() % 2001) / 1000 - 1)
        let goodput = (truth[cell[.send]] ?? 1) * jitter
        return CellSample(
            round: round, seconds: 1, bytes: UInt64(goodput / 8), goodputBitsPerSecond: goodput,
            senderCPU: CPUTime(user: 0.1, system: 0.4), receiverCPU: CPUTime(user: 0.1, system: 0.4),
            serviceDemandMicrosPerMB: 1e6 / (goodput / 8 / 1e6))
    }
}

@Suite("Matrix runner on simulated cells")
struct MatrixRunnerTests {
    static func spec(threshold: Double, sampling: AdaptiveSampling = AdaptiveSampling(initialRounds: 3, stepRounds: 2, maximumRounds: 15))
        -> MatrixSpec
    {
        MatrixSpec(
            name: "sim",
            blocks: [MatrixBlock(name: "b", axes: [.topology: ["veth"], .send: ["fast", "slow", "other"], .receive: ["copy"], .size: ["64K"]])],
            warmupRounds: 1, sampling: sampling,
            assertions: [
                AssertionSpec(
                    name: "fast-beats-slow", why: "simulated", metric: .goodput,
                    numerator: CellSelector([.send: "fast"]), denominator: CellSelector([.send: "slow"]),
                    comparison: .atLeast, threshold: threshold)
            ])
    }

    @Test func clearDifferencePassesOnInitialRounds() {
        let executor = SimulatedExecutor(truth: ["fast": 12e9, "slow": 10e9, "other": 5e9], noise: 0.01)
        let outcome = MatrixRunner(spec: Self.spec(threshold: 1.1), seed: 1).run(with: executor)
        #expect(outcome.assertions.map(\.verdict) == [.pass])
        #expect(outcome.exitStatus == .success)
        // 3 cells x (1 warm-up + 3 rounds), no extra rounds needed.
        #expect(executor.executed.count == 12)
        #expect(outcome.cells.allSatisfy { $0.samples.count == 3 && $0.status == .passed })
    }

    @Test func inconclusiveEarnsRoundsOnlyForItsCells() throws {
        // A 4% true gain under 3% noise against a 1.01 threshold needs more than 3 rounds.
        let executor = SimulatedExecutor(truth: ["fast": 10.4e9, "slow": 10e9, "other": 5e9], noise: 0.03)
        let outcome = MatrixRunner(spec: Self.spec(threshold: 1.01), seed: 2).run(with: executor)
        let other = executor.executed.filter { $0.cell.contains("other->") }.count
        let fast = executor.executed.filter { $0.cell.contains("fast->") }.count
        #expect(other == 4, "the unrelated cell keeps its warm-up + 3 rounds")
        #expect(fast > 4, "the compared cells earned extra rounds")
        #expect(fast <= 1 + 15)
        // One record for the one pair, and a true 4% gain is never judged below 1.01.
        #expect(outcome.assertions.count == 1)
        let record = try #require(outcome.assertions.first)
        #expect(record.verdict != .fail, "\(record)")
        #expect(record.interval != nil)
    }

    @Test func budgetBoundsAnUndecidableAssertion() {
        // Equal paths asked to differ by exactly their ratio: never decided, stops at the budget.
        let sampling = AdaptiveSampling(initialRounds: 3, stepRounds: 2, maximumRounds: 9)
        let executor = SimulatedExecutor(truth: ["fast": 10e9, "slow": 10e9, "other": 5e9], noise: 0.05)
        let outcome = MatrixRunner(spec: Self.spec(threshold: 1.0, sampling: sampling), seed: 3).run(with: executor)
        #expect(outcome.assertions.first?.verdict == .inconclusive)
        #expect(outcome.assertions.first?.reason?.contains("interval contains") == true)
        #expect(executor.executed.filter { $0.cell.contains("fast->") }.count == 1 + 9)
        #expect(outcome.exitStatus == .success)
    }

    @Test func roundsInterleaveTheComparedCells() {
        let executor = SimulatedExecutor(truth: ["fast": 12e9, "slow": 10e9, "other": 5e9], noise: 0.01)
        _ = MatrixRunner(spec: Self.spec(threshold: 1.1), seed: 4).run(with: executor)
        // Every round runs each cell once before any cell runs again.
        for round in 0..<4 {
            let cells = executor.executed.filter { $0.round == round }.map(\.cell)
            #expect(cells.count == 3 && Set(cells).count == 3)
        }
        #expect(executor.executed.map(\.round) == executor.executed.map(\.round).sorted())
    }

    @Test func aCrashFailsItsCellOnlyAndIsTheCodeUnderTestFailing() {
        let executor = SimulatedExecutor(truth: ["fast": 12e9, "slow": 10e9, "other": 5e9], noise: 0.01)
        executor.failing["other"] = CellProblem(.failing(FlowFailure.Kind.signal.exitStatus), "receiver worker killed by SIGSEGV")
        let outcome = MatrixRunner(spec: Self.spec(threshold: 1.1), seed: 5).run(with: executor)
        let other = outcome.cells.first { $0.sender == "other" }
        #expect(other?.status == .failed)
        #expect(other?.reason == "receiver worker killed by SIGSEGV")
        #expect(executor.executed.filter { $0.cell.contains("other->") }.count == 1, "no more runs after a crash")
        #expect(outcome.cells.filter { $0.status == .passed }.count == 2)
        #expect(outcome.assertions.first?.verdict == .pass)
        #expect(outcome.exitStatus == .assertionFailed)
    }

    @Test func aWorkerThatCannotBeSetUpIsTheHarnessFailing() {
        let executor = SimulatedExecutor(truth: ["fast": 12e9, "slow": 10e9, "other": 5e9], noise: 0.01)
        executor.failing["other"] = CellProblem(.failing(FlowFailure.Kind.setup.exitStatus), "receiver worker: setns: Bad file descriptor")
        executor.failing["slow"] = CellProblem(.failing(FlowFailure.Kind.signal.exitStatus), "sender worker killed by SIGSEGV")
        // The harness's failure outranks the code under test's.
        #expect(MatrixRunner(spec: Self.spec(threshold: 1.1), seed: 5).run(with: executor).exitStatus == .infrastructure)
    }

    @Test func badBytesFailTheRunAsADataPathFailure() {
        let executor = SimulatedExecutor(truth: ["fast": 12e9, "slow": 10e9, "other": 5e9], noise: 0.01)
        executor.failing["other"] = CellProblem(.dataPath, "bad byte at stream offset 4096: expected 0x3a got 0x3b")
        #expect(MatrixRunner(spec: Self.spec(threshold: 1.1), seed: 6).run(with: executor).exitStatus == .assertionFailed)
        executor.failing = [:]
        #expect(MatrixRunner(spec: Self.spec(threshold: 1.5), seed: 6).run(with: executor).exitStatus == .assertionFailed)
    }

    @Test func skippedCellsSayWhyAndAllSkippedMeansNothingRan() {
        let executor = SimulatedExecutor(truth: ["fast": 12e9, "slow": 10e9, "other": 5e9], noise: 0.01)
        executor.unsupported["slow"] = "kernel has no dummy driver"
        let outcome = MatrixRunner(spec: Self.spec(threshold: 1.1), seed: 7).run(with: executor)
        let slow = outcome.cells.first { $0.sender == "slow" }
        #expect(slow?.status == .skipped)
        #expect(slow?.reason == "kernel has no dummy driver")
        #expect(outcome.assertions.first?.verdict == .notEvaluated)
        #expect(outcome.assertions.first?.reason == "not evaluated: skipped: kernel has no dummy driver")
        #expect(outcome.exitStatus == .success)

        executor.unsupported = ["fast": "no", "slow": "no", "other": "no"]
        #expect(MatrixRunner(spec: Self.spec(threshold: 1.1), seed: 7).run(with: executor).exitStatus == .nothingRan)
    }

    @Test func filtersPickCellsById() {
        let executor = SimulatedExecutor(truth: ["fast": 12e9, "slow": 10e9, "other": 5e9], noise: 0.01)
        let runner = MatrixRunner(spec: Self.spec(threshold: 1.1), seed: 8, filters: ["other->"])
        #expect(runner.selectedCells.map { $0[.send] } == ["other"])
        let outcome = runner.run(with: executor)
        #expect(outcome.cells.count == 1)
        // The filter left none of the assertion's pairs: not evaluated, and not a failure.
        #expect(outcome.assertions.first?.verdict == .notEvaluated)
        #expect(outcome.assertions.first?.reason == "not evaluated: none of its pairs is among the selected cells (--filter)")
        #expect(outcome.exitStatus == .success)
    }
}
