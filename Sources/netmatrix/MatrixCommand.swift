import ArgumentParser
import Foundation
import NetmatrixCore

struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Run a matrix of cells with ratio assertions and write its reports.",
        discussion: """
            Runs every cell of the matrix file (warm-up, then interleaved rounds),
            evaluates each assertion on a bootstrap interval of the ratio of medians,
            gives an inconclusive one more rounds up to the file's budget, and writes
            results.json, junit.xml, summary.md and report.html into one folder per
            run. Every file, plugin, option and assertion is checked before anything
            is built.

            Example: netmatrix matrix Netns/matrix.yaml --quick --filter veth/
            """ + "\n\n" + ExitStatus.helpText
    )

    @Argument(help: "The matrix file.")
    var file = "Netns/matrix.yaml"

    @Flag(help: "A short form: 0.3 s samples, 3 rounds, at most 5.")
    var quick = false

    @Option(name: .customLong("filter"), help: "Run only cells whose id contains this text (repeatable).")
    var filters: [String] = []

    @Option(help: "Seed for the cell order and the bootstrap (default: from the clock, printed).")
    var seed: UInt64?

    @Option(help: "Folder for this run's reports (default: .netmatrix/runs/<time>).")
    var out: String?

    @Option(help: "Receiver verification: sampled, full or off.")
    var verify = "sampled"

    @Flag(help: "Treat an inconclusive assertion as a failure (exit 1).")
    var strict = false

    @Option(help: "Pin every cell's workers: any, same (one CPU) or split (sender and receiver on two); overrides the file's cpus axis.")
    var cpus: String?

    @Flag(help: "List the cells and assertions, then exit without running.")
    var list = false

    @Option(help: "Also keep this run as baseline NAME for `netmatrix gate` (Baselines/NAME.json, or under $NETMATRIX_BASELINES).")
    var saveBaseline: String?

    @Option(help: "Slow the cells chosen by --inject-into by this much extra CPU work in their plugins (e.g. 10%): a regression of known size, to prove a gate.")
    var injectSlowdown: String?

    @Option(help: "With --inject-slowdown: the cells to slow, those whose id contains this text.")
    var injectInto: String?

    func validate() throws {
        if (injectSlowdown == nil) != (injectInto == nil) { throw ValidationError("--inject-slowdown and --inject-into go together") }
        if let injectSlowdown, SlowdownInjection.percent(injectSlowdown) == nil {
            throw ValidationError("--inject-slowdown \"\(injectSlowdown)\": expected a whole percentage from 1% to 1000%, e.g. 10%")
        }
        if injectSlowdown != nil, saveBaseline != nil {
            throw ValidationError("--save-baseline with --inject-slowdown would keep a deliberately slowed run as the baseline")
        }
        guard VerificationLevel(rawValue: verify) != nil else {
            throw ValidationError("--verify must be sampled, full or off")
        }
        if let saveBaseline, !BaselineStore.isValidName(saveBaseline) {
            throw ValidationError("--save-baseline \"\(saveBaseline)\": \(BaselineError.badName(saveBaseline))")
        }
        if let cpus, CPUPlacement(rawValue: cpus) == nil {
            throw ValidationError("--cpus must be \(CPUPlacement.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let loaded: MatrixFile.Loaded
        do {
            loaded = try MatrixFile.load(path: file)
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        // Plan: the file checked, the command line's overrides, the selected cells, every plugin checked.
        let seed = self.seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let plan: MatrixPlan
        do throws(MatrixPlan.Failure) {
            plan = try MatrixPlan(
                file: loaded, path: file, quick: quick, cpus: cpus.flatMap(CPUPlacement.init(rawValue:)), seed: seed,
                filters: filters, searchPath: PluginSearchPath.standard())
        } catch {
            switch error {
            case .noCells(let reason): printError("\(file): \(reason)")
            case .refused(let refusals): refusals.forEach { printError($0.description) }
            case .limits, .noExecutable: printError("netmatrix matrix: \(error)")
            }
            throw ExitCode(error.exitStatus.rawValue)
        }
        let spec = plan.spec
        let injection: SlowdownInjection?
        do throws(SlowdownInjection.Refusal) {
            injection = try injectSlowdown.flatMap(SlowdownInjection.percent).map { percent throws(SlowdownInjection.Refusal) in
                try SlowdownInjection.plan(
                    percent: percent, filter: injectInto ?? "", cells: plan.cells, resolved: plan.resolved, described: plan.plugins)
            }
        } catch {
            printError("netmatrix matrix: \(error)")
            throw ExitCode(error.exitStatus.rawValue)
        }
        if list {
            plan.cells.forEach { print($0.id) }
            spec.assertions.forEach { print("assert \($0.name): \($0.expression)") }
            return
        }
        // Where the reports go must be writable before minutes of measuring, not after.
        let startedAt = Date()
        let folder = out ?? ".netmatrix/runs/\(Self.folderName(startedAt))"
        if let problem = Self.unwritableFolderProblem(folder) {
            printError("netmatrix matrix: --out \(folder): \(problem)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        try PrivilegedExecution.enter()

        // Execute and evaluate.
        printError("netmatrix matrix: \(plan.cells.count) cells, \(spec.assertions.count) assertions, seed \(seed); measuring memcpy bandwidth")
        let copyBandwidth = MemoryCopyProbe().measure()
        let environment = RunEnvironment.probe(plugins: plan.plugins, copyBandwidth: copyBandwidth)

        let progress = ProgressLine()
        let clock = ContinuousClock()
        let start = clock.now
        if let injection { printError("netmatrix matrix: injecting \(injection.percent)% more work into \(injection.cells.sorted().joined(separator: ", "))") }
        let execution = plan.execute(
            verification: VerificationLevel(rawValue: verify) ?? .sampled, injection: injection, memoryCopyBytesPerSecond: copyBandwidth
        ) { step in
            progress.update(ProgressEstimate(step, elapsedSeconds: (clock.now - start).seconds, firstRunSeconds: spec.sampleDuration + 0.5).line)
        }
        progress.finish()
        for leftover in execution.leftovers { printError("netmatrix matrix: teardown: \(leftover)") }
        let outcome = execution.outcome
        let status = outcome.exitStatus(strict: strict)

        // Report.
        let formatter = ISO8601DateFormatter()
        let results = RunResults(
            netmatrixVersion: NetmatrixVersion.string, startedAt: formatter.string(from: startedAt),
            finishedAt: formatter.string(from: Date()), seed: seed, matrixFile: file, environment: environment,
            cells: outcome.cells, assertions: outcome.assertions, exitStatus: status)
        do {
            try ReportWriter(directory: URL(fileURLWithPath: folder)).write(results)
        } catch {
            printError("netmatrix matrix: \(error)")
            throw ExitCode(ExitStatus.infrastructure.rawValue)
        }
        print(TerminalSummary.render(results))
        print("reports: \(folder)/{results.json,junit.xml,summary.md,report.html}")
        if let saveBaseline {
            do {
                print("baseline: \(try BaselineStore.standard().save(results, name: saveBaseline))")
            } catch {
                printError("netmatrix matrix: \(error)")
                throw ExitCode(error.exitStatus.rawValue)
            }
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// Creates `folder` (and its parents) and checks it takes files; nil when it
    /// does, else the kernel's reason.
    static func unwritableFolderProblem(_ folder: String) -> String? {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard access(folder, W_OK) != 0 else { return nil }
        return "cannot write there: \(String(cString: strerror(errno)))"
    }

    static func folderName(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
