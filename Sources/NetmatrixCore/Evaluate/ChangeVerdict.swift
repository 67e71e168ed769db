/// What a comparison of a cell's metric now against before says.
public enum ChangeVerdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// Worse beyond the noise, and significant by both tests.
    case regressed
    /// Better beyond the noise, and significant by both tests: never fails a gate.
    case improved
    /// The whole interval of the change lies inside the tolerance.
    case unchanged
    /// Neither: more samples may decide it; a budget spent says so.
    case unknown
}

/// The one verdict logic for every gate (two builds in one run, or a run
/// against a stored baseline): a change is called only when Mann–Whitney U
/// finds it at `alpha` (Holm-adjusted over the gate's comparisons), its
/// interval (`RatioShift`: the Hodges–Lehmann ratio, the median of every
/// now/before ratio) excludes 1, and it exceeds the cell's own noise floor.
/// "Unchanged" needs the whole interval inside the tolerance, so too few
/// samples give "unknown", never a false "unchanged".
public struct ChangeTest: Sendable {
    public var alpha: Double
    /// The smallest change worth calling (e.g. 0.05): an interval inside
    /// ±tolerance is "unchanged".
    public var tolerance: Double
    /// The interval's coverage.
    public var confidence: Double

    public init(alpha: Double = 0.05, tolerance: Double = 0.05, confidence: Double = 0.95) {
        self.alpha = alpha
        self.tolerance = tolerance
        self.confidence = confidence
    }

    public struct Outcome: Equatable, Sendable, Codable {
        public var verdict: ChangeVerdict
        /// now ÷ before: the median of every pairwise ratio, with its interval.
        public var ratio: RatioInterval
        public var mannWhitney: MannWhitney.Result
        /// The relative change (now / before - 1) this cell's own spread makes
        /// indistinguishable from noise.
        public var noiseFloor: Double
        /// One line: why this verdict.
        public var reason: String
    }

    /// nil when either side has no positive median (no ratio exists).
    /// `adjustedP` replaces the test's own p-value when the comparison is one
    /// of a family (see `holmAdjusted`).
    /// `mannWhitney`, when the caller already ran the test on these samples, is not run again.
    public func compare(
        now: [Double], before: [Double], largerIsBetter: Bool, adjustedP: Double? = nil, mannWhitney: MannWhitney.Result? = nil
    ) -> Outcome? {
        guard let ratio = RatioShift.interval(numerator: now, denominator: before, confidence: confidence),
            var test = mannWhitney ?? MannWhitney.test(now, before)
        else { return nil }
        if let adjustedP { test.p = adjustedP }
        let floor = Self.noiseFloor(now: now, before: before)
        let change = ratio.estimate - 1
        guard RatioShift.rank(now.count, before.count, confidence: confidence) >= 1 else {
            let reason = "\(now.count) and \(before.count) samples are too few for a \(Self.percent(confidence, sign: false)) interval"
            return Outcome(verdict: .unknown, ratio: ratio, mannWhitney: test, noiseFloor: floor, reason: reason)
        }
        let significant = test.p < alpha && (ratio.lower > 1 || ratio.upper < 1)
        let worse = largerIsBetter ? change < 0 : change > 0
        let verdict: ChangeVerdict
        let reason: String
        if significant && abs(change) > floor {
            verdict = worse ? .regressed : .improved
            reason = "\(Self.percent(change)) beyond the noise floor ±\(Self.percent(floor, sign: false)), p = \(Self.short(test.p))"
        } else if ratio.lower >= 1 - tolerance && ratio.upper <= 1 + tolerance {
            verdict = .unchanged
            reason = "the interval lies within ±\(Self.percent(tolerance, sign: false))"
        } else {
            verdict = .unknown
            reason = significant
                ? "\(Self.percent(change)) is significant but inside the noise floor ±\(Self.percent(floor, sign: false)), and the interval is wider than ±\(Self.percent(tolerance, sign: false))"
                : "the interval reaches beyond ±\(Self.percent(tolerance, sign: false)) (p = \(Self.short(test.p)))"
        }
        return Outcome(verdict: verdict, ratio: ratio, mannWhitney: test, noiseFloor: floor, reason: reason)
    }

    /// Holm's step-down adjustment: a gate makes one comparison per cell and
    /// metric, and without it ten cells would raise a false alarm in four runs
    /// of ten. Each adjusted p-value compared with `alpha` keeps the chance of
    /// any false alarm in the family at most `alpha`.
    public static func holmAdjusted(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = pValues
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(pValues.count - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }

    /// The cell's noise floor: the larger of the two sides' robust relative
    /// spread (MAD / median). A shift smaller than the scatter of single
    /// samples is not called a change however many samples make it
    /// "significant", because run-to-run drift of that size is what shared
    /// machines do.
    public static func noiseFloor(now: [Double], before: [Double]) -> Double {
        max(Descriptive.relativeSpread(now) ?? 0, Descriptive.relativeSpread(before) ?? 0)
    }

    static func percent(_ fraction: Double, sign: Bool = true) -> String {
        let value = (fraction * 1000).rounded() / 10
        return (sign && value > 0 ? "+" : "") + "\(value)%"
    }

    static func short(_ value: Double) -> String {
        value < 0.001 ? "<0.001" : "\((value * 1000).rounded() / 1000)"
    }
}
