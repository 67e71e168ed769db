/// A claim about a ratio: metric(numerator cells) / metric(denominator cells)
/// compared with a threshold. `scope` narrows both sides; `numerator` and
/// `denominator` name what differs. Each numerator cell is paired with the
/// denominator cell equal to it on every other axis, so one assertion over a
/// group checks every pair and changes exactly one thing per comparison.
/// Without a denominator it is a claim about a share metric of each numerator
/// cell on its own (e.g. the mapped share of a zero-copy receiver).
public struct AssertionSpec: Equatable, Sendable {
    public var name: String
    /// One line: the physical reason it should hold.
    public var why: String
    public var metric: AssertionMetric
    public var scope: CellSelector
    public var numerator: CellSelector
    /// nil: a share of each numerator cell, not a ratio.
    public var denominator: CellSelector?
    public var comparison: Comparison
    public var threshold: Double

    public init(
        name: String, why: String, metric: AssertionMetric, scope: CellSelector = CellSelector(),
        numerator: CellSelector, denominator: CellSelector?, comparison: Comparison, threshold: Double
    ) {
        self.name = name
        self.why = why
        self.metric = metric
        self.scope = scope
        self.numerator = numerator
        self.denominator = denominator
        self.comparison = comparison
        self.threshold = threshold
    }

    /// `sender_cpu_per_mb(send=zerocopy:sendfile) / sender_cpu_per_mb(send=copy) <= 0.95 where topology=veth`
    public var expression: String {
        var text = "\(metric.rawValue)(\(numerator))"
        if let denominator { text += " / \(metric.rawValue)(\(denominator))" }
        text += " \(comparison.rawValue) \(threshold)"
        if !scope.constraints.isEmpty { text += " where \(scope)" }
        return text
    }

    /// The (numerator, denominator) cell pairs this assertion compares among
    /// `cells`; for a share assertion, each numerator cell with no partner.
    public func pairs(in cells: [MatrixCell]) -> [(numerator: MatrixCell, denominator: MatrixCell?)] {
        let byID = Dictionary(cells.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return cells.compactMap { cell in
            guard scope.matches(cell), numerator.matches(cell) else { return nil }
            guard let denominator else { return (cell, nil) }
            var partner = cell
            for (axis, value) in denominator.constraints { partner = partner.with(axis, value) }
            guard let match = byID[partner.id], match.id != cell.id, scope.matches(match) else { return nil }
            return (cell, match)
        }
    }

    /// Every cell either side of any pair needs, for the interleaved schedule.
    public func involvedCells(in cells: [MatrixCell]) -> Set<MatrixCell> {
        Set(pairs(in: cells).flatMap { [$0.numerator, $0.denominator].compactMap { $0 } })
    }
}
