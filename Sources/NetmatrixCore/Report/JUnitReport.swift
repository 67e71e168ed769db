import Foundation

/// junit.xml: one test case per cell and one per assertion, so CI systems show
/// each data path and each claim as its own line.
public enum JUnitReport {
    public static func render(_ results: RunResults) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let cellFailures = results.cells.filter { $0.status == .failed }.count
        let cellSkips = results.cells.filter { $0.status == .skipped }.count
        let assertionFailures = results.assertions.filter { $0.verdict == .fail }.count
        let assertionSkips = results.assertions.filter { $0.verdict == .inconclusive || $0.verdict == .notEvaluated }.count
        let total = results.cells.count + results.assertions.count
        xml += "<testsuites name=\"netmatrix\" tests=\"\(total)\" failures=\"\(cellFailures + assertionFailures)\">\n"

        xml += suiteOpen("cells", tests: results.cells.count, failures: cellFailures, skipped: cellSkips)
        for cell in results.cells {
            let seconds = cell.samples.reduce(0) { $0 + $1.seconds }
            xml += "    <testcase classname=\"netmatrix.cells.\(attr(cell.topology))\" name=\"\(attr(cell.id))\""
            xml += " time=\"\(String(format: "%.3f", seconds))\">\n"
            switch cell.status {
            case .passed:
                if let summary = cell.summary {
                    xml += "      <system-out>\(text("goodput \(Units.rate(summary.goodputBitsPerSecond)), \(Units.serviceDemand(summary.serviceDemandMicrosPerMB)), \(summary.samples) samples"))</system-out>\n"
                }
            case .failed:
                xml += "      <failure message=\"\(attr(cell.reason ?? "failed"))\"/>\n"
            case .skipped:
                xml += "      <skipped message=\"\(attr(cell.reason ?? "skipped"))\"/>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n"

        xml += suiteOpen(
            "assertions", tests: results.assertions.count, failures: assertionFailures, skipped: assertionSkips)
        for assertion in results.assertions {
            xml += "    <testcase classname=\"netmatrix.assertions\" name=\"\(attr(assertion.name))\">\n"
            let detail = describe(assertion)
            switch assertion.verdict {
            case .pass:
                xml += "      <system-out>\(text(detail))</system-out>\n"
            case .fail:
                xml += "      <failure message=\"\(attr(detail))\">\(text(assertion.why))</failure>\n"
            case .inconclusive:
                xml += "      <skipped message=\"inconclusive: \(attr(detail))\"/>\n"
            case .notEvaluated:
                xml += "      <skipped message=\"\(attr(detail))\"/>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// "goodput(a)/goodput(b) >= 1.05: 1.120 [1.080, 1.160] (95%)"
    static func describe(_ assertion: AssertionRecord) -> String {
        var line = assertion.expression
        if let interval = assertion.interval {
            line += ": \(Units.ratio(interval.estimate)) [\(Units.ratio(interval.lower)), \(Units.ratio(interval.upper))]"
            line += " (\(Int((interval.confidence * 100).rounded()))%)"
        }
        if let reason = assertion.reason { line += "; \(reason)" }
        return line
    }

    private static func suiteOpen(_ name: String, tests: Int, failures: Int, skipped: Int) -> String {
        "  <testsuite name=\"\(name)\" tests=\"\(tests)\" failures=\"\(failures)\" skipped=\"\(skipped)\" errors=\"0\">\n"
    }

    private static func attr(_ value: String) -> String { Markup.escape(value) }
    private static func text(_ value: String) -> String { Markup.escape(value) }
}
