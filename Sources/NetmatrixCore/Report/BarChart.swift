/// Medians of data paths measured at one message size, as inline SVG: a
/// labelled horizontal bar per path from zero to its median, its interval as
/// an error bar, and the figures printed beside it, since a lone dot on a
/// size axis says nothing a reader can compare.
struct BarChart: Sendable {
    var title: String
    var metric: ChartMetric
    /// A bar per point of each series (one each, as the report draws them).
    var series: [ChartSeries]
    var width = 640.0

    private static let labelWidth = 210.0, figureWidth = 170.0, top = 36.0, rowHeight = 26.0, bottom = 44.0
    /// Longer names are cut (the full one is in the bar's tooltip).
    private static let labelCharacters = 34

    func render() -> String {
        let bars = series.flatMap { line in line.points.map { (line, $0) } }
        let plotLeft = Self.labelWidth, plotWidth = width - Self.labelWidth - Self.figureWidth
        let plotBottom = Self.top + Self.rowHeight * Double(max(bars.count, 1))
        let height = plotBottom + Self.bottom
        let values = AxisScale(covering: 0, bars.map(\.1.top).max() ?? 0)
        func px(_ value: Double) -> Double { plotLeft + values.fraction(value) * plotWidth }

        var svg = SVG.opening(width: width, height: height, title: title, class: "chart bar-chart")
        svg += SVG.text(width / 2, 20, title, anchor: "middle", attributes: " font-size=\"14\" font-weight=\"bold\"")
        svg += "<g font-size=\"11\" fill=\"#333\">\n"
        for tick in values.ticks {
            svg += SVG.line(px(tick), Self.top, px(tick), plotBottom, stroke: "#ddd")
            svg += SVG.text(px(tick), plotBottom + 16, values.label(tick), anchor: "middle")
        }
        svg += SVG.line(plotLeft, Self.top, plotLeft, plotBottom, stroke: "#333")
        svg += SVG.line(plotLeft, plotBottom, plotLeft + plotWidth, plotBottom, stroke: "#333")
        svg += SVG.text(plotLeft + plotWidth / 2, plotBottom + 34, metric.axisLabel, anchor: "middle")
        svg += "</g>\n"

        for (index, (line, point)) in bars.enumerated() {
            let y = Self.top + Self.rowHeight * (Double(index) + 0.5)
            let style = line.style
            // The size stays whole: a long path is what gets cut.
            let size = " · \(ByteCount.text(point.size))"
            let name = SVG.cut(line.name, to: Self.labelCharacters - size.count) + size
            svg += "<g class=\"series bar\" data-series=\"\(Markup.escape(line.name))\" data-marker=\"\(style.marker.rawValue)\" "
                + "stroke=\"\(style.colour)\" fill=\"\(style.colour)\" font-size=\"11\">\n"
            svg += "<g class=\"point\"><title>\(Markup.escape(metric.tooltip(point, of: line.name)))</title>\n"
            svg += "<rect class=\"bar\" x=\"\(SVG.coordinate(plotLeft))\" y=\"\(SVG.coordinate(y - 7))\" "
                + "width=\"\(SVG.coordinate(max(px(point.median) - plotLeft, 1)))\" height=\"14\" fill=\"\(style.colour)\" fill-opacity=\"0.75\" stroke=\"none\"/>\n"
            if let interval = point.interval {
                svg += SVG.whisker(.horizontal, at: y, from: px(interval.lowerBound), to: px(interval.upperBound), stroke: "#222")
            }
            svg += style.marker.svg(x: px(point.median), y: y, colour: style.colour) + "</g>\n"
            svg += SVG.text(8, y + 4, name, attributes: " class=\"name\" fill=\"#222\" stroke=\"none\"")
            svg += SVG.text(plotLeft + plotWidth + 8, y + 4, metric.figure(point), attributes: " class=\"value\" fill=\"#222\" stroke=\"none\"")
            svg += "</g>\n"
        }
        return svg + "</svg>"
    }
}
