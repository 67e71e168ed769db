import Foundation

/// Writes a gate's files: gate.json (the report), gate.md (for a pull-request
/// comment or CI step summary), gate-junit.xml and gate.html (the page with
/// the before/after chart).
public struct GateReportWriter: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    @discardableResult
    public func write(_ report: GateReport) throws(ReportWriter.Failure) -> [URL] {
        let writer = ReportWriter(directory: URL(fileURLWithPath: directory))
        return try writer.write([
            ("gate.json", try writer.json(report, name: "gate.json")),
            ("gate.md", Data(report.markdown().utf8)),
            ("gate-junit.xml", Data(report.junit().utf8)),
            ("gate.html", Data(GateHTML.render(report).utf8)),
        ])
    }
}
