import ArgumentParser
import Foundation
import NetmatrixCore

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Compare a run with a stored baseline, cell by cell: regressed, unchanged, improved or unknown.",
        discussion: """
            Compares the raw samples of two runs cell by cell, for goodput and µs of CPU
            per MB. A change is called only when the bootstrap interval of the ratio of
            medians excludes 1, Mann-Whitney U agrees (Holm-adjusted over every comparison
            of the gate), and the change exceeds the cell's own noise floor (the larger
            relative spread, MAD/median, of its two sides). "Unchanged" needs the whole
            interval within ±tolerance; the rest is "unknown". A regression exits 1;
            nothing to compare exits 5.

            Baselines are runs saved with `netmatrix matrix FILE --save-baseline NAME`, one
            JSON file each under Baselines/ (or $NETMATRIX_BASELINES). When the two runs
            come from different CPU models, changes are computed on figures divided by
            each run's own memcpy bandwidth, and the report says how much the machines
            differ.

            Example:
              netmatrix matrix Netns/matrix-gate.yaml --save-baseline main
              netmatrix matrix Netns/matrix-gate.yaml --out .netmatrix/head
              netmatrix gate --baseline main --results .netmatrix/head/results.json

            """ + ExitStatus.helpText
    )

    @Option(help: "The baseline: a name under Baselines/ (or $NETMATRIX_BASELINES), or a path to a results.json.")
    var baseline: String

    @Option(help: "The run to judge: its results.json.")
    var results: String

    @Option(help: "The smallest change worth calling; an interval inside ±tolerance is unchanged (e.g. 5%).")
    var tolerance = "5%"

    @Option(help: "auto (normalise when the CPU models differ), memcpy (always) or none.")
    var normalize = "auto"

    @Option(help: "Write gate.json, gate.md, gate-junit.xml and gate.html into this folder.")
    var out: String?

    @Flag(help: "Treat an unknown verdict as a failure (exit 1).")
    var strict = false

    func validate() throws {
        guard Self.fraction(tolerance) != nil else {
            throw ValidationError("--tolerance \"\(tolerance)\": expected a percentage from 0.1% to 50%, e.g. 5%")
        }
        guard ["auto", "memcpy", "none"].contains(normalize) else { throw ValidationError("--normalize must be auto, memcpy or none") }
    }

    func run() throws {
        try exitingWithStatus("gate") {
            let store = BaselineStore.standard()
            let before = try store.load(baseline)
            let now: (path: String, results: RunResults)
            do throws(BaselineError) {
                now = try store.load(results)
            } catch {
                throw GateInputError.results(error)
            }
            let normalization = try Self.normalization(now: now.results, before: before.results, mode: normalize)
            let comparison = GateComparison(
                test: ChangeTest(bootstrap: RatioBootstrap(seed: now.results.seed), tolerance: Self.fraction(tolerance) ?? 0.05),
                normalization: normalization)
            let (records, unmatched) = comparison.compare(now: Self.samples(now.results), before: Self.samples(before.results))
            let report = GateReport(
                before: before.path, now: now.path, tolerance: comparison.test.tolerance, normalization: normalization,
                records: records, unmatched: unmatched, strict: strict)
            print(report.terminalText())
            if let out { try GateReportWriter(directory: out).write(report) }
            if report.exitStatus != ExitStatus.success.rawValue { throw ExitCode(report.exitStatus) }
        }
    }

    static func samples(_ results: RunResults) -> [String: [CellSample]] {
        Dictionary(results.cells.filter { !$0.samples.isEmpty }.map { ($0.id, $0.samples) }, uniquingKeysWith: { first, _ in first })
    }

    /// "5%" or "0.05" as a fraction in 0.001...0.5.
    static func fraction(_ text: String) -> Double? {
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, (0.001...0.5).contains(value) else { return nil }
        return value
    }

    static func normalization(now: RunResults, before: RunResults, mode: String) throws(GateInputError) -> GateComparison.Normalization? {
        guard mode != "none" else { return nil }
        let nowBandwidth = now.environment.memoryCopyBytesPerSecond
        let beforeBandwidth = before.environment.memoryCopyBytesPerSecond
        // One kind of machine: its memcpy probe drifts with load (by 20% between two runs
        // on a busy 2-vCPU VM), so dividing by it would add noise, not remove it.
        if mode == "auto", now.environment.cpuModel == before.environment.cpuModel { return nil }
        guard let nowBandwidth, let beforeBandwidth, nowBandwidth > 0, beforeBandwidth > 0 else {
            throw .noReference
        }
        return GateComparison.Normalization(what: "memcpy bandwidth", now: nowBandwidth, before: beforeBandwidth)
    }
}

/// Why two runs cannot be compared as asked.
enum GateInputError: Error, CustomStringConvertible, ExitCoded {
    case noReference
    /// The run to judge could not be read: bad input, not a missing baseline.
    case results(BaselineError)

    var description: String {
        switch self {
        case .noReference: "the runs come from different machines and one lacks the memcpy reference to normalise by; use --normalize none to compare raw figures"
        case .results(let error): "--results: \(error.description.replacingOccurrences(of: "baseline ", with: "", options: .anchored))"
        }
    }

    var exitStatus: ExitStatus {
        switch self {
        case .noReference: .noBaseline
        case .results: .badInput
        }
    }
}
