/// How many samples an assertion may earn: it starts with `initialRounds`, and
/// while inconclusive earns `stepRounds` more at a time up to `maximumRounds`.
/// A matrix file's `sampling`; the evaluator spends it.
public struct AdaptiveSampling: Equatable, Sendable, Codable {
    public var initialRounds: Int
    public var stepRounds: Int
    public var maximumRounds: Int

    public init(initialRounds: Int = 5, stepRounds: Int = 4, maximumRounds: Int = 21) {
        self.initialRounds = initialRounds
        self.stepRounds = stepRounds
        self.maximumRounds = maximumRounds
    }
}
