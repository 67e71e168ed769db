/// A gate: every cell both sides measured, compared metric by metric with one
/// `ChangeTest`. "Now" and "before" are two builds measured in the same run,
/// or a run and a stored baseline.
public struct GateComparison: Sendable {
    /// What a gate compares, and which way is better.
    public static let metrics: [AssertionMetric] = [.goodput, .cpuPerMB]

    public var test: ChangeTest
    /// Divides each side's figures by its own reference (e.g. the memory-copy
    /// bandwidth measured in that run) before comparing, for a baseline from
    /// another machine; nil compares raw figures.
    public var normalization: Normalization?

    public struct Normalization: Equatable, Sendable, Codable {
        public var what: String
        public var now: Double
        public var before: Double

        public init(what: String, now: Double, before: Double) {
            self.what = what
            self.now = now
            self.before = before
        }

        /// now ÷ before: how much faster this machine is at the reference.
        public var machineRatio: Double { now / before }
    }

    public init(test: ChangeTest = ChangeTest(), normalization: Normalization? = nil) {
        self.test = test
        self.normalization = normalization
    }

    /// One record per cell id present on both sides and metric both measured;
    /// cells only one side has are listed in `unmatched`. Significance is
    /// Holm-adjusted over every comparison of the gate.
    public func compare(now: [String: [CellSample]], before: [String: [CellSample]]) -> (records: [GateRecord], unmatched: [String]) {
        var pending: [(
            cell: String, metric: AssertionMetric, now: [Double], before: [Double], raw: (now: Double, before: Double),
            rawSamples: (now: [Double], before: [Double]), test: MannWhitney.Result
        )] = []
        for id in now.keys.sorted() {
            guard let beforeSamples = before[id] else { continue }
            for metric in Self.metrics {
                let scale = scaling(for: metric)
                let rawNow = (now[id] ?? []).compactMap(metric.value(of:))
                let rawBefore = beforeSamples.compactMap(metric.value(of:))
                let nowValues = rawNow.map { $0 * scale.now }
                let beforeValues = rawBefore.map { $0 * scale.before }
                guard let test = MannWhitney.test(nowValues, beforeValues),
                    let medianNow = Descriptive.median(rawNow), let medianBefore = Descriptive.median(rawBefore)
                else { continue }
                pending.append((id, metric, nowValues, beforeValues, (medianNow, medianBefore), (rawNow, rawBefore), test))
            }
        }
        let adjusted = ChangeTest.holmAdjusted(pending.map(\.test.p))
        var records: [GateRecord] = []
        for (item, p) in zip(pending, adjusted) {
            guard let outcome = test.compare(
                now: item.now, before: item.before, largerIsBetter: item.metric.prefersLarger, adjustedP: p, mannWhitney: item.test)
            else { continue }
            records.append(GateRecord(
                cell: item.cell, metric: item.metric.rawValue, before: item.raw.before, now: item.raw.now,
                samples: GateRecord.Samples(before: item.rawSamples.before, now: item.rawSamples.now), outcome: outcome))
        }
        let unmatched = Set(now.keys).symmetricDifference(before.keys).sorted()
        return (records, unmatched)
    }

    /// Goodput is divided by the reference, CPU per MB multiplied by it, so
    /// both become "per unit of the machine's own speed".
    private func scaling(for metric: AssertionMetric) -> (now: Double, before: Double) {
        guard let normalization, normalization.now > 0, normalization.before > 0 else { return (1, 1) }
        return metric.prefersLarger
            ? (1 / normalization.now, 1 / normalization.before) : (normalization.now, normalization.before)
    }
}

/// One cell and metric of a gate.
public struct GateRecord: Equatable, Sendable, Codable {
    public var cell: String
    public var metric: String
    /// Medians as measured; the change and verdict are on normalised figures
    /// when the gate normalises.
    public var before: Double
    public var now: Double
    /// Each side's samples as measured, in the order they ran.
    public var samples: Samples
    public var outcome: ChangeTest.Outcome

    public struct Samples: Equatable, Sendable, Codable {
        public var before: [Double]
        public var now: [Double]
    }

    public var verdict: ChangeVerdict { outcome.verdict }
    /// now ÷ before − 1.
    public var change: Double { outcome.ratio.estimate - 1 }
}
