#if canImport(Glibc)
import Glibc
#endif

/// The Mann–Whitney U test (Wilcoxon rank-sum) of two independent samples: do
/// values from one tend to be larger than values from the other? It assumes no
/// distribution, so a bimodal or skewed sample (a descheduled repetition, a
/// cache that sometimes misses) does not fool it the way a t-test is fooled.
public enum MannWhitney {
    public struct Result: Equatable, Sendable, Codable {
        /// U of the first sample: pairs (a, b) with a > b, ties counting one half.
        public var u: Double
        /// Two-sided p-value from the normal approximation with tie correction.
        public var p: Double
        /// The probability that a value of the first sample exceeds one of the
        /// second (U / mn), 0.5 when neither tends to be larger.
        public var dominance: Double
    }

    /// nil when either sample is empty.
    public static func test(_ a: [Double], _ b: [Double]) -> Result? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let m = Double(a.count)
        let n = Double(b.count)
        let pooled = (a.map { ($0, true) } + b.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var rankSumA = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count, pooled[end + 1].0 == pooled[start].0 { end += 1 }
            // Ranks are 1-based; tied values share the mean of their ranks.
            let rank = Double(start + end + 2) / 2
            let tied = Double(end - start + 1)
            tieTerm += tied * tied * tied - tied
            for index in start...end where pooled[index].1 { rankSumA += rank }
            start = end + 1
        }
        let u = rankSumA - m * (m + 1) / 2
        let total = m + n
        let variance = m * n / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        let p: Double
        if variance <= 0 {
            p = 1  // every value tied: no evidence either way
        } else {
            // Continuity correction: U moves in steps of 1/2.
            let z = max(abs(u - m * n / 2) - 0.5, 0) / variance.squareRoot()
            p = min(1, erfc(z / 2.0.squareRoot()))
        }
        return Result(u: u, p: p, dominance: u / (m * n))
    }
}
