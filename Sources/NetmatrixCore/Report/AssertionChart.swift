/// report.html's assertions at a glance, as inline SVG: a chart per
/// assertion with a row per pair of cells, each pair's ratio (estimate and
/// confidence interval) drawn against the assertion's threshold line, the
/// side that passes shaded, coloured by verdict. Each assertion gets its own
/// round axis: one 17× claim on a shared axis would squash every 0.9× claim
/// into a corner.
struct AssertionChart: Sendable {
    /// The assertion's own name.
    var assertion: String
    /// Its pairs' records, which share its metric, comparison and threshold.
    var records: [AssertionRecord]

    /// A chart per assertion, in the order given; an assertion's pairs are one chart.
    static func charts(_ records: [AssertionRecord]) -> [AssertionChart] {
        var charts: [AssertionChart] = []
        for record in records {
            let assertion = record.nameParts.assertion
            if let last = charts.indices.last, charts[last].assertion == assertion {
                charts[last].records.append(record)
            } else {
                charts.append(AssertionChart(assertion: assertion, records: [record]))
            }
        }
        return charts
    }

    /// What the marks mean, said once above the charts.
    static func legend(confidence: Double) -> String {
        "● estimate, ├┤ \(Int((confidence * 100).rounded()))% interval, | threshold; shaded: the side that passes"
    }

    /// The verdict colours of the chart and of the page's verdict text.
    static func colour(_ verdict: Verdict) -> String {
        switch verdict {
        case .pass: "#0a7a2f"
        case .fail: "#b00020"
        case .inconclusive: "#8a6d00"
        case .notEvaluated: "#707070"
        }
    }

    // Columns, left to right: the pair (its numerator cell), the ratio axis, the figures and verdict.
    private static let labelWidth = 400.0, plotWidth = 300.0, gap = 24.0, textWidth = 300.0
    private static let top = 30.0, rowHeight = 24.0, bottom = 40.0
    /// Longer labels are cut (the full name and expression are in the row's tooltip).
    private static let labelCharacters = 64

    func render() -> String {
        let width = Self.labelWidth + Self.plotWidth + Self.gap + Self.textWidth
        let plotLeft = Self.labelWidth, plotRight = plotLeft + Self.plotWidth, textLeft = plotRight + Self.gap
        let plotBottom = Self.top + Self.rowHeight * Double(max(records.count, 1))
        let height = plotBottom + Self.bottom
        let ratios = axis
        func px(_ ratio: Double) -> Double { plotLeft + min(max(ratios.fraction(ratio), 0), 1) * Self.plotWidth }
        let claim = records.first.map { "\($0.metric) \(Self.symbol($0.comparison)) \(Units.ratio($0.threshold))" } ?? ""
        let title = "\(assertion): \(claim)"

        var svg = SVG.opening(width: width, height: height, title: title, class: "chart assertion-chart")
        svg += SVG.text(8, 18, title, attributes: " font-size=\"13\" font-weight=\"bold\"")
        svg += "<g font-size=\"11\" fill=\"#333\">\n"
        for tick in ratios.ticks {
            svg += SVG.line(px(tick), Self.top, px(tick), plotBottom, stroke: "#e4e4e4")
            svg += SVG.text(px(tick), plotBottom + 16, ratios.label(tick), anchor: "middle")
        }
        svg += SVG.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: "#333")
        svg += SVG.text(plotLeft + Self.plotWidth / 2, plotBottom + 32, "ratio (a share for a one-cell claim)", anchor: "middle")
        svg += "</g>\n"

        for (index, record) in records.enumerated() {
            let rowTop = Self.top + Self.rowHeight * Double(index), y = rowTop + Self.rowHeight / 2
            let colour = Self.colour(record.verdict)
            let symbol = Self.symbol(record.comparison)
            let verdict = record.verdict.rawValue.replacingOccurrences(of: "_", with: " ")
            let figures = record.interval.map {
                "\(Units.ratio($0.estimate)) [\(Units.ratio($0.lower)), \(Units.ratio($0.upper))] \(symbol) \(Units.ratio(record.threshold))"
            }
            var tooltip = "\(record.name): \(record.expression); "
                + (figures.map { "ratio \($0)" } ?? "no ratio, threshold \(symbol) \(Units.ratio(record.threshold))") + ": \(verdict)"
            if let reason = record.reason { tooltip += " — \(reason)" }

            svg += "<g class=\"row \(record.verdict.rawValue)\" font-size=\"11\"><title>\(Markup.escape(tooltip))</title>\n"
            svg += SVG.text(8, y + 4, SVG.cut(record.nameParts.cell ?? record.name, to: Self.labelCharacters), attributes: " class=\"pair\"")
            let threshold = px(record.threshold)
            let (passLeft, passRight) = record.comparison == .atLeast ? (threshold, plotRight) : (plotLeft, threshold)
            svg += "<rect class=\"pass-side\" x=\"\(SVG.coordinate(passLeft))\" y=\"\(SVG.coordinate(rowTop + 2))\" "
                + "width=\"\(SVG.coordinate(passRight - passLeft))\" height=\"\(SVG.coordinate(Self.rowHeight - 4))\" fill=\"#e6f2e8\"/>\n"
            svg += SVG.line(threshold, rowTop, threshold, rowTop + Self.rowHeight, stroke: "#222", attributes: " class=\"threshold\" stroke-width=\"2\"")
            if let interval = record.interval {
                svg += SVG.whisker(.horizontal, at: y, from: px(interval.lower), to: px(interval.upper), stroke: colour)
                svg += "<circle class=\"estimate\" cx=\"\(SVG.coordinate(px(interval.estimate)))\" cy=\"\(SVG.coordinate(y))\" r=\"4\" "
                    + "fill=\"\(colour)\" stroke=\"#222\"/>\n"
            }
            svg += SVG.text(textLeft, y + 4, "\(figures ?? "no interval"): \(verdict)", attributes: " fill=\"\(colour)\" font-weight=\"bold\"")
            svg += "</g>\n"
        }
        return svg + "</svg>"
    }

    /// Covers the threshold and every interval, with room so no end sits on the frame.
    var axis: AxisScale {
        AxisScale(spanning: records.flatMap { record in
            [record.threshold] + (record.interval.map { [$0.lower, $0.upper, $0.estimate] } ?? [])
        })
    }

    private static func symbol(_ comparison: Comparison) -> String { comparison == .atLeast ? "≥" : "≤" }
}
