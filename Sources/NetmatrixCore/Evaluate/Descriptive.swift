#if canImport(Glibc)
import Glibc
#endif

/// Order statistics over a sample. Medians, not means: one descheduled
/// repetition on a shared machine moves a mean, not a median.
public enum Descriptive {
    /// The median; nil for an empty sample.
    public static func median(_ values: [Double]) -> Double? {
        quantile(values, 0.5)
    }

    /// The `q` quantile (0...1) with linear interpolation between order statistics.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        return quantile(sorted: values.sorted(), q)
    }

    /// As `quantile`, for a sample already sorted ascending.
    public static func quantile(sorted: [Double], _ q: Double) -> Double? {
        guard let first = sorted.first, let last = sorted.last else { return nil }
        if q <= 0 { return first }
        if q >= 1 { return last }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// Median absolute deviation divided by the median: a robust relative spread.
    public static func relativeSpread(_ values: [Double]) -> Double? {
        guard let center = median(values), center != 0,
            let mad = median(values.map { abs($0 - center) })
        else { return nil }
        return mad / abs(center)
    }

    /// The standard normal quantile: z with P(Z ≤ z) = p, for p in (0, 1),
    /// by bisection on erfc (ample for the few interval ends a gate asks for).
    public static func standardNormalQuantile(_ p: Double) -> Double {
        var low = -10.0
        var high = 10.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if 0.5 * erfc(-middle / 2.0.squareRoot()) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
