/// An assertion's outcome on a confidence interval: it passes only when the whole
/// interval clears the threshold, fails only when the whole interval misses it,
/// and is inconclusive when the threshold lies inside (more samples may decide it).
/// A pair whose cells did not run (skipped, failed, or left out by `--filter`)
/// is not evaluated: reported, never failed.
public enum Verdict: String, Sendable, Codable, Equatable {
    case pass
    case fail
    case inconclusive
    case notEvaluated = "not_evaluated"
}

extension Comparison {
    /// The verdict on `interval` for a claim that the ratio is on this side of `threshold`.
    public func verdict(for interval: RatioInterval, threshold: Double) -> Verdict {
        switch self {
        case .atLeast:
            if interval.lower >= threshold { return .pass }
            if interval.upper < threshold { return .fail }
        case .atMost:
            if interval.upper <= threshold { return .pass }
            if interval.lower > threshold { return .fail }
        }
        return .inconclusive
    }
}
