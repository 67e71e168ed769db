#if canImport(Glibc)
import Glibc
#endif

/// The Hodges–Lehmann estimate of how much larger one sample is than another,
/// as a ratio: the median of every pairwise ratio a/b, with the
/// distribution-free interval that inverts the Mann–Whitney U test. A gate
/// compares two builds of one cell, whose samples differ by a shift of the
/// same distribution; this estimate uses every sample where a ratio of
/// medians uses the middle one or two, so its interval is narrower for the
/// same samples (about 1.5× the efficiency on near-normal data) and agrees
/// with the test that judges significance.
public enum RatioShift {
    /// nil when a sample is empty or holds a value that is not positive (a ratio
    /// needs both). Samples too few for an interval at `confidence` (`rank` < 1)
    /// get the widest one, every pairwise ratio; `ChangeTest` calls that unknown.
    public static func interval(numerator: [Double], denominator: [Double], confidence: Double = 0.95) -> RatioInterval? {
        guard !numerator.isEmpty, !denominator.isEmpty, (numerator + denominator).allSatisfy({ $0 > 0 }) else { return nil }
        // Pairwise log-ratios: a shift of log figures is a ratio of figures.
        let logs = denominator.map(log)
        let differences = numerator.flatMap { value in logs.map { log(value) - $0 } }.sorted()
        guard let center = Descriptive.median(differences) else { return nil }
        // The ends are the k-th smallest and k-th largest differences (1-based).
        let k = min(max(rank(numerator.count, denominator.count, confidence: confidence), 1), (differences.count + 1) / 2)
        return RatioInterval(
            estimate: exp(center), lower: exp(differences[k - 1]), upper: exp(differences[differences.count - k]),
            confidence: confidence, numeratorSamples: numerator.count, denominatorSamples: denominator.count)
    }

    /// k, the 1-based rank of the interval's ends among the m·n ordered
    /// differences: the largest k with P(U < k) ≤ (1 − confidence)/2, from U's
    /// normal approximation with a continuity correction (the test's own).
    /// Below 1, no interval at `confidence` exists for samples this small.
    public static func rank(_ m: Int, _ n: Int, confidence: Double) -> Int {
        let product = Double(m * n)
        let z = Descriptive.standardNormalQuantile(1 - (1 - confidence) / 2)
        return Int((product / 2 - z * (product * Double(m + n + 1) / 12).squareRoot() + 0.5).rounded(.down))
    }
}
