import Foundation

/// What `netmatrix matrix` prints when it finishes: the verdict, each assertion
/// with its interval, and the cells that did not pass.
public enum TerminalSummary {
    public static func render(_ results: RunResults) -> String {
        var lines = ["netmatrix: \(MarkdownSummary.headline(results))"]
        for assertion in results.assertions {
            let verdict = assertion.verdict.rawValue.replacingOccurrences(of: "_", with: " ").uppercased()
            lines.append("  \(verdict.padding(toLength: 13, withPad: " ", startingAt: 0)) \(JUnitReport.describe(assertion))")
        }
        for cell in results.cells where cell.status != .passed {
            lines.append("  \(cell.status.rawValue.uppercased().padding(toLength: 13, withPad: " ", startingAt: 0)) \(cell.id): \(cell.reason ?? "")")
        }
        let ran = results.cells.compactMap { cell in cell.summary.map { (cell.id, $0) } }
        if !ran.isEmpty {
            lines.append("  cells (median goodput, CPU per MB):")
            for (id, summary) in ran {
                lines.append("    \(id)  \(Units.rate(summary.goodputBitsPerSecond))  \(Units.serviceDemand(summary.serviceDemandMicrosPerMB))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
