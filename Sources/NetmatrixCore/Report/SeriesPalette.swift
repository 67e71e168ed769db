/// How each data path looks in every chart of a page: one colour, marker and
/// dash per path, assigned once from the sorted set of the page's paths, so
/// "copy → copy" is the same orange in every chart and no two paths look alike.
struct SeriesPalette: Sendable {
    /// Okabe–Ito, which colour-blind readers tell apart; yellow last, as it
    /// is the faintest on white.
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]

    /// Paths are told apart by colour first, then by marker, then by dash:
    /// 8 × 4 × 2 distinct looks before any repeats.
    static let distinctStyles = colours.count * Marker.allCases.count * 2

    private let styles: [String: SeriesStyle]

    init(paths: some Sequence<String>) {
        var styles: [String: SeriesStyle] = [:]
        for (index, path) in Set(paths).sorted().enumerated() {
            let colours = Self.colours.count, markers = Marker.allCases.count
            styles[path] = SeriesStyle(
                colour: Self.colours[index % colours],
                marker: Marker.allCases[index / colours % markers],
                dashed: index / (colours * markers) % 2 == 1)
        }
        self.styles = styles
    }

    /// The look of `path`; a path the page was not built with gets the first.
    func style(for path: String) -> SeriesStyle {
        styles[path] ?? SeriesStyle(colour: Self.colours[0], marker: .circle, dashed: false)
    }
}
