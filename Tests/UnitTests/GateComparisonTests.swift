import NetmatrixCore
import Testing

@Suite("Gate comparison: cells matched by id, both metrics, normalised across machines")
struct GateComparisonTests {
    static func samples(goodput: Double, demand: Double, count: Int = 12, seed: UInt64) -> [CellSample] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { round in
            let jitter = 1 + 0.02 * (Double(generator.next() % 2001) / 1000 - 1)
            return CellSample(
                round: round, seconds: 1, bytes: 1_000_000, goodputBitsPerSecond: goodput * jitter,
                senderCPU: CPUTime(user: 0, system: 0), receiverCPU: CPUTime(user: 0, system: 0),
                serviceDemandMicrosPerMB: demand / jitter)
        }
    }

    @Test func aSlowerCellRegressesOnBothMetricsAndTheOtherIsUnchanged() throws {
        // b's samples are the same draws on both sides: no change at all.
        let before = ["a": Self.samples(goodput: 10e9, demand: 400, seed: 1), "b": Self.samples(goodput: 5e9, demand: 800, seed: 2)]
        let now = ["a": Self.samples(goodput: 9e9, demand: 444, seed: 3), "b": Self.samples(goodput: 5e9, demand: 800, seed: 2)]
        let (records, unmatched) = GateComparison().compare(now: now, before: before)
        #expect(unmatched.isEmpty)
        #expect(records.count == 4)
        let verdicts = Dictionary(uniqueKeysWithValues: records.map { ("\($0.cell) \($0.metric)", $0.verdict) })
        #expect(verdicts == ["a goodput": .regressed, "a cpu_per_mb": .regressed, "b goodput": .unchanged, "b cpu_per_mb": .unchanged])
        let goodput = try #require(records.first { $0.cell == "a" && $0.metric == "goodput" })
        #expect(abs(goodput.change + 0.1) < 0.02)
    }

    @Test func cellsOnOneSideOnlyAreListed() {
        let (records, unmatched) = GateComparison().compare(
            now: ["a": Self.samples(goodput: 1e9, demand: 1, seed: 5), "new": Self.samples(goodput: 1e9, demand: 1, seed: 6)],
            before: ["a": Self.samples(goodput: 1e9, demand: 1, seed: 7), "gone": Self.samples(goodput: 1e9, demand: 1, seed: 8)])
        #expect(Set(records.map(\.cell)) == ["a"])
        #expect(unmatched == ["gone", "new"])
    }

    @Test func aMachineTwiceAsFastIsNotAnImprovementOnceNormalised() {
        let before = ["a": Self.samples(goodput: 5e9, demand: 800, seed: 9)]
        let now = ["a": Self.samples(goodput: 10e9, demand: 400, seed: 9)]
        let raw = GateComparison().compare(now: now, before: before).records
        #expect(raw.allSatisfy { $0.verdict == .improved })
        let normalization = GateComparison.Normalization(what: "memcpy bandwidth", now: 20e9, before: 10e9)
        let normalised = GateComparison(normalization: normalization).compare(now: now, before: before).records
        #expect(normalised.allSatisfy { $0.verdict == .unchanged })
        #expect(normalization.machineRatio == 2)
    }

    @Test func holmAdjustmentKeepsTheFamilyAtAlpha() {
        #expect(ChangeTest.holmAdjusted([0.01, 0.04, 0.03]) == [0.03, 0.06, 0.06])
        #expect(ChangeTest.holmAdjusted([0.5]) == [0.5])
        #expect(ChangeTest.holmAdjusted([0.4, 0.3]) == [0.6, 0.6])
    }
}
