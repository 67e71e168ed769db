/// Turns samples into verdicts: one record per (numerator, denominator) pair of
/// each assertion, on a bootstrap interval of the ratio of medians.
public struct AssertionEvaluator: Sendable {
    public var bootstrap: RatioBootstrap

    public init(bootstrap: RatioBootstrap = RatioBootstrap()) {
        self.bootstrap = bootstrap
    }

    /// One evaluated pair.
    public struct Outcome: Sendable {
        public var record: AssertionRecord
        public var numeratorCell: String
        public var denominatorCell: String
    }

    /// `samples` and `problems` are keyed by cell id; a cell with a problem
    /// (failed or skipped, with its reason) leaves its pairs not evaluated, and so
    /// does a selection of `cells` (`--filter`) that holds none of the pairs.
    public func evaluate(
        _ spec: AssertionSpec, cells: [MatrixCell], samples: [String: [CellSample]], problems: [String: String]
    ) -> [Outcome] {
        let pairs = spec.pairs(in: cells)
        if pairs.isEmpty {
            let record = AssertionRecord(
                name: spec.name, why: spec.why, expression: spec.expression, metric: spec.metric.rawValue,
                comparison: spec.comparison, threshold: spec.threshold, interval: nil, verdict: .notEvaluated,
                reason: "not evaluated: none of its pairs is among the selected cells (--filter)")
            return [Outcome(record: record, numeratorCell: "", denominatorCell: "")]
        }
        return pairs.map { pair in
            let name = pairs.count == 1 ? spec.name : AssertionRecord.pairName(assertion: spec.name, cell: pair.numerator.id)
            let denominatorID = pair.denominator?.id ?? ""
            var interval: RatioInterval?
            var verdict = Verdict.inconclusive
            var reason: String?
            if let problem = problems[pair.numerator.id] ?? problems[denominatorID] {
                verdict = .notEvaluated
                reason = "not evaluated: \(problem)"
            } else {
                let top = (samples[pair.numerator.id] ?? []).compactMap(spec.metric.value(of:))
                if pair.denominator == nil {
                    interval = bootstrap.interval(of: top)
                } else {
                    let bottom = (samples[denominatorID] ?? []).compactMap(spec.metric.value(of:))
                    interval = bootstrap.interval(numerator: top, denominator: bottom)
                }
                if let interval {
                    verdict = spec.comparison.verdict(for: interval, threshold: spec.threshold)
                    if verdict == .inconclusive {
                        reason = "the \(Int((interval.confidence * 100).rounded()))% interval contains \(spec.threshold)"
                    }
                } else if pair.denominator == nil, !(samples[pair.numerator.id] ?? []).isEmpty {
                    // The cell ran and never reports the metric: the claim can never be decided.
                    verdict = .fail
                    reason = "its cell ran, but no sample reports \(spec.metric.rawValue): the claim cannot be decided on this cell"
                } else {
                    reason = pair.denominator == nil
                        ? "no sample reports \(spec.metric.rawValue)" : "no positive samples on one side"
                }
            }
            let record = AssertionRecord(
                name: name, why: spec.why,
                expression: spec.expression + (pair.denominator.map { " [\(pair.numerator.id) vs \($0.id)]" } ?? " [\(pair.numerator.id)]"),
                metric: spec.metric.rawValue, comparison: spec.comparison, threshold: spec.threshold,
                interval: interval, verdict: verdict, reason: reason)
            return Outcome(record: record, numeratorCell: pair.numerator.id, denominatorCell: denominatorID)
        }
    }
}
