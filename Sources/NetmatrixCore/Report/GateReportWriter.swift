import Foundation

/// Writes a gate's files: gate.json (the report), gate.md (for a pull-request
/// comment or CI step summary) and gate-junit.xml.
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
        ])
    }
}
