/// The sampling budget spent on verdicts: more rounds only for an assertion still inconclusive.
extension AdaptiveSampling {
    /// How many more rounds to run now for an assertion with `verdict` after
    /// `roundsSoFar`; 0 means its verdict stands (decided, or budget spent).
    public func additionalRounds(verdict: Verdict, roundsSoFar: Int) -> Int {
        guard verdict == .inconclusive, roundsSoFar < maximumRounds else { return 0 }
        return min(stepRounds, maximumRounds - roundsSoFar)
    }
}
