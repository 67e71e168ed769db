/// Which side of the threshold an assertion wants (`expect: ">= 1.05"`); the
/// evaluator judges an interval against it.
public enum Comparison: String, Sendable, Codable, Equatable, CaseIterable {
    case atLeast = ">="
    case atMost = "<="
}
