@testable import NetmatrixCore
import Foundation
import Testing

@Suite("Statistics on synthetic samples")
struct StatisticsTests {
    @Test func ratioShiftIsTheMedianPairwiseRatioWithTheIntervalThatInvertsMannWhitney() throws {
        let small = try #require(RatioShift.interval(numerator: [1, 2, 3], denominator: [1, 1, 1]))
        #expect(abs(small.estimate - 2) < 1e-12)
        // Three a side are too few for a 95% interval: the widest, every ratio, and the test calls it unknown.
        #expect(abs(small.lower - 1) < 1e-12 && abs(small.upper - 3) < 1e-12)
        #expect(RatioShift.rank(3, 3, confidence: 0.95) < 1)
        #expect(ChangeTest().compare(now: [1, 2, 3], before: [1, 1, 1], largerIsBetter: true)?.verdict == .unknown)
        // The tables' critical values: U ≤ 37 at 12 a side, so the ends are the 38th differences.
        #expect(RatioShift.rank(12, 12, confidence: 0.95) == 38)
        #expect(RatioShift.interval(numerator: [1, 0], denominator: [1]) == nil)
        #expect(abs(Descriptive.standardNormalQuantile(0.975) - 1.959964) < 1e-5)
        // Coverage: samples 10% apart under 5% noise, 12 a side; the interval holds 1.1 about 95% of the time.
        var generator = SeededGenerator(seed: 17)
        func noisy(_ center: Double) -> [Double] {
            (0..<12).map { _ in center * (1 + 0.05 * (Double(generator.next() % 2001) / 1000 - 1)) }
        }
        let trials = 400
        let covered = (0..<trials).filter { _ in
            guard let interval = RatioShift.interval(numerator: noisy(110), denominator: noisy(100)) else { return false }
            return interval.lower <= 1.1 && 1.1 <= interval.upper
        }.count
        #expect(Double(covered) / Double(trials) > 0.9, "\(covered) of \(trials)")
    }

    /// Log-normal noise around a true value: the shape throughput samples have on a noisy machine.
    private static func samples(
        around center: Double, spread: Double, count: Int, using generator: inout SeededGenerator
    ) -> [Double] {
        (0..<count).map { _ in
            // Box–Muller from two uniforms.
            let u1 = max(Double(generator.next() >> 11) / Double(1 << 53), .leastNormalMagnitude)
            let u2 = Double(generator.next() >> 11) / Double(1 << 53)
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return center * exp(spread * normal)
        }
    }

    @Test func medianAndQuantilesInterpolate() throws {
        #expect(Descriptive.median([3, 1, 2]) == 2)
        #expect(Descriptive.median([4, 1, 3, 2]) == 2.5)
        #expect(Descriptive.median([]) == nil)
        #expect(Descriptive.quantile([0, 10], 0.25) == 2.5)
        let spread = try #require(Descriptive.relativeSpread([9, 10, 11, 10, 10]))
        #expect(abs(spread - 0.0) < 1e-12)
    }

    @Test func bootstrapIntervalCoversTheTrueRatio() throws {
        // 200 independent experiments with a true ratio of 1.25: a 95% interval
        // must contain it in most of them. Percentile bootstraps of medians with
        // 9 samples under-cover a little; 85% is the floor we accept.
        var generator = SeededGenerator(seed: 42)
        var covered = 0
        var excludesNoDifference = 0
        let experiments = 200
        for experiment in 0..<experiments {
            let a = Self.samples(around: 12.5, spread: 0.08, count: 9, using: &generator)
            let b = Self.samples(around: 10.0, spread: 0.08, count: 9, using: &generator)
            let interval = try #require(
                RatioBootstrap(resamples: 500, seed: UInt64(experiment)).interval(numerator: a, denominator: b))
            #expect(interval.lower <= interval.estimate && interval.estimate <= interval.upper)
            if interval.lower <= 1.25 && 1.25 <= interval.upper { covered += 1 }
            if interval.lower > 1.0 { excludesNoDifference += 1 }
        }
        let coverage = Double(covered) / Double(experiments)
        #expect(coverage >= 0.85, "coverage \(coverage)")
        // Coverage alone is met by an interval that spans everything: it must also be
        // narrow enough to tell a 25% difference from none, nearly every time.
        let power = Double(excludesNoDifference) / Double(experiments)
        #expect(power >= 0.95, "intervals excluding 1.0: \(power)")
    }

    @Test func bootstrapIsReproducibleFromItsSeed() {
        let a: [Double] = [10, 11, 9, 10.5, 10.2]
        let b: [Double] = [5, 5.5, 4.8, 5.1, 5.3]
        let first = RatioBootstrap(seed: 7).interval(numerator: a, denominator: b)
        let second = RatioBootstrap(seed: 7).interval(numerator: a, denominator: b)
        #expect(first == second)
        #expect(first?.estimate == 10.2 / 5.1)
    }

    @Test func noRatioWithoutPositiveMedians() {
        #expect(RatioBootstrap().interval(numerator: [], denominator: [1]) == nil)
        #expect(RatioBootstrap().interval(numerator: [1], denominator: [0, 0, 0]) == nil)
    }

    @Test func verdictNeedsTheWholeIntervalOnOneSide() {
        func interval(_ lower: Double, _ upper: Double) -> RatioInterval {
            RatioInterval(
                estimate: (lower + upper) / 2, lower: lower, upper: upper, confidence: 0.95,
                numeratorSamples: 5, denominatorSamples: 5)
        }
        #expect(Comparison.atLeast.verdict(for: interval(1.10, 1.20), threshold: 1.05) == .pass)
        #expect(Comparison.atLeast.verdict(for: interval(0.90, 1.00), threshold: 1.05) == .fail)
        #expect(Comparison.atLeast.verdict(for: interval(1.00, 1.10), threshold: 1.05) == .inconclusive)
        #expect(Comparison.atMost.verdict(for: interval(0.70, 0.80), threshold: 0.95) == .pass)
        #expect(Comparison.atMost.verdict(for: interval(0.96, 1.10), threshold: 0.95) == .fail)
        #expect(Comparison.atMost.verdict(for: interval(0.90, 1.00), threshold: 0.95) == .inconclusive)
    }

    @Test func noisyEqualPathsAreInconclusiveAndMoreSamplesDecideARealDifference() throws {
        var generator = SeededGenerator(seed: 9)
        // Equal true throughput: asking for a 5% gain must not pass.
        let a = Self.samples(around: 10, spread: 0.05, count: 5, using: &generator)
        let b = Self.samples(around: 10, spread: 0.05, count: 5, using: &generator)
        let equal = try #require(RatioBootstrap().interval(numerator: a, denominator: b))
        #expect(Comparison.atLeast.verdict(for: equal, threshold: 1.05) != .pass)

        // A real 8% gain under 5% noise: few samples leave it open, the budget decides it.
        let policy = AdaptiveSampling(initialRounds: 3, stepRounds: 4, maximumRounds: 41)
        var fast = Self.samples(around: 10.8, spread: 0.05, count: policy.initialRounds, using: &generator)
        var slow = Self.samples(around: 10.0, spread: 0.05, count: policy.initialRounds, using: &generator)
        var verdict = Verdict.inconclusive
        var rounds = policy.initialRounds
        var earned = 0
        while true {
            let interval = try #require(RatioBootstrap().interval(numerator: fast, denominator: slow))
            verdict = Comparison.atLeast.verdict(for: interval, threshold: 1.02)
            let more = policy.additionalRounds(verdict: verdict, roundsSoFar: rounds)
            if more == 0 { break }
            earned += more
            rounds += more
            fast += Self.samples(around: 10.8, spread: 0.05, count: more, using: &generator)
            slow += Self.samples(around: 10.0, spread: 0.05, count: more, using: &generator)
        }
        #expect(verdict == .pass, "after \(rounds) rounds")
        #expect(rounds <= policy.maximumRounds)
    }

    @Test func adaptiveSamplingStopsAtItsBudget() {
        let policy = AdaptiveSampling(initialRounds: 5, stepRounds: 4, maximumRounds: 11)
        #expect(policy.additionalRounds(verdict: .inconclusive, roundsSoFar: 5) == 4)
        #expect(policy.additionalRounds(verdict: .inconclusive, roundsSoFar: 9) == 2)
        #expect(policy.additionalRounds(verdict: .inconclusive, roundsSoFar: 11) == 0)
        #expect(policy.additionalRounds(verdict: .pass, roundsSoFar: 5) == 0)
        #expect(policy.additionalRounds(verdict: .fail, roundsSoFar: 5) == 0)
    }

    @Test func scheduleInterleavesAndAlternatesDirection() {
        let schedule = InterleavedSchedule(cellCount: 3, warmupRounds: 1, rounds: 4, seed: 1)
        let runs = schedule.runs
        #expect(runs.count == 15)
        #expect(runs.prefix(3).allSatisfy { $0.isWarmup })
        #expect(runs.dropFirst(3).allSatisfy { !$0.isWarmup })
        let base = schedule.baseOrder
        #expect(Set(base) == [0, 1, 2])
        for round in 0..<5 {
            let order = runs.filter { $0.round == round }.map(\.cell)
            #expect(order == (round.isMultiple(of: 2) ? base : base.reversed()))
        }
        // Every cell runs once per round, so compared cells are never more than one round apart.
        for cell in 0..<3 { #expect(runs.filter { $0.cell == cell }.count == 5) }
        // The same seed gives the same order; extra rounds for chosen cells continue the alternation.
        #expect(InterleavedSchedule(cellCount: 3, warmupRounds: 1, rounds: 4, seed: 1).runs == runs)
        let extra = schedule.runs(forRounds: 5..<7, only: [base[0], base[2]])
        #expect(extra.map(\.cell) == [base[2], base[0], base[0], base[2]])
    }

    @Test func linearDriftCancelsInAlternatingRounds() throws {
        // Two identical paths on a machine that slows 2% per run: the ABBA order
        // keeps the ratio of medians near 1 where a fixed A B order would not.
        let schedule = InterleavedSchedule(cellCount: 2, warmupRounds: 0, rounds: 10, seed: 3)
        var samples: [[Double]] = [[], []]
        for (time, run) in schedule.runs.enumerated() {
            samples[run.cell].append(100 * (1 - 0.02 * Double(time)))
        }
        let interval = try #require(RatioBootstrap().interval(numerator: samples[0], denominator: samples[1]))
        #expect(abs(interval.estimate - 1) < 0.015, "ratio \(interval.estimate)")
    }
}
