/// One series' look: its colour, its point marker and whether its line is dashed.
struct SeriesStyle: Hashable, Sendable {
    var colour: String
    var marker: Marker
    var dashed: Bool

    /// The stroke attributes of the series' line.
    var lineAttributes: String { dashed ? " stroke-dasharray=\"6 3\"" : "" }
}

/// A point's shape, for paths that share a colour.
enum Marker: String, CaseIterable, Sendable {
    case circle, square, triangle, diamond

    /// The shape centred on (x, y), about 7 px across, filled with `colour`.
    func svg(x: Double, y: Double, colour: String) -> String {
        let r = 3.5
        let shape: String
        switch self {
        case .circle:
            shape = "<circle cx=\"\(SVG.coordinate(x))\" cy=\"\(SVG.coordinate(y))\" r=\"\(SVG.coordinate(r))\""
        case .square:
            shape = "<rect x=\"\(SVG.coordinate(x - r))\" y=\"\(SVG.coordinate(y - r))\" width=\"\(SVG.coordinate(2 * r))\" height=\"\(SVG.coordinate(2 * r))\""
        case .triangle:
            shape = "<polygon points=\"\(Self.points([(x, y - r * 1.2), (x + r * 1.1, y + r * 0.9), (x - r * 1.1, y + r * 0.9)]))\""
        case .diamond:
            shape = "<polygon points=\"\(Self.points([(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]))\""
        }
        return shape + " class=\"marker\" fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>\n"
    }

    private static func points(_ corners: [(Double, Double)]) -> String {
        corners.map { "\(SVG.coordinate($0.0)),\(SVG.coordinate($0.1))" }.joined(separator: " ")
    }
}
