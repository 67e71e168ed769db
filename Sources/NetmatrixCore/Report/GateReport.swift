#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A gate's outcome: every compared cell and metric with before, now, the
/// change and its interval, and a verdict; what it was compared against; and
/// the exit status that follows.
public struct GateReport: Codable, Equatable, Sendable {
    public static let currentSchemaVersion = 2

    public var schemaVersion: Int
    /// What "before" is: a baseline's path, or another build's executable.
    public var before: String
    /// What "now" is: a results.json, or this build.
    public var now: String
    public var tolerance: Double
    /// Set when the two sides ran on different machines and were normalised.
    public var normalization: GateComparison.Normalization?
    public var records: [GateRecord]
    /// Cells only one side measured.
    public var unmatched: [String]
    /// Cells a same-run gate could not compare, and why.
    public var problems: [GateProblem]
    public var exitStatus: Int32
    public var exitMeaning: String

    public init(
        before: String, now: String, tolerance: Double, normalization: GateComparison.Normalization?,
        records: [GateRecord], unmatched: [String], problems: [GateProblem] = [], strict: Bool
    ) {
        schemaVersion = Self.currentSchemaVersion
        self.before = before
        self.now = now
        self.tolerance = tolerance
        self.normalization = normalization
        self.records = records
        self.unmatched = unmatched
        self.problems = problems
        let status = Self.status(of: records, problems: problems, strict: strict)
        exitStatus = status.rawValue
        exitMeaning = status.meaning
    }

    /// A regression fails the gate, and so does this build's data path failing
    /// a cell; then refused input, then a harness failure; nothing compared means
    /// there was no usable baseline (or, every cell skipped, nothing ran); an
    /// unknown verdict, or a cell not compared, fails only under `strict`.
    static func status(of records: [GateRecord], problems: [GateProblem], strict: Bool) -> ExitStatus {
        let problemStatuses = Set(problems.map(\.exitStatus))
        if records.contains(where: { $0.verdict == .regressed }) || problemStatuses.contains(.assertionFailed) { return .assertionFailed }
        for status in [ExitStatus.badInput, .infrastructure] where problemStatuses.contains(status) { return status }
        if records.isEmpty { return problemStatuses == [.nothingRan] ? .nothingRan : .noBaseline }
        // Strict: whatever was not decided fails, an unknown verdict or a cell not compared.
        if strict, records.contains(where: { $0.verdict == .unknown }) || !problems.isEmpty { return .assertionFailed }
        return .success
    }

    public func count(_ verdict: ChangeVerdict) -> Int { records.filter { $0.verdict == verdict }.count }

    /// "3 regressed, 1 improved, 10 unchanged, 2 unknown".
    public var headline: String {
        let counts = ChangeVerdict.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
        return "gate: \(counts) (exit \(exitStatus))"
    }

    /// One figure as the tables show it: a rate for goodput, µs/MB for CPU.
    static func figure(_ value: Double, metric: String) -> String {
        metric == AssertionMetric.goodput.rawValue ? Units.rate(value) : Units.serviceDemand(value)
    }

    /// "-9.8% [-12.1%, -7.4%]".
    static func change(_ record: GateRecord) -> String {
        let interval = record.outcome.ratio
        func percent(_ ratio: Double) -> String { ChangeTest.percent(ratio - 1) }
        return "\(percent(interval.estimate)) [\(percent(interval.lower)), \(percent(interval.upper))]"
    }

    /// For a terminal: the headline, then a row per comparison, worst first.
    public func terminalText() -> String {
        var lines = ["netmatrix \(headline)", "  before: \(before)", "  now:    \(now)"]
        if let normalization {
            lines.append("  changes normalised by \(normalization.what): this machine is \(String(format: "%.2f", normalization.machineRatio))x the baseline's")
        }
        for record in ordered {
            lines.append("  \(record.verdict.rawValue.uppercased().padding(toLength: 10, withPad: " ", startingAt: 0)) \(record.cell) \(record.metric): "
                + "\(Self.figure(record.before, metric: record.metric)) -> \(Self.figure(record.now, metric: record.metric)), "
                + "\(Self.change(record)); \(record.outcome.reason)")
        }
        for id in unmatched { lines.append("  UNMATCHED  \(id): measured on one side only") }
        for problem in problems { lines.append("  \(problem.label.uppercased().padding(toLength: 10, withPad: " ", startingAt: 0)) \(problem.cell): \(problem.text)") }
        return lines.joined(separator: "\n")
    }

    /// "±5.0%".
    var toleranceText: String { "±\(ChangeTest.percent(tolerance, sign: false))" }

    /// What normalising did, for gate.md and gate.html; nil when nothing was divided.
    var normalizationNote: String? {
        normalization.map {
            "Changes normalised by \($0.what) (figures as measured); this machine is \(String(format: "%.2f", $0.machineRatio))× the baseline's."
        }
    }

    /// The columns of the table gate.md and gate.html share.
    static let tableColumns = ["verdict", "cell", "metric", "before", "now", "change [95% interval]", "why"]

    /// One row of that table, as plain text under `tableColumns`.
    static func tableRow(_ record: GateRecord) -> [String] {
        [
            record.verdict.rawValue, record.cell, record.metric, figure(record.before, metric: record.metric),
            figure(record.now, metric: record.metric), change(record), record.outcome.reason,
        ]
    }

    /// For a pull-request comment or a CI step summary.
    public func markdown() -> String {
        var text = "# netmatrix \(headline)\n\nBefore: `\(before)`; now: `\(now)`; tolerance \(toleranceText).\n"
        if let normalizationNote { text += normalizationNote + "\n" }
        text += "\n| " + Self.tableColumns.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: Self.tableColumns.count) + "\n"
        for record in ordered {
            let cells = zip(Self.tableColumns, Self.tableRow(record)).map { column, value in column == "cell" ? "`\(value)`" : value }
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        if !unmatched.isEmpty { text += "\nMeasured on one side only: " + unmatched.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
        if !problems.isEmpty {
            text += "\nNot compared:\n\n" + problems.map { "- `\($0.cell)`: \($0.label), \($0.text)\n" }.joined()
        }
        return text
    }

    /// One test case per comparison: a regression is a failure, an unknown a skip.
    public func junit() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        let failed = problems.filter { $0.kind != .unsupported }.count
        xml += "  <testsuite name=\"gate\" tests=\"\(records.count + problems.count)\" failures=\"\(count(.regressed) + failed)\" "
            + "skipped=\"\(count(.unknown) + problems.count - failed)\">\n"
        for record in records {
            let name = Markup.escape("\(record.cell) \(record.metric)")
            let detail = Markup.escape("\(Self.change(record)): \(record.outcome.reason)")
            xml += "    <testcase classname=\"gate\" name=\"\(name)\">"
            switch record.verdict {
            case .regressed: xml += "<failure message=\"regressed \(detail)\"/>"
            case .unknown: xml += "<skipped message=\"unknown \(detail)\"/>"
            case .improved, .unchanged: xml += "<system-out>\(record.verdict.rawValue) \(detail)</system-out>"
            }
            xml += "</testcase>\n"
        }
        for problem in problems {
            let detail = Markup.escape(problem.text)
            xml += "    <testcase classname=\"gate\" name=\"\(Markup.escape(problem.cell))\">"
                + (problem.kind == .unsupported ? "<skipped message=\"\(detail)\"/>" : "<failure message=\"\(detail)\"/>") + "</testcase>\n"
        }
        return xml + "  </testsuite>\n</testsuites>\n"
    }

    /// Regressions first, then unknown, improved, unchanged; by cell within each.
    var ordered: [GateRecord] {
        let rank: [ChangeVerdict: Int] = [.regressed: 0, .unknown: 1, .improved: 2, .unchanged: 3]
        return records.sorted { (rank[$0.verdict] ?? 4, $0.cell, $0.metric) < (rank[$1.verdict] ?? 4, $1.cell, $1.metric) }
    }
}
