/// How many samples an assertion may earn: it starts with `initialRounds`, and
/// while inconclusive earns `stepRounds` more at a time up to `maximumRounds`.
public struct AdaptiveSampling: Equatable, Sendable, Codable {
    public var initialRounds: Int
    public var stepRounds: Int
    public var maximumRounds: Int

    public init(initialRounds: Int = 5, stepRounds: Int = 4, maximumRounds: Int = 21) {
        self.initialRounds = initialRounds
        self.stepRounds = stepRounds
        self.maximumRounds = maximumRounds
    }

    /// How many more rounds to run now for an assertion with `verdict` after
    /// `roundsSoFar`; 0 means its verdict stands (decided, or budget spent).
    public func additionalRounds(verdict: Verdict, roundsSoFar: Int) -> Int {
        guard verdict == .inconclusive, roundsSoFar < maximumRounds else { return 0 }
        return min(stepRounds, maximumRounds - roundsSoFar)
    }
}
