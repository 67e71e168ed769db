/// One data path's values in a chart: a median with its interval per message size.
struct ChartSeries: Sendable {
    var name: String
    var style: SeriesStyle
    /// Ascending by message size.
    var points: [ChartPoint]

    init(name: String, style: SeriesStyle, points: [ChartPoint]) {
        self.name = name
        self.style = style
        self.points = points.sorted { $0.size < $1.size }
    }
}

/// One plotted median, in the unit its chart's axis reads.
struct ChartPoint: Sendable {
    /// Message size, bytes.
    var size: Int
    var median: Double
    /// The median's confidence interval; nil in results recorded without one.
    var interval: ClosedRange<Double>?
    /// The interval's nominal coverage, e.g. 0.95.
    var confidence: Double
    var samples: Int

    /// The largest value the point draws: its interval's top, or the median.
    var top: Double { interval?.upperBound ?? median }
}
