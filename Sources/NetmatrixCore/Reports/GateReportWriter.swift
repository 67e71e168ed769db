import Foundation

/// Writes a gate's files: gate.json (the report), gate.md (for a pull-request
/// comment or CI step summary) and gate-junit.xml.
public struct GateReportWriter: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    @discardableResult
    public func write(_ report: GateReport) throws(ReportWriter.Failure) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do {
            json = try encoder.encode(report)
        } catch {
            throw .write(path: directory + "/gate.json", reason: "\(error)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .write(path: directory, reason: error.localizedDescription)
        }
        var written: [String] = []
        for (name, data) in [("gate.json", json), ("gate.md", Data(report.markdown().utf8)), ("gate-junit.xml", Data(report.junit().utf8))] {
            let path = directory + "/" + name
            do {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .write(path: path, reason: error.localizedDescription)
            }
            written.append(path)
        }
        return written
    }
}
