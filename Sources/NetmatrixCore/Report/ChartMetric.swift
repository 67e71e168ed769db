import Foundation

/// What a chart of cells plots from each cell's summary, and how it prints:
/// goodput in Gbit/s or CPU in µs per MB, each median with its interval.
struct ChartMetric: Sendable {
    /// "goodput", as a chart's title names it.
    var name: String
    /// The value axis's label.
    var axisLabel: String
    /// The unit after a printed figure.
    var unit: String
    /// A summary's figure divided by this is in `unit`.
    var divisor: Double
    /// Digits after the point in a printed figure.
    var decimals: Int
    var median: @Sendable (CellSummary) -> Double
    var interval: @Sendable (CellSummary) -> RatioInterval?

    static let goodput = ChartMetric(
        name: "goodput", axisLabel: "Gbit/s", unit: "Gbit/s", divisor: 1e9, decimals: 1,
        median: \.goodputBitsPerSecond, interval: \.goodputInterval)
    static let cpuPerMB = ChartMetric(
        name: "CPU per MB", axisLabel: "µs of CPU per MB", unit: "µs/MB", divisor: 1, decimals: 0,
        median: \.serviceDemandMicrosPerMB, interval: \.serviceDemandInterval)

    /// The cell's median and interval in `unit`; nil for a cell with no summary (it did not run).
    func point(_ cell: CellRecord) -> ChartPoint? {
        guard let summary = cell.summary else { return nil }
        let interval = interval(summary)
        return ChartPoint(
            size: cell.messageSize, median: median(summary) / divisor,
            interval: interval.map { ($0.lower / divisor)...($0.upper / divisor) },
            confidence: interval?.confidence ?? 0.95, samples: summary.samples)
    }

    /// "11.0 [10.0, 12.0] Gbit/s": the median, then its interval when there is one.
    func figure(_ point: ChartPoint) -> String {
        let bounds = point.interval.map { " [\(number($0.lowerBound)), \(number($0.upperBound))]" } ?? ""
        return "\(number(point.median))\(bounds) \(unit)"
    }

    /// A point's tooltip: "copy → copy: 64K → 11.0 [10.0, 12.0] Gbit/s; median and 95% interval of 3 samples".
    func tooltip(_ point: ChartPoint, of series: String) -> String {
        let what = point.interval == nil
            ? "median of \(point.samples) samples, no interval recorded"
            : "median and \(Int((point.confidence * 100).rounded()))% interval of \(point.samples) samples"
        return "\(series): \(ByteCount.text(point.size)) → \(figure(point)); \(what)"
    }

    private func number(_ value: Double) -> String { String(format: "%.\(decimals)f", value) }
}
