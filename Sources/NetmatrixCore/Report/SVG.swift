import Foundation

/// The SVG pieces every chart of report.html and gate.html is drawn with, so
/// a frame, a line or an interval looks the same in each.
enum SVG {
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

    /// Text at (x, y); `anchor` is start, middle or end.
    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", attributes: String = "") -> String {
        "<text x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" text-anchor=\"\(anchor)\"\(attributes)>\(Markup.escape(content))</text>\n"
    }

    /// How an interval runs on the page: up a value axis, or across one.
    enum Direction { case vertical, horizontal }

    /// An interval as an error bar: a line from `start` to `end` along
    /// `direction` at `across`, capped at both ends so a short one still shows.
    static func whisker(_ direction: Direction, at across: Double, from start: Double, to end: Double, stroke: String) -> String {
        let cap = 4.0
        let segments: [(Double, Double, Double, Double)] =
            switch direction {
            case .vertical: [(across, start, across, end), (across - cap, start, across + cap, start), (across - cap, end, across + cap, end)]
            case .horizontal: [(start, across, end, across), (start, across - cap, start, across + cap), (end, across - cap, end, across + cap)]
            }
        return "<g class=\"interval\" stroke=\"\(stroke)\" stroke-width=\"1.5\">\n"
            + segments.map { line($0.0, $0.1, $0.2, $0.3, stroke: stroke) }.joined() + "</g>\n"
    }

    /// A label cut to `characters` with an ellipsis; the full text belongs in a tooltip.
    static func cut(_ label: String, to characters: Int) -> String {
        label.count > characters ? String(label.prefix(characters - 1)) + "…" : label
    }

    /// An SVG coordinate or length: a tenth of a pixel is finer than any screen shows.
    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }
}
