/// A ratio with its confidence interval: of two medians by the bootstrap
/// (`RatioBootstrap`, assertions), or of two samples by Hodges–Lehmann
/// (`RatioShift`, gates).
public struct RatioInterval: Equatable, Sendable, Codable {
    /// The point estimate: median ÷ median, or the median pairwise ratio.
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    /// Nominal coverage, e.g. 0.95.
    public var confidence: Double
    public var numeratorSamples: Int
    public var denominatorSamples: Int

    public init(
        estimate: Double, lower: Double, upper: Double, confidence: Double,
        numeratorSamples: Int, denominatorSamples: Int
    ) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
        self.numeratorSamples = numeratorSamples
        self.denominatorSamples = denominatorSamples
    }

    public var width: Double { upper - lower }
}

/// Percentile bootstrap of the ratio of medians of two independent samples.
///
/// Each resample draws both samples with replacement and takes the ratio of
/// their medians; the interval is the central `confidence` share of those
/// ratios. The generator is seeded, so a run's intervals are reproducible.
public struct RatioBootstrap: Sendable {
    public var resamples: Int
    public var confidence: Double
    public var seed: UInt64

    public init(resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64 = 0x6E65_746D_6174_7278) {
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }

    /// nil when either sample is empty or a median is not positive (no ratio exists).
    public func interval(numerator: [Double], denominator: [Double]) -> RatioInterval? {
        guard let top = Descriptive.median(numerator), let bottom = Descriptive.median(denominator),
            top > 0, bottom > 0
        else { return nil }
        var generator = SeededGenerator(seed: seed)
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        var scratchTop = [Double](repeating: 0, count: numerator.count)
        var scratchBottom = [Double](repeating: 0, count: denominator.count)
        for _ in 0..<resamples {
            let resampledTop = Self.resampledMedian(numerator, into: &scratchTop, using: &generator)
            let resampledBottom = Self.resampledMedian(denominator, into: &scratchBottom, using: &generator)
            if resampledBottom > 0 { ratios.append(resampledTop / resampledBottom) }
        }
        ratios.sort()
        let tail = (1 - confidence) / 2
        guard let lower = Descriptive.quantile(sorted: ratios, tail),
            let upper = Descriptive.quantile(sorted: ratios, 1 - tail)
        else { return nil }
        return RatioInterval(
            estimate: top / bottom, lower: lower, upper: upper, confidence: confidence,
            numeratorSamples: numerator.count, denominatorSamples: denominator.count)
    }

    /// The median of one sample with its percentile-bootstrap interval (a
    /// share's "ratio" to 1). nil for an empty sample.
    public func interval(of values: [Double]) -> RatioInterval? {
        guard let center = Descriptive.median(values) else { return nil }
        var generator = SeededGenerator(seed: seed)
        var medians: [Double] = []
        medians.reserveCapacity(resamples)
        var scratch = [Double](repeating: 0, count: values.count)
        for _ in 0..<resamples {
            medians.append(Self.resampledMedian(values, into: &scratch, using: &generator))
        }
        medians.sort()
        let tail = (1 - confidence) / 2
        guard let lower = Descriptive.quantile(sorted: medians, tail),
            let upper = Descriptive.quantile(sorted: medians, 1 - tail)
        else { return nil }
        return RatioInterval(
            estimate: center, lower: lower, upper: upper, confidence: confidence,
            numeratorSamples: values.count, denominatorSamples: 0)
    }

    private static func resampledMedian(
        _ values: [Double], into scratch: inout [Double], using generator: inout SeededGenerator
    ) -> Double {
        for index in scratch.indices {
            scratch[index] = values[Int(generator.next() % UInt64(values.count))]
        }
        scratch.sort()
        return Descriptive.quantile(sorted: scratch, 0.5) ?? 0
    }
}
