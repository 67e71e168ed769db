import Foundation

/// Writes one run's folder: results.json, junit.xml, summary.md, report.html.
public struct ReportWriter: Sendable {
    public var directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public enum Failure: Error, CustomStringConvertible, ExitCoded {
        case write(path: String, reason: String)

        public var description: String {
            switch self {
            case .write(let path, let reason): "report \(path): write: \(reason)"
            }
        }

        public var exitStatus: ExitStatus { .infrastructure }
    }

    /// The files written, in the order above.
    @discardableResult
    public func write(_ results: RunResults) throws(Failure) -> [URL] {
        try write([
            ("results.json", try json(results, name: "results.json")),
            ("junit.xml", Data(JUnitReport.render(results).utf8)),
            ("summary.md", Data(MarkdownSummary.render(results).utf8)),
            ("report.html", Data(HTMLReport.render(results).utf8)),
        ])
    }

    /// `value` as the JSON every netmatrix document uses: pretty, keys sorted.
    public func json(_ value: some Encodable, name: String) throws(Failure) -> Data {
        do {
            return try Self.encoder.encode(value)
        } catch {
            throw .write(path: directory.appendingPathComponent(name).path, reason: "\(error)")
        }
    }

    /// Creates the folder and writes each file atomically; returns them in order.
    @discardableResult
    public func write(_ files: [(name: String, data: Data)]) throws(Failure) -> [URL] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .write(path: directory.path, reason: error.localizedDescription)
        }
        var written: [URL] = []
        for (name, data) in files {
            let url = directory.appendingPathComponent(name)
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                throw .write(path: url.path, reason: error.localizedDescription)
            }
            written.append(url)
        }
        return written
    }

    /// One cell as results.json holds it: what `netmatrix run --json` prints.
    public static func json(_ cell: CellRecord) throws(Failure) -> String {
        do {
            return String(decoding: try encoder.encode(cell), as: UTF8.self)
        } catch {
            throw .write(path: "standard output", reason: "\(error)")
        }
    }

    /// The JSON every netmatrix document uses: pretty, keys sorted.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
