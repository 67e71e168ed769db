import ArgumentParser
import Foundation
import NetmatrixCore

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Compare this build with another, or a run with a stored baseline, cell by cell: regressed, unchanged, improved or unknown.",
        discussion: """
            Two forms, one verdict logic:

              netmatrix gate --against OTHER [MATRIX]
                runs every cell of MATRIX (default Netns/matrix-gate.yaml) with this
                build's workers and with OTHER's (another build's netmatrix, or the
                folder that holds it and its plugins), paired in a random order on the
                same topology, and compares the two. The strongest form: no stored
                baseline, no machine difference. Both builds must speak the same
                worker protocol version (`netmatrix worker --protocol-version`).

              netmatrix gate --baseline NAME [--results FILE | MATRIX]
                compares a run with a baseline saved by
                `netmatrix matrix MATRIX --save-baseline NAME` (Baselines/NAME.json, or
                under $NETMATRIX_BASELINES): the run's results.json, or without
                --results a run of MATRIX made now (reports in OUT/run). When the runs come from different CPU
                models, changes are computed on figures divided by each run's own
                memcpy bandwidth, and the report says how much the machines differ.

            Goodput and µs of CPU per MB are compared per cell. A change is called only
            when Mann-Whitney U finds it (Holm-adjusted over every comparison of the
            gate), its 95% interval excludes 1 (the Hodges-Lehmann ratio, the median of
            every now/before ratio, with the interval that inverts the test), and it
            exceeds the cell's own noise floor (the larger relative spread, MAD/median,
            of its two sides). "Unchanged" needs the whole interval within ±tolerance;
            the rest is "unknown", and in the same-run form an unknown cell earns more
            paired rounds up to the matrix's sampling budget first. A regression exits
            1; nothing to compare exits 5.

            --inject-slowdown PCT --inject-into TEXT gives the cells whose id contains
            TEXT (this build's, with --against) PCT% more CPU work in their sender and
            receiver plugins, which must declare a slowdown option (the copy plugin
            does): a regression of known size, to prove the gate (`make gate-check`).

            Examples:
              netmatrix gate --against ../base/.build/release --out .netmatrix/gate
              netmatrix gate --baseline main --results .netmatrix/head/results.json
              netmatrix gate --baseline main Netns/matrix-gate.yaml --out .netmatrix/gate

            """ + ExitStatus.helpText
    )

    @Argument(help: "The matrix file whose cells are run and compared (default: Netns/matrix-gate.yaml; not with --results).")
    var matrix: String?

    private var file: String { matrix ?? "Netns/matrix-gate.yaml" }

    @Option(help: "Another build to compare this one with: its netmatrix executable, or the folder holding it and its plugins.")
    var against: String?

    @Option(help: "A stored baseline to compare with: a name under Baselines/ (or $NETMATRIX_BASELINES), or a path to a results.json.")
    var baseline: String?

    @Option(help: "With --baseline: the run to judge, its results.json (default: run MATRIX now).")
    var results: String?

    @Option(name: .customLong("filter"), help: "Run and compare only cells whose id contains this text (repeatable).")
    var filters: [String] = []

    @Option(help: "Seed for the order of cells (and builds) of the run made now (default: from the clock, printed).")
    var seed: UInt64?

    @OptionGroup var slowdown: SlowdownOptions

    @Option(help: "The smallest change worth calling; an interval inside ±tolerance is unchanged (e.g. 5%).")
    var tolerance = "5%"

    @Option(help: "With --baseline: auto (normalise when the CPU models differ), memcpy (always) or none.")
    var normalize = "auto"

    @Option(help: "Write gate.json, gate.md, gate-junit.xml and gate.html into this folder.")
    var out: String?

    @Flag(help: "Treat an unknown verdict as a failure (exit 1).")
    var strict = false

    @OptionGroup var search: PluginSearchOptions

    func validate() throws {
        guard Self.fraction(tolerance) != nil else {
            throw ValidationError("--tolerance \"\(tolerance)\": expected a percentage from 0.1% to 50%, e.g. 5%")
        }
        guard ["auto", "memcpy", "none"].contains(normalize) else { throw ValidationError("--normalize must be auto, memcpy or none") }
        guard (against == nil) != (baseline == nil) else { throw ValidationError("give --against OTHER-BUILD or --baseline NAME, one of them") }
        if against != nil {
            if results != nil { throw ValidationError("--results goes with --baseline; --against runs the cells itself") }
            if normalize != "auto" { throw ValidationError("--normalize goes with --baseline; --against measures both builds on this machine") }
        } else if results != nil, matrix != nil || !filters.isEmpty || seed != nil || slowdown.isSet || !search.pluginPaths.isEmpty {
            throw ValidationError("MATRIX, --filter, --seed, --inject-* and --plugin-path shape a run made now; --results judges a finished one")
        }
    }

    func run() throws {
        try exitingWithStatus("gate") {
            let report = try against.map(sameRun) ?? againstBaseline()
            print(report.terminalText())
            if let out { try GateReportWriter(directory: out).write(report) }
            if report.exitStatus != ExitStatus.success.rawValue { throw ExitCode(report.exitStatus) }
        }
    }

    private var test: ChangeTest {
        ChangeTest(tolerance: Self.fraction(tolerance) ?? 0.05)
    }

    /// Both builds' workers, paired cell by cell in one run.
    private func sameRun(_ other: String) throws -> GateReport {
        let run = MatrixRun(
            file: file, filters: filters, seed: seed, out: out, injectSlowdown: slowdown.injectSlowdown, injectInto: slowdown.injectInto,
            pluginPaths: search.pluginPaths, command: "gate", writesReports: out != nil)
        let planned = try run.plan()
        let plan = planned.plan
        let spec = plan.spec
        // The other build looks in the same extra places, before its own plugin folder.
        let otherBuild = try OtherBuild(
            path: other, explicitPaths: search.pluginPaths + spec.pluginPaths, uses: spec.pluginUses(among: plan.cells, path: file))
        for (text, reason) in otherBuild.unavailable.sorted(by: { $0.key < $1.key }) {
            printError("netmatrix gate: --against \(otherBuild.executable): cannot run \(text), its cells are not compared: \(reason)")
        }
        try PrivilegedExecution.enter()
        printError("netmatrix gate: \(plan.cells.count) cells, this build against \(otherBuild.executable), seed \(plan.seed)"
            + (planned.injection.map { "; injecting \($0.percent)% into \($0.cells.sorted().joined(separator: ", "))" } ?? ""))
        let comparison = GateComparison(test: test)
        let progress = ProgressLine()
        let clock = ContinuousClock()
        let start = clock.now
        let execution = plan.executeGate(against: otherBuild, comparison: comparison, injection: planned.injection, verification: .sampled) { step in
            let estimate = ProgressEstimate(
                cellID: "\(step.cell.id) (\(step.side.rawValue))", isWarmup: step.isWarmup, index: step.index, planned: step.planned,
                maximum: step.maximum, elapsedSeconds: (clock.now - start).seconds, firstRunSeconds: spec.sampleDuration + 0.3)
            progress.update(estimate.line)
        }
        progress.finish()
        for leftover in execution.leftovers { printError("netmatrix gate: teardown: \(leftover)") }
        let rounds = execution.outcome.rounds.values
        printError("netmatrix gate: \(rounds.min() ?? 0) to \(rounds.max() ?? 0) rounds a cell, \(Int((clock.now - start).seconds)) s")
        return GateReport(
            before: otherBuild.executable, now: WorkerExecutable.locate() ?? "this build", tolerance: comparison.test.tolerance,
            normalization: nil, records: execution.outcome.records, unmatched: [], problems: execution.outcome.problems, strict: strict)
    }

    /// A run, finished or made now, against a stored one.
    private func againstBaseline() throws -> GateReport {
        let store = BaselineStore.standard()
        // Before minutes of measuring: a missing baseline exits 5 at once.
        let before = try store.load(baseline ?? "")
        let now: (path: String, results: RunResults)
        if let results {
            do throws(BaselineError) {
                now = try store.load(results)
            } catch {
                throw GateInputError.results(error)
            }
        } else {
            let run = MatrixRun(
                file: file, filters: filters, seed: seed, out: out.map { $0 + "/run" }, injectSlowdown: slowdown.injectSlowdown,
                injectInto: slowdown.injectInto, pluginPaths: search.pluginPaths, command: "gate")
            let planned = try run.plan()
            let measured = try run.measure(planned)
            // Cells that failed have no samples to judge: the run's own failure is the answer.
            guard measured.exitStatus == ExitStatus.success.rawValue else {
                printError("netmatrix gate: the run failed (exit \(measured.exitStatus)); nothing compared")
                throw ExitCode(measured.exitStatus)
            }
            now = (planned.folder.map { $0 + "/results.json" } ?? "the run made now", measured)
        }
        let normalization = try Self.normalization(now: now.results, before: before.results, mode: normalize)
        let comparison = GateComparison(test: test, normalization: normalization)
        let (records, unmatched) = comparison.compare(now: Self.samples(now.results), before: Self.samples(before.results))
        return GateReport(
            before: before.path, now: now.path, tolerance: comparison.test.tolerance, normalization: normalization,
            records: records, unmatched: unmatched, strict: strict)
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
