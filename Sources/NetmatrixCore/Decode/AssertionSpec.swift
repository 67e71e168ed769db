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
    /// Share of MSG_ZEROCOPY completions that really avoided the copy (0...1).
    case zerocopiedShare = "zerocopied_share"
    /// Share of received bytes delivered by page mapping rather than copying (0...1).
    case mappedShare = "mapped_share"

    public var prefersLarger: Bool { self != .cpuPerMB && self != .senderCPUPerMB && self != .receiverCPUPerMB }

    /// A share is dimensionless and bounded, so it may be asserted on its own;
    /// every other metric only as a ratio of two cells measured side by side.
    public var isShare: Bool { self == .zerocopiedShare || self == .mappedShare }

    /// The metric's value in one sample; nil when the sample does not report it.
    public func value(of sample: CellSample) -> Double? {
        let megabytes = Double(sample.bytes) / 1e6
        switch self {
        case .goodput: return sample.goodputBitsPerSecond
        case .cpuPerMB: return sample.serviceDemandMicrosPerMB
        case .senderCPUPerMB: return megabytes > 0 ? sample.senderCPU.total * 1e6 / megabytes : nil
        case .receiverCPUPerMB: return megabytes > 0 ? sample.receiverCPU.total * 1e6 / megabytes : nil
        case .zerocopiedShare:
            guard let zerocopied = sample.zerocopyCompletions, let copied = sample.copiedCompletions,
                zerocopied + copied > 0
            else { return nil }
            return Double(zerocopied) / Double(zerocopied + copied)
        case .mappedShare:
            guard let mapped = sample.bytesMapped, let copied = sample.bytesCopied, mapped + copied > 0 else { return nil }
            return Double(mapped) / Double(mapped + copied)
        }
    }
}

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
