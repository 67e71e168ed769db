/// gate.html: one self-contained page (inline CSS and SVG, no scripts) with the
/// gate's headline and exit status, what was compared with what, a before/after
/// chart per metric (worst first) and gate.md's table.
public enum GateHTML {
    public static func render(_ report: GateReport) -> String {
        let counts = ChangeVerdict.allCases.map { "<span class=\"\($0.rawValue)\">\(report.count($0)) \($0.rawValue)</span>" }
        var html = "<h1>netmatrix gate: \(counts.joined(separator: ", ")) (exit \(report.exitStatus))</h1>\n"
        html += "<p>Exit \(report.exitStatus) — \(Markup.escape(report.exitMeaning)).</p>\n"
        html += "<p class=\"env\">Before: <code>\(Markup.escape(report.before))</code>; now: <code>\(Markup.escape(report.now))</code>; "
            + "tolerance \(Markup.escape(report.toleranceText)).</p>\n"
        if let note = report.normalizationNote { html += "<p class=\"env\">\(Markup.escape(note))</p>\n" }

        html += "<h2>Before and now</h2>\n"
        let ordered = report.ordered
        if ordered.isEmpty {
            html += "<p>Nothing compared: the two runs share no measured cell.</p>\n"
        } else {
            let axis = GateChart.changeAxis(of: ordered, tolerance: report.tolerance)
            // The gate's metrics in their order, then any other a report holds.
            let known = GateComparison.metrics.map(\.rawValue)
            let metrics = known.filter { metric in ordered.contains { $0.metric == metric } }
                + Set(ordered.map(\.metric)).subtracting(known).sorted()
            html += "<div class=\"charts\">\n"
            for metric in metrics {
                let chart = GateChart(
                    metric: metric, records: ordered.filter { $0.metric == metric }, tolerance: report.tolerance, changeAxis: axis)
                html += chart.render() + "\n"
            }
            html += "</div>\n"
        }

        html += "<h2>Comparisons</h2>\n<table><tr>" + GateReport.tableColumns.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr>\n"
        for record in ordered {
            let cells = zip(GateReport.tableColumns, GateReport.tableRow(record)).map { column, value in
                switch column {
                case "verdict": "<td class=\"\(record.verdict.rawValue)\">\(Markup.escape(value))</td>"
                case "cell": "<td><code>\(Markup.escape(value))</code></td>"
                default: "<td>\(Markup.escape(value))</td>"
                }
            }
            html += "<tr>" + cells.joined() + "</tr>\n"
        }
        html += "</table>\n"
        if !report.unmatched.isEmpty {
            html += "<p>Measured on one side only: " + report.unmatched.map { "<code>\(Markup.escape($0))</code>" }.joined(separator: ", ") + "</p>\n"
        }
        return HTMLPage.render(title: "netmatrix \(report.headline)", style: style, body: html)
    }

    /// The verdict colours of the chart, on the headline's counts and the table's verdicts.
    private static let style = ChangeVerdict.allCases.map {
        "span.\($0.rawValue),td.\($0.rawValue){color:\(GateChart.colour($0));font-weight:bold}"
    }.joined(separator: "\n")
}
