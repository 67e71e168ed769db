/// What an assertion compares.
public enum AssertionMetric: String, CaseIterable, Sendable, Codable {
    /// Bits per second delivered and verified. Larger is better.
    case goodput
    /// µs of CPU (sender + receiver + wire) per MB moved. Smaller is better.
    case cpuPerMB = "cpu_per_mb"
    /// µs of sender CPU per MB.
    case senderCPUPerMB = "sender_cpu_per_mb"
    /// µs of receiver CPU per MB.
    case receiverCPUPerMB = "receiver_cpu_per_mb"

    public var prefersLarger: Bool { self == .goodput }

    /// The metric's value in one sample.
    public func value(of sample: CellSample) -> Double {
        let megabytes = Double(sample.bytes) / 1e6
        switch self {
        case .goodput: return sample.goodputBitsPerSecond
        case .cpuPerMB: return sample.serviceDemandMicrosPerMB
        case .senderCPUPerMB: return megabytes > 0 ? sample.senderCPU.total * 1e6 / megabytes : 0
        case .receiverCPUPerMB: return megabytes > 0 ? sample.receiverCPU.total * 1e6 / megabytes : 0
        }
    }
}

/// A claim about a ratio: metric(numerator cells) / metric(denominator cells)
/// compared with a threshold. `scope` narrows both sides; `numerator` and
/// `denominator` name what differs. Each numerator cell is paired with the
/// denominator cell equal to it on every other axis, so one assertion over a
/// group checks every pair and changes exactly one thing per comparison.
public struct AssertionSpec: Equatable, Sendable {
    public var name: String
    /// One line: the physical reason it should hold.
    public var why: String
    public var metric: AssertionMetric
    public var scope: CellSelector
    public var numerator: CellSelector
    public var denominator: CellSelector
    public var comparison: Comparison
    public var threshold: Double

    public init(
        name: String, why: String, metric: AssertionMetric, scope: CellSelector = CellSelector(),
        numerator: CellSelector, denominator: CellSelector, comparison: Comparison, threshold: Double
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
        var text = "\(metric.rawValue)(\(numerator)) / \(metric.rawValue)(\(denominator)) \(comparison.rawValue) \(threshold)"
        if !scope.constraints.isEmpty { text += " where \(scope)" }
        return text
    }

    /// The (numerator, denominator) cell pairs this assertion compares among `cells`.
    public func pairs(in cells: [MatrixCell]) -> [(numerator: MatrixCell, denominator: MatrixCell)] {
        let byID = Dictionary(cells.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return cells.compactMap { cell in
            guard scope.matches(cell), numerator.matches(cell) else { return nil }
            var partner = cell
            for (axis, value) in denominator.constraints { partner = partner.with(axis, value) }
            guard let match = byID[partner.id], match.id != cell.id, scope.matches(match) else { return nil }
            return (cell, match)
        }
    }

    /// Every cell either side of any pair needs, for the interleaved schedule.
    public func involvedCells(in cells: [MatrixCell]) -> Set<MatrixCell> {
        Set(pairs(in: cells).flatMap { [$0.numerator, $0.denominator] })
    }
}
