import Foundation

/// A chart of medians against message size, as inline SVG: a line per data
/// path over a log2 size axis, each point with its interval as an error bar,
/// on a value axis from zero to a round tick. No scripts, no external
/// resources: the report opens anywhere.
struct LineChart: Sendable {
    var title: String
    var metric: ChartMetric
    /// Each with two sizes or more (one size is a bar: `BarChart`).
    var series: [ChartSeries]
    var width = 640.0
    var height = 360.0

    private static let left = 64.0, right = 16.0, top = 32.0, bottom = 44.0, legendRowHeight = 16.0

    func render() -> String {
        let plotWidth = width - Self.left - Self.right, plotHeight = height - Self.top - Self.bottom
        let plotBottom = Self.top + plotHeight
        let sizes = Set(series.flatMap { $0.points.map(\.size) }).filter { $0 > 0 }.sorted()
        var svg = SVG.opening(
            width: width, height: height + Self.legendRowHeight * Double(series.count) + 8, title: title, class: "chart line-chart")
        svg += SVG.text(width / 2, 20, title, anchor: "middle", attributes: " font-size=\"14\" font-weight=\"bold\"")
        guard let smallest = sizes.first, let largest = sizes.last else {
            return svg + SVG.text(width / 2, height / 2, "no data", anchor: "middle", attributes: " font-size=\"12\"") + "</svg>"
        }
        // Half an octave of room each side, so no point sits on an axis.
        let xMin = log2(Double(smallest)) - 0.5, xMax = log2(Double(largest)) + 0.5
        let values = AxisScale(covering: 0, series.flatMap { $0.points.map(\.top) }.max() ?? 0)
        func px(_ size: Int) -> Double { Self.left + (log2(Double(size)) - xMin) / (xMax - xMin) * plotWidth }
        func py(_ value: Double) -> Double { plotBottom - values.fraction(value) * plotHeight }

        svg += "<g font-size=\"11\" fill=\"#333\">\n"
        for tick in values.ticks {
            svg += SVG.line(Self.left, py(tick), Self.left + plotWidth, py(tick), stroke: "#ddd")
            svg += SVG.text(Self.left - 6, py(tick) + 4, values.label(tick), anchor: "end")
        }
        for size in sizes {
            svg += SVG.line(px(size), Self.top, px(size), plotBottom, stroke: "#eee")
            svg += SVG.text(px(size), plotBottom + 16, ByteCount.text(size), anchor: "middle")
        }
        svg += SVG.line(Self.left, plotBottom, Self.left + plotWidth, plotBottom, stroke: "#333")
        svg += SVG.line(Self.left, Self.top, Self.left, plotBottom, stroke: "#333")
        svg += SVG.text(Self.left + plotWidth / 2, plotBottom + 34, "message size", anchor: "middle")
        svg += "<text transform=\"translate(14 \(SVG.coordinate(Self.top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">"
            + "\(Markup.escape(metric.axisLabel))</text>\n</g>\n"

        for (index, line) in series.enumerated() {
            let style = line.style
            // Paths measured at the same sizes stand a few pixels apart, so their error bars do not hide each other.
            let dodge = (Double(index) - Double(series.count - 1) / 2) * 3
            let points = line.points.filter { $0.size > 0 }
            svg += "<g class=\"series\" data-series=\"\(Markup.escape(line.name))\" data-marker=\"\(style.marker.rawValue)\" "
                + "stroke=\"\(style.colour)\" fill=\"\(style.colour)\">\n"
            if points.count > 1 {
                let coordinates = points.map { "\(SVG.coordinate(px($0.size) + dodge)),\(SVG.coordinate(py($0.median)))" }
                svg += "<polyline fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"2\"\(style.lineAttributes) "
                    + "points=\"\(coordinates.joined(separator: " "))\"/>\n"
            }
            for point in points {
                let x = px(point.size) + dodge
                svg += "<g class=\"point\"><title>\(Markup.escape(metric.tooltip(point, of: line.name)))</title>\n"
                if let interval = point.interval {
                    svg += SVG.whisker(.vertical, at: x, from: py(interval.lowerBound), to: py(interval.upperBound), stroke: style.colour)
                }
                svg += style.marker.svg(x: x, y: py(point.median), colour: style.colour) + "</g>\n"
            }
            svg += "</g>\n"
            // The legend under the plot: a stretch of the line, its marker, the path.
            let legendY = height + 4 + Self.legendRowHeight * Double(index) + 6
            svg += SVG.line(Self.left, legendY, Self.left + 20, legendY, stroke: style.colour, attributes: " stroke-width=\"2\"\(style.lineAttributes)")
            svg += style.marker.svg(x: Self.left + 10, y: legendY, colour: style.colour)
            svg += SVG.text(Self.left + 26, legendY + 4, line.name, attributes: " font-size=\"11\"")
        }
        return svg + "</svg>"
    }
}
