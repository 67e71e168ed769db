import Foundation

/// report.html: one self-contained page (inline CSS and SVG, no scripts) with
/// the verdict, the assertions (a chart of each ratio against its threshold,
/// and a table), goodput and CPU-per-MB charts of each data path per topology
/// (`CellCharts`), and every cell.
public enum HTMLReport {
    public static func render(_ results: RunResults) -> String {
        var html = "<h1>netmatrix: \(Markup.escape(MarkdownSummary.headline(results)))</h1>\n"
        let env = results.environment
        html += "<p class=\"env\">Kernel \(Markup.escape(env.kernel)) · \(Markup.escape(env.cpuModel)) · \(env.cpuCount) CPUs · SIMD \(Markup.escape(env.simdLevel))"
        if let copy = env.memoryCopyBytesPerSecond { html += " · memcpy \(Markup.escape(Units.rate(copy * 8)))" }
        if let revision = env.gitRevision { html += " · git \(Markup.escape(revision))" }
        html += " · seed \(results.seed) · \(Markup.escape(results.startedAt))</p>\n"

        if !results.assertions.isEmpty {
            let confidence = results.assertions.lazy.compactMap(\.interval).first?.confidence ?? 0.95
            html += "<h2>Assertions</h2>\n<p class=\"legend\">\(Markup.escape(AssertionChart.legend(confidence: confidence)))</p>\n<div class=\"charts\">\n"
            html += AssertionChart.charts(results.assertions).map { $0.render() + "\n" }.joined() + "</div>\n"
            html += "<table><tr><th>verdict</th><th>assertion</th><th>ratio and 95% interval</th><th>why it should hold</th></tr>\n"
            for assertion in results.assertions {
                html += "<tr><td class=\"\(assertion.verdict.rawValue)\">\(assertion.verdict.rawValue)</td>"
                html += "<td><code>\(Markup.escape(assertion.expression))</code></td><td>"
                if let interval = assertion.interval {
                    html += "\(Units.ratio(interval.estimate)) [\(Units.ratio(interval.lower)), \(Units.ratio(interval.upper))]"
                }
                if let reason = assertion.reason { html += " \(Markup.escape(reason))" }
                html += "</td><td>\(Markup.escape(assertion.why))</td></tr>\n"
            }
            html += "</table>\n"
        }

        let ran = results.cells.filter { $0.summary != nil }
        html += CellCharts.render(results.cells, palette: SeriesPalette(paths: ran.map(\.dataPath)))

        html += "<h2>Cells</h2>\n<table><tr><th>cell</th><th>status</th>" + CellColumns.headers.map { "<th>\($0)</th>" }.joined() + "<th>samples</th><th>note</th></tr>\n"
        for cell in results.cells {
            html += "<tr><td><code>\(Markup.escape(cell.id))</code></td><td class=\"\(cell.status.rawValue)\">\(cell.status.rawValue)</td>"
            html += CellColumns.values(cell.summary).map { "<td>\(Markup.escape($0))</td>" }.joined()
            html += "<td>\(cell.samples.count)</td><td>\(Markup.escape(cell.reason ?? ""))</td></tr>\n"
        }
        html += "</table>\n"
        return HTMLPage.render(title: "netmatrix report", style: style, body: html)
    }

    /// The assertion table's verdicts in the assertion charts' colours; the cell table's statuses; the charts' legend.
    private static let style = ([Verdict.pass, .fail, .inconclusive, .notEvaluated].map {
        "td.\($0.rawValue){color:\(AssertionChart.colour($0));font-weight:bold}"
    } + [
        "td.skipped{color:#8a6d00;font-weight:bold}td.failed{color:#b00020;font-weight:bold}td.passed{color:#0a7a2f}",
        ".legend{font-size:13px;color:#444}",
    ]).joined(separator: "\n")
}
