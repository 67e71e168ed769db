/// How each data path looks in every chart of a page: one colour, marker and
/// dash per path, assigned once from the sorted set of the page's paths, so
/// "copy → copy" is the same orange in every chart and no two paths look alike.
struct SeriesPalette: Sendable {
    /// Okabe–Ito, which colour-blind readers tell apart; yellow last, as it
    /// is the faintest on white.
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]

    /// Paths are told apart by colour first; each further round of colours
    /// changes the marker and the dash together where it can, so a path that
    /// shares a colour differs in more than its marker: 8 × 4 × 2 distinct
    /// looks before any repeats.
    static let distinctStyles = colours.count * Marker.allCases.count * 2

    private let styles: [String: SeriesStyle]

    init(paths: some Sequence<String>) {
        var styles: [String: SeriesStyle] = [:]
        let markers = Marker.allCases.count
        for (index, path) in Set(paths).sorted().enumerated() {
            let round = index / Self.colours.count
            // Rounds 0...7 give the (marker, dashed) pairs (0, no), (1, yes), (2, no), (3, yes), (0, yes), (1, no), …: all eight.
            styles[path] = SeriesStyle(
                colour: Self.colours[index % Self.colours.count],
                marker: Marker.allCases[round % markers],
                dashed: (round + round / markers) % 2 == 1)
        }
        self.styles = styles
    }

    /// The look of `path`; a path the page was not built with gets the first.
    func style(for path: String) -> SeriesStyle {
        styles[path] ?? SeriesStyle(colour: Self.colours[0], marker: .circle, dashed: false)
    }
}
