import Foundation
import NetmatrixCore
import Testing

@Suite("Gate statistics: Mann–Whitney U and the four verdicts on synthetic samples")
struct ChangeTestTests {
    /// Normal noise around `center` with relative spread `cv` (Box–Muller on a seeded generator).
    static func samples(_ count: Int, center: Double, cv: Double, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        func uniform() -> Double { (Double(generator.next() >> 11) + 0.5) / Double(1 << 53) }
        return (0..<count).map { _ in
            let normal = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
            return center * (1 + cv * normal)
        }
    }

    @Test func mannWhitneyMatchesHandWorkedValues() throws {
        let separated = try #require(MannWhitney.test([1, 2, 3], [4, 5, 6]))
        #expect(separated.u == 0)
        #expect(abs(separated.p - 0.0808) < 0.0005)
        let far = try #require(MannWhitney.test(Array(1...10).map(Double.init), Array(11...20).map(Double.init)))
        #expect(abs(far.p - 0.000183) < 0.00001)
        #expect(far.dominance == 0)
        let tied = try #require(MannWhitney.test([5, 5, 5], [5, 5]))
        #expect(tied.p == 1 && tied.dominance == 0.5)
        #expect(MannWhitney.test([], [1]) == nil)
    }

    @Test func equalDistributionsRaiseFewAlarms() {
        var alarms = 0
        var unchanged = 0
        for trial in 0..<200 {
            let test = ChangeTest(tolerance: 0.1)
            let now = Self.samples(16, center: 100, cv: 0.07, seed: UInt64(2 * trial + 1))
            let before = Self.samples(16, center: 100, cv: 0.07, seed: UInt64(2 * trial + 2))
            switch test.compare(now: now, before: before, largerIsBetter: true)?.verdict {
            case .regressed?, .improved?: alarms += 1
            case .unchanged?: unchanged += 1
            default: break
            }
        }
        #expect(alarms <= 10, "\(alarms) of 200 equal pairs were called a change")
        #expect(unchanged >= 100, "only \(unchanged) of 200 equal pairs were called unchanged")
    }

    @Test func aTenPercentSlowdownIsCaught() {
        var caught = 0
        for trial in 0..<100 {
            let test = ChangeTest()
            let now = Self.samples(16, center: 90, cv: 0.05, seed: UInt64(1000 + 2 * trial))
            let before = Self.samples(16, center: 100, cv: 0.05, seed: UInt64(1001 + 2 * trial))
            if test.compare(now: now, before: before, largerIsBetter: true)?.verdict == .regressed { caught += 1 }
        }
        #expect(caught >= 95, "caught \(caught) of 100")
    }

    @Test func directionFollowsTheMetric() throws {
        let low = Self.samples(16, center: 80, cv: 0.02, seed: 7)
        let high = Self.samples(16, center: 100, cv: 0.02, seed: 8)
        let test = ChangeTest()
        #expect(try #require(test.compare(now: low, before: high, largerIsBetter: true)).verdict == .regressed)
        #expect(try #require(test.compare(now: low, before: high, largerIsBetter: false)).verdict == .improved)
        #expect(try #require(test.compare(now: high, before: low, largerIsBetter: false)).verdict == .regressed)
    }

    @Test func aShiftInsideTheNoiseFloorIsNotCalled() throws {
        // 3% apart, each side scattered by ~10%: significant with enough samples, but not beyond the floor.
        let now = Self.samples(200, center: 103, cv: 0.15, seed: 21)
        let before = Self.samples(200, center: 100, cv: 0.15, seed: 22)
        let outcome = try #require(ChangeTest().compare(now: now, before: before, largerIsBetter: false))
        #expect(outcome.noiseFloor > 0.05)
        #expect(outcome.verdict != .regressed)
    }

    @Test func oneOutlierDoesNotMakeARegression() throws {
        var now = Self.samples(15, center: 100, cv: 0.03, seed: 31)
        now[4] = 5  // one descheduled repetition
        let before = Self.samples(15, center: 100, cv: 0.03, seed: 32)
        let outcome = try #require(ChangeTest().compare(now: now, before: before, largerIsBetter: true))
        #expect(outcome.verdict == .unchanged, "\(outcome.reason)")
    }

    @Test func bimodalSamplesOnBothSidesAreNotAChange() throws {
        func bimodal(_ seed: UInt64) -> [Double] {
            Self.samples(20, center: 1, cv: 0.01, seed: seed).enumerated().map { $0.offset.isMultiple(of: 2) ? $0.element * 100 : $0.element * 130 }
        }
        let outcome = try #require(ChangeTest(tolerance: 0.3).compare(now: bimodal(41), before: bimodal(42), largerIsBetter: true))
        #expect(outcome.verdict != .regressed && outcome.verdict != .improved, "\(outcome.reason)")
    }

    @Test func driftSharedByInterleavedSidesCancels() throws {
        // A B A B …: both sides ride the same 20% ramp, so neither is called worse.
        let ramp = (0..<24).map { 100 * (1 + 0.2 * Double($0) / 23) }
        let now = stride(from: 0, to: 24, by: 2).map { ramp[$0] }
        let before = stride(from: 1, to: 24, by: 2).map { ramp[$0] }
        let outcome = try #require(ChangeTest().compare(now: now, before: before, largerIsBetter: true))
        #expect(outcome.verdict != .regressed && outcome.verdict != .improved, "\(outcome.reason)")
    }

    @Test func fewSamplesAreUnknownNotUnchanged() throws {
        let outcome = try #require(
            ChangeTest().compare(now: [100, 80, 120], before: [95, 110, 85], largerIsBetter: true))
        #expect(outcome.verdict == .unknown)
    }
}
