import Foundation

/// The gate's before/after chart for one metric, as inline SVG: a row per
/// compared cell, in the order given, with the before and now medians as two
/// dots on one axis shared by every row, and the change with its 95% interval
/// drawn against the ±tolerance band, coloured by verdict.
struct GateChart {
    var metric: String
    var records: [GateRecord]
    var tolerance: Double
    /// The change axis, as fractions (-0.2...0.2): one axis for every chart
    /// of a page, so the tolerance bands line up.
    var changeAxis: AxisScale

    /// Okabe–Ito vermillion and green for the two calls, grey for "no change",
    /// dark yellow (report.html's "inconclusive") for "cannot say".
    static func colour(_ verdict: ChangeVerdict) -> String {
        switch verdict {
        case .regressed: "#D55E00"
        case .improved: "#009E73"
        case .unchanged: "#707070"
        case .unknown: "#8A6D00"
        }
    }

    /// Covers ±tolerance and every interval, with room so no end sits on the frame.
    static func changeAxis(of records: [GateRecord], tolerance: Double) -> AxisScale {
        AxisScale(spanning: [-tolerance, tolerance] + records.flatMap { [$0.outcome.ratio.lower - 1, $0.outcome.ratio.upper - 1] })
    }

    // Columns, left to right: cell label, medians, change, the change in figures.
    private static let labelWidth = 300.0, figureWidth = 240.0, changeWidth = 300.0, textWidth = 230.0, gap = 44.0
    private static let top = 56.0, rowHeight = 24.0, bottom = 52.0
    /// Longer cell ids are cut (the full id is in the row's tooltip and the table).
    private static let labelCharacters = 46

    func render() -> String {
        let width = Self.labelWidth + Self.figureWidth + Self.gap + Self.changeWidth + Self.gap + Self.textWidth
        let plotHeight = Self.rowHeight * Double(max(records.count, 1))
        let height = Self.top + plotHeight + Self.bottom
        let figureLeft = Self.labelWidth, changeLeft = figureLeft + Self.figureWidth + Self.gap
        let textLeft = changeLeft + Self.changeWidth + Self.gap
        let axis = FigureAxis(metric: metric)
        let figures = AxisScale(covering: 0, (records.flatMap { [$0.before, $0.now] }.filter(\.isFinite).max() ?? 0) / axis.divisor)
        func figureX(_ value: Double) -> Double { figureLeft + Self.clamped(figures.fraction(value / axis.divisor)) * Self.figureWidth }
        func changeX(_ change: Double) -> Double { changeLeft + Self.clamped(changeAxis.fraction(change)) * Self.changeWidth }
        let plotBottom = Self.top + plotHeight

        let band = "±\(ChangeTest.percent(tolerance, sign: false))"
        let title = "\(metric): before and now medians; change and its 95% interval against \(band)"
        var svg = SVG.opening(width: width, height: height, title: title, class: "chart gate-chart")
        svg += "<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(Markup.escape(metric))</text>\n"

        // Column heads, the figure grid, the tolerance band and the zero line.
        svg += "<g font-size=\"11\" fill=\"#333\">\n"
        svg += "<text x=\"\(f(figureLeft))\" y=\"\(f(Self.top - 10))\">median (\(Markup.escape(axis.unit))): ○ before ● now</text>\n"
        svg += "<text x=\"\(f(changeLeft))\" y=\"\(f(Self.top - 10))\">change, 95% interval; band \(Markup.escape(band))</text>\n"
        for tick in figures.ticks {
            let x = figureX(tick * axis.divisor)
            svg += SVG.line(x, Self.top, x, plotBottom, stroke: "#e4e4e4")
            svg += "<text x=\"\(f(x))\" y=\"\(f(plotBottom + 16))\" text-anchor=\"middle\">\(Markup.escape(figures.label(tick)))</text>\n"
        }
        let bandLeft = changeX(-tolerance), bandRight = changeX(tolerance)
        svg += "<rect class=\"tolerance\" x=\"\(f(bandLeft))\" y=\"\(f(Self.top))\" width=\"\(f(bandRight - bandLeft))\" height=\"\(f(plotHeight))\" fill=\"#ececec\"/>\n"
        svg += SVG.line(changeX(0), Self.top, changeX(0), plotBottom, stroke: "#888", attributes: " stroke-dasharray=\"3 3\"")
        // Zero and the band's edges first; the axis's round ticks only where their labels clear those.
        var labelled: [Double] = []
        for change in [0, -tolerance, tolerance] + changeAxis.ticks
        where labelled.allSatisfy({ abs(changeX($0) - changeX(change)) >= 44 }) {
            labelled.append(change)
            svg += "<text x=\"\(f(changeX(change)))\" y=\"\(f(plotBottom + 16))\" text-anchor=\"middle\">\(Markup.escape(ChangeTest.percent(change)))</text>\n"
        }
        svg += SVG.line(figureLeft, plotBottom, figureLeft + Self.figureWidth, plotBottom, stroke: "#333")
        svg += SVG.line(changeLeft, plotBottom, changeLeft + Self.changeWidth, plotBottom, stroke: "#333")
        svg += "</g>\n"

        for (index, record) in records.enumerated() {
            let y = Self.top + Self.rowHeight * (Double(index) + 0.5)
            let colour = Self.colour(record.verdict)
            let ratio = record.outcome.ratio
            let change = GateReport.change(record)
            let tooltip = "\(record.cell) \(record.metric): \(GateReport.figure(record.before, metric: record.metric)) → "
                + "\(GateReport.figure(record.now, metric: record.metric)), \(change); \(record.verdict.rawValue): \(record.outcome.reason)"
            svg += "<g class=\"row \(record.verdict.rawValue)\" font-size=\"11\"><title>\(Markup.escape(tooltip))</title>\n"
            svg += "<text x=\"8\" y=\"\(f(y + 4))\">\(Markup.escape(SVG.cut(record.cell, to: Self.labelCharacters)))</text>\n"
            svg += SVG.line(figureX(record.before), y, figureX(record.now), y, stroke: "#bbb", attributes: " stroke-width=\"2\"")
            svg += "<circle class=\"before\" cx=\"\(f(figureX(record.before)))\" cy=\"\(f(y))\" r=\"4\" fill=\"#ffffff\" stroke=\"#444\" stroke-width=\"1.5\"/>\n"
            svg += "<circle class=\"now\" cx=\"\(f(figureX(record.now)))\" cy=\"\(f(y))\" r=\"4\" fill=\"\(colour)\"/>\n"
            let low = changeX(ratio.lower - 1), high = changeX(ratio.upper - 1)
            svg += "<rect class=\"interval\" x=\"\(f(low))\" y=\"\(f(y - 4))\" width=\"\(f(max(high - low, 1)))\" height=\"8\" fill=\"\(colour)\" fill-opacity=\"0.45\" stroke=\"\(colour)\"/>\n"
            svg += "<circle class=\"estimate\" cx=\"\(f(changeX(ratio.estimate - 1)))\" cy=\"\(f(y))\" r=\"3.5\" fill=\"\(colour)\" stroke=\"#222\"/>\n"
            svg += "<text x=\"\(f(textLeft))\" y=\"\(f(y + 4))\" fill=\"\(colour)\">\(Markup.escape("\(change) \(record.verdict.rawValue)"))</text>\n"
            svg += "</g>\n"
        }

        // The legend: what each colour means.
        var legendX = 8.0
        for verdict in ChangeVerdict.allCases {
            svg += "<rect x=\"\(f(legendX))\" y=\"\(f(height - 18))\" width=\"12\" height=\"12\" fill=\"\(Self.colour(verdict))\"/>\n"
            svg += "<text x=\"\(f(legendX + 18))\" y=\"\(f(height - 8))\" font-size=\"11\">\(verdict.rawValue)</text>\n"
            legendX += 100
        }
        return svg + "</svg>"
    }

    /// How the medians axis reads: goodput in Gbit/s, CPU in µs per MB.
    private struct FigureAxis {
        var unit: String
        /// A figure divided by this is in `unit`.
        var divisor: Double

        init(metric: String) {
            switch AssertionMetric(rawValue: metric) {
            case .goodput: (unit, divisor) = ("Gbit/s", 1e9)
            case .cpuPerMB: (unit, divisor) = ("µs of CPU per MB", 1)
            default: (unit, divisor) = (metric, 1)
            }
        }
    }

    /// A figure off the axis (a wild interval, a NaN) is drawn at its edge, not outside the chart.
    private static func clamped(_ fraction: Double) -> Double { fraction.isFinite ? min(max(fraction, 0), 1) : 0 }

    private func f(_ value: Double) -> String { SVG.coordinate(value) }
}
