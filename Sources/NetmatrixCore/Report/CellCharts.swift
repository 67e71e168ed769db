/// report.html's charts of the cells: a section per topology, and per variant
/// (every axis but message size and data path) goodput and CPU per MB of each
/// data path, each median with its interval. Paths measured at several sizes
/// are lines against message size; a path measured at one size is a labelled
/// bar, and a variant whose paths all have one size is a bar chart alone.
enum CellCharts {
    /// `palette` is the page's: each path looks the same in every chart.
    static func render(_ cells: [CellRecord], palette: SeriesPalette) -> String {
        let ran = cells.filter { $0.summary != nil }
        var html = ""
        for topology in orderedUnique(ran.map(\.topology)) {
            let cells = ran.filter { $0.topology == topology }
            html += "<h2>\(Markup.escape(topology))</h2>\n<div class=\"charts\">\n"
            for variant in orderedUnique(cells.map(variantLabel)) {
                let group = cells.filter { variantLabel($0) == variant }
                let paths = orderedUnique(group.map(\.dataPath))
                let metrics = [ChartMetric.goodput, .cpuPerMB]
                let series = metrics.map { metric in
                    paths.map { path in
                        ChartSeries(
                            name: path, style: palette.style(for: path),
                            points: group.filter { $0.dataPath == path }.compactMap(metric.point))
                    }
                }
                // Lines first, goodput beside CPU; then the one-size paths' bars, in the same order.
                for (metric, all) in zip(metrics, series) {
                    let lines = all.filter { $0.points.count > 1 }
                    guard !lines.isEmpty else { continue }
                    html += LineChart(title: "\(topology) \(variant): \(metric.name)", metric: metric, series: lines).render() + "\n"
                }
                for (metric, all) in zip(metrics, series) {
                    let bars = all.filter { $0.points.count == 1 }
                    guard !bars.isEmpty else { continue }
                    let alone = bars.count == all.count ? "" : ", paths measured at one size"
                    html += BarChart(title: "\(topology) \(variant): \(metric.name)\(alone)", metric: metric, series: bars).render() + "\n"
                }
            }
            html += "</div>\n"
        }
        return html
    }

    /// Groups cells that share everything but message size and data path.
    static func variantLabel(_ cell: CellRecord) -> String {
        var parts = [cell.transport]
        if let mtu = cell.mtu { parts.append("MTU \(mtu)") }
        parts.append("offloads \(cell.offloads)")
        if cell.flows > 1 { parts.append("\(cell.flows) flows") }
        // Placements other than the scheduler's are cells of their own, not a second point at the same size.
        if cell.cpus != CPUPlacement.any.rawValue { parts.append("CPUs \(cell.cpus)") }
        return parts.joined(separator: ", ")
    }

    private static func orderedUnique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
