@testable import NetmatrixCore
import Testing

@Suite("Progress: time left includes the rounds that may still come")
struct ProgressEstimateTests {
    static func estimate(index: Int, planned: Int, maximum: Int, elapsed: Double) -> ProgressEstimate {
        ProgressEstimate(
            cellID: "veth/tcp/copy->copy/64K", isWarmup: false, index: index, planned: planned, maximum: maximum,
            elapsedSeconds: elapsed, firstRunSeconds: 1.5)
    }

    @Test func paceComesFromFinishedRunsAndTheGuessBeforeAny() {
        #expect(Self.estimate(index: 1, planned: 10, maximum: 10, elapsed: 0).secondsPerRun == 1.5)
        // Four runs done in 8 s: 2 s each; runs 5...10 left.
        let estimate = Self.estimate(index: 5, planned: 10, maximum: 10, elapsed: 8)
        #expect(estimate.secondsPerRun == 2)
        #expect(estimate.plannedSecondsLeft == 12)
        #expect(estimate.maximumSecondsLeft == 12)
        #expect(estimate.line == "[5/10] veth/tcp/copy->copy/64K · 0m12s left")
    }

    @Test func roundsThatMayStillComeAreInTheLine() {
        // The last planned run: the planned figure is nearly done, the budget allows 30 more runs.
        let estimate = Self.estimate(index: 10, planned: 10, maximum: 40, elapsed: 18)
        #expect(estimate.plannedSecondsLeft == 2)
        #expect(estimate.maximumSecondsLeft == 62)
        #expect(estimate.line == "[10/10, up to 40] veth/tcp/copy->copy/64K · 0m02s to 1m02s left")
    }

    @Test func warmUpRunsSaySoAndAMaximumBelowThePlanIsThePlan() {
        let warmup = ProgressEstimate(
            cellID: "c", isWarmup: true, index: 1, planned: 3, maximum: 2, elapsedSeconds: 0, firstRunSeconds: 20)
        #expect(warmup.maximum == 3)
        #expect(warmup.line == "[1/3] c (warm-up) · 1m00s left")
        #expect(ProgressEstimate.minutes(59.6) == "1m00s")
        #expect(ProgressEstimate.minutes(3_725) == "62m05s")
    }

    @Test func theRunnersMaximumBoundsEveryRunThatComesAndNeverGrows() throws {
        // Equal paths against a threshold of exactly 1: undecidable, so the budget is spent.
        let sampling = AdaptiveSampling(initialRounds: 3, stepRounds: 2, maximumRounds: 9)
        let executor = SimulatedExecutor(truth: ["fast": 10e9, "slow": 10e9, "other": 5e9], noise: 0.05)
        var steps: [MatrixRunner.Progress] = []
        let outcome = MatrixRunner(spec: MatrixRunnerTests.spec(threshold: 1.0, sampling: sampling), seed: 3)
            .run(with: executor, progress: { steps.append($0) })
        #expect(outcome.assertions.map(\.verdict) == [.inconclusive])
        let total = executor.executed.count
        // 3 cells x (1 warm-up + 3 rounds), then the 2 compared cells x 6 more rounds.
        #expect(total == 12 + 2 * 6)
        #expect(steps.map(\.index) == Array(1...total))
        let first = try #require(steps.first)
        #expect(first.planned == 12)
        #expect(first.maximum == total, "the bound is tight when every round is spent")
        #expect(steps.allSatisfy { $0.planned <= $0.maximum && $0.maximum >= total })
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $1.maximum <= $0.maximum })
        // The old line said "1 run left" here, at the last planned run, with 12 still to come.
        let lastPlanned = try #require(steps.first { $0.index == 12 })
        let estimate = ProgressEstimate(lastPlanned, elapsedSeconds: 11, firstRunSeconds: 1)
        #expect(estimate.plannedSecondsLeft == 1)
        #expect(estimate.maximumSecondsLeft == Double(total - 11))
    }

    @Test func aDecidedRunHasNoRoundsToCome() throws {
        let executor = SimulatedExecutor(truth: ["fast": 12e9, "slow": 10e9, "other": 5e9], noise: 0.01)
        var steps: [MatrixRunner.Progress] = []
        _ = MatrixRunner(spec: MatrixRunnerTests.spec(threshold: 1.1), seed: 1).run(with: executor, progress: { steps.append($0) })
        #expect(executor.executed.count == 12)
        // Only the two compared cells could earn rounds: 12 more at most (15 - 3 rounds each).
        #expect(steps.first?.maximum == 12 + 2 * 12)
        #expect(steps.allSatisfy { $0.planned == 12 })
    }
}
