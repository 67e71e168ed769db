import Foundation

/// summary.md: the verdict first, then assertions, then one row per cell. Sized
/// for a CI step summary (GitHub's $GITHUB_STEP_SUMMARY takes Markdown).
public enum MarkdownSummary {
    public static func render(_ results: RunResults) -> String {
        var md = "# netmatrix: \(headline(results))\n\n"
        md += "Kernel \(results.environment.kernel), \(results.environment.cpuModel) "
        md += "(\(results.environment.cpuCount) CPUs, \(results.environment.simdLevel))"
        if let copy = results.environment.memoryCopyBytesPerSecond {
            md += ", memcpy \(Units.rate(copy * 8))"
        }
        md += ", seed \(results.seed).\n\n"

        if !results.assertions.isEmpty {
            md += "## Assertions\n\n| verdict | assertion | ratio [95% CI] | why |\n|---|---|---|---|\n"
            for assertion in results.assertions {
                let interval = assertion.interval.map {
                    "\(Units.ratio($0.estimate)) [\(Units.ratio($0.lower)), \(Units.ratio($0.upper))]"
                } ?? (assertion.reason ?? "–")
                md += "| \(badge(assertion.verdict)) | `\(cell(assertion.expression))` | \(cell(interval)) | \(cell(assertion.why)) |\n"
            }
            md += "\n"
        }

        let columns = ["cell", "status"] + CellColumns.headers + ["note"]
        md += "## Cells\n\n| " + columns.joined(separator: " | ") + " |\n"
        md += "|" + String(repeating: "---|", count: columns.count) + "\n"
        for record in results.cells {
            md += "| `\(cell(record.id))` | \(record.status.rawValue) "
            md += CellColumns.values(record.summary).map { "| \($0) " }.joined()
            md += "| \(cell(record.reason ?? "")) |\n"
        }
        return md
    }

    static func headline(_ results: RunResults) -> String {
        let passed = results.assertions.filter { $0.verdict == .pass }.count
        let failed = results.assertions.filter { $0.verdict == .fail }.count
        let open = results.assertions.filter { $0.verdict == .inconclusive }.count
        let unevaluated = results.assertions.filter { $0.verdict == .notEvaluated }.count
        let ran = results.cells.filter { $0.status == .passed }.count
        let cellsFailed = results.cells.filter { $0.status == .failed }.count
        let skipped = results.cells.filter { $0.status == .skipped }.count
        let title = ExitStatus(rawValue: results.exitStatus)?.title ?? "exit \(results.exitStatus)"
        return "\(title) — cells: \(ran) ran, \(cellsFailed) failed, \(skipped) skipped; "
            + "assertions: \(passed) passed, \(failed) failed, \(open) inconclusive"
            + (unevaluated > 0 ? ", \(unevaluated) not evaluated" : "") + " (exit \(results.exitStatus))"
    }

    private static func badge(_ verdict: Verdict) -> String {
        switch verdict {
        case .pass: "✅ pass"
        case .fail: "❌ fail"
        case .inconclusive: "❔ inconclusive"
        case .notEvaluated: "⏭ not evaluated"
        }
    }

    /// Keeps a value inside its table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
