import Foundation

/// A line chart as inline SVG: message size on a log2 x axis, one series per
/// data path. No scripts, no external resources: the report opens anywhere.
public struct SVGChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        /// (x, y) points; x > 0.
        public var points: [(x: Double, y: Double)]

        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points.sorted { $0.x < $1.x }
        }
    }

    public var title: String
    public var yLabel: String
    public var series: [Series]
    public var width = 640.0
    public var height = 360.0
    /// Formats an x tick (a message size).
    public var xTick: @Sendable (Double) -> String = { ByteCount.text(Int($0)) }
    /// Formats a y tick.
    public var yTick: @Sendable (Double) -> String = { String(format: "%.3g", $0) }

    public init(title: String, yLabel: String, series: [Series]) {
        self.title = title
        self.yLabel = yLabel
        self.series = series
    }

    /// Colour-blind-safe palette (Okabe–Ito).
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    public func render() -> String {
        let left = 64.0, right = 16.0, top = 32.0, bottom = 44.0
        let legendRowHeight = 16.0
        let legendHeight = legendRowHeight * Double(series.count)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let totalHeight = height + legendHeight + 8
        let xs = series.flatMap { $0.points.map(\.x) }.filter { $0 > 0 }
        let ys = series.flatMap { $0.points.map(\.y) }
        var svg = Self.opening(width: width, height: totalHeight, title: title, class: "chart")
        svg += "<text x=\"\(f(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(Markup.escape(title))</text>\n"
        guard let xMinRaw = xs.min(), let xMaxRaw = xs.max(), let yMaxRaw = ys.max() else {
            svg += "<text x=\"\(f(width / 2))\" y=\"\(f(height / 2))\" text-anchor=\"middle\" font-size=\"12\">no data</text>\n</svg>"
            return svg
        }
        // Half an octave of room each side, so no point sits on an axis.
        let xMin = log2(xMinRaw) - 0.5, xMax = log2(xMaxRaw) + 0.5
        let yMax = yMaxRaw > 0 ? yMaxRaw * 1.1 : 1
        func px(_ x: Double) -> Double { left + (log2(x) - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - y / yMax * plotHeight }

        // Axes and grid.
        svg += "<g font-size=\"11\" fill=\"#333\">\n"
        for step in 0...4 {
            let y = yMax * Double(step) / 4
            svg += Self.line(left, py(y), left + plotWidth, py(y), stroke: "#ddd")
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(Markup.escape(yTick(y)))</text>\n"
        }
        for x in Set(xs).sorted() {
            svg += Self.line(px(x), top, px(x), top + plotHeight, stroke: "#eee")
            svg += "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(Markup.escape(xTick(x)))</text>\n"
        }
        svg += Self.line(left, top + plotHeight, left + plotWidth, top + plotHeight, stroke: "#333")
        svg += Self.line(left, top, left, top + plotHeight, stroke: "#333")
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 34))\" text-anchor=\"middle\">message size</text>\n"
        svg += "<text transform=\"translate(14 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(Markup.escape(yLabel))</text>\n"
        svg += "</g>\n"

        // Series, then the legend under the plot.
        for (index, line) in series.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            let points = line.points.filter { $0.x > 0 }.map { "\(f(px($0.x))),\(f(py($0.y)))" }
            if points.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            }
            for point in line.points where point.x > 0 {
                svg += "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"3\" fill=\"\(colour)\"><title>\(Markup.escape("\(line.name): \(xTick(point.x)) → \(yTick(point.y))"))</title></circle>\n"
            }
            let legendY = height + 4 + legendRowHeight * Double(index)
            svg += "<rect x=\"\(f(left))\" y=\"\(f(legendY))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>\n"
            svg += "<text x=\"\(f(left + 18))\" y=\"\(f(legendY + 10))\" font-size=\"11\">\(Markup.escape(line.name))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// An `<svg>` element's start: its size, a title (read out and shown as a
    /// tooltip) and a white ground, so the chart reads on any page background.
    static func opening(width: Double, height: Double, title: String, class name: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(name)\" role=\"img\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" "
            + "width=\"\(coordinate(width))\" height=\"\(coordinate(height))\">\n<title>\(Markup.escape(title))</title>\n"
            + "<rect x=\"0\" y=\"0\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\" fill=\"#ffffff\"/>\n"
    }

    /// A line from (x1, y1) to (x2, y2); `attributes` adds e.g. a dash pattern.
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, attributes: String = "") -> String {
        "<line x1=\"\(coordinate(x1))\" y1=\"\(coordinate(y1))\" x2=\"\(coordinate(x2))\" y2=\"\(coordinate(y2))\" stroke=\"\(stroke)\"\(attributes)/>\n"
    }

    /// An SVG coordinate or length: a tenth of a pixel is finer than any screen shows.
    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }

    private func f(_ value: Double) -> String { Self.coordinate(value) }
}
