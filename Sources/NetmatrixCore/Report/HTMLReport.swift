import Foundation

/// report.html: one self-contained page (inline CSS and SVG, no scripts) with
/// the verdict, the assertions and their intervals, goodput and CPU-per-MB
/// charts against message size per data path and topology, and every cell.
public enum HTMLReport {
    public static func render(_ results: RunResults) -> String {
        var html = "<h1>netmatrix: \(Markup.escape(MarkdownSummary.headline(results)))</h1>\n"
        let env = results.environment
        html += "<p class=\"env\">Kernel \(Markup.escape(env.kernel)) · \(Markup.escape(env.cpuModel)) · \(env.cpuCount) CPUs · SIMD \(Markup.escape(env.simdLevel))"
        if let copy = env.memoryCopyBytesPerSecond { html += " · memcpy \(Markup.escape(Units.rate(copy * 8)))" }
        if let revision = env.gitRevision { html += " · git \(Markup.escape(revision))" }
        html += " · seed \(results.seed) · \(Markup.escape(results.startedAt))</p>\n"

        if !results.assertions.isEmpty {
            html += "<h2>Assertions</h2>\n<table><tr><th>verdict</th><th>assertion</th><th>ratio and 95% interval</th><th>why it should hold</th></tr>\n"
            for assertion in results.assertions {
                html += "<tr><td class=\"\(assertion.verdict.rawValue)\">\(assertion.verdict.rawValue)</td>"
                html += "<td><code>\(Markup.escape(assertion.expression))</code></td><td>"
                if let interval = assertion.interval {
                    html += intervalBar(interval, threshold: assertion.threshold)
                    html += " \(Units.ratio(interval.estimate)) [\(Units.ratio(interval.lower)), \(Units.ratio(interval.upper))]"
                }
                if let reason = assertion.reason { html += " \(Markup.escape(reason))" }
                html += "</td><td>\(Markup.escape(assertion.why))</td></tr>\n"
            }
            html += "</table>\n"
        }

        let ran = results.cells.filter { $0.summary != nil }
        for topology in orderedUnique(ran.map(\.topology)) {
            let cells = ran.filter { $0.topology == topology }
            html += "<h2>\(Markup.escape(topology))</h2>\n<div class=\"charts\">\n"
            for variant in orderedUnique(cells.map(variantLabel)) {
                let group = cells.filter { variantLabel($0) == variant }
                let paths = orderedUnique(group.map(\.dataPath))
                func series(_ value: (CellSummary) -> Double) -> [SVGChart.Series] {
                    paths.map { path in
                        SVGChart.Series(
                            name: path,
                            points: group.filter { $0.dataPath == path }.compactMap { cell in
                                cell.summary.map { (x: Double(cell.messageSize), y: value($0)) }
                            })
                    }
                }
                var goodput = SVGChart(
                    title: "\(topology) \(variant): goodput", yLabel: "Gbit/s",
                    series: series { $0.goodputBitsPerSecond / 1e9 })
                goodput.yTick = { String(format: "%.1f", $0) }
                var demand = SVGChart(
                    title: "\(topology) \(variant): CPU per MB", yLabel: "µs of CPU per MB",
                    series: series(\.serviceDemandMicrosPerMB))
                demand.yTick = { String(format: "%.0f", $0) }
                html += goodput.render() + "\n" + demand.render() + "\n"
            }
            html += "</div>\n"
        }

        html += "<h2>Cells</h2>\n<table><tr><th>cell</th><th>status</th><th>goodput</th><th>CPU µs/MB</th><th>vs memcpy</th><th>zero-copied</th><th>mapped</th><th>retransmits</th><th>plugin counters</th><th>samples</th><th>note</th></tr>\n"
        for cell in results.cells {
            html += "<tr><td><code>\(Markup.escape(cell.id))</code></td><td class=\"\(cell.status.rawValue)\">\(cell.status.rawValue)</td>"
            html += CellColumns.values(cell.summary).map { "<td>\(Markup.escape($0))</td>" }.joined()
            html += "<td>\(cell.samples.count)</td><td>\(Markup.escape(cell.reason ?? ""))</td></tr>\n"
        }
        html += "</table>\n"
        return HTMLPage.render(title: "netmatrix report", style: style, body: html)
    }

    /// Verdict colours of the assertions and status colours of the cells.
    private static let style = """
        .pass{color:#0a7a2f;font-weight:bold}.fail{color:#b00020;font-weight:bold}
        .inconclusive,.not_evaluated,.skipped{color:#8a6d00;font-weight:bold}.failed{color:#b00020;font-weight:bold}.passed{color:#0a7a2f}
        """

    /// Groups cells that share everything but message size and data path.
    private static func variantLabel(_ cell: CellRecord) -> String {
        var parts = [cell.transport]
        if let mtu = cell.mtu { parts.append("MTU \(mtu)") }
        parts.append("offloads \(cell.offloads)")
        if cell.flows > 1 { parts.append("\(cell.flows) flows") }
        return parts.joined(separator: ", ")
    }

    /// A small horizontal bar: the interval, its estimate, and the threshold line.
    private static func intervalBar(_ interval: RatioInterval, threshold: Double) -> String {
        let low = min(interval.lower, threshold) * 0.95
        let high = max(interval.upper, threshold) * 1.05
        let width = 160.0
        func x(_ value: Double) -> Double { (value - low) / max(high - low, 1e-9) * width }
        return "<svg width=\"160\" height=\"14\" viewBox=\"0 0 160 14\" role=\"img\">"
            + "<rect x=\"\(String(format: "%.1f", x(interval.lower)))\" y=\"4\" width=\"\(String(format: "%.1f", max(x(interval.upper) - x(interval.lower), 1)))\" height=\"6\" fill=\"#0072B2\"/>"
            + "<circle cx=\"\(String(format: "%.1f", x(interval.estimate)))\" cy=\"7\" r=\"3\" fill=\"#000\"/>"
            + "<line x1=\"\(String(format: "%.1f", x(threshold)))\" y1=\"0\" x2=\"\(String(format: "%.1f", x(threshold)))\" y2=\"14\" stroke=\"#D55E00\" stroke-width=\"2\"/></svg>"
    }

    private static func orderedUnique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
