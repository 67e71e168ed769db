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

    func validate() throws {
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
        var spec = loaded.spec
        if quick {
            spec.sampleDuration = min(spec.sampleDuration, 0.3)
            spec.sampleBytes = nil
            spec.warmupRounds = min(spec.warmupRounds, 1)
            spec.sampling = AdaptiveSampling(initialRounds: 3, stepRounds: 2, maximumRounds: 5)
        }
        if let cpus {
            spec.blocks = spec.blocks.map { block in
                var pinned = block
                pinned.axes[.cpus] = [cpus]
                return pinned
            }
        }
        let seed = self.seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let runner = MatrixRunner(spec: spec, seed: seed, filters: filters)
        let cells = runner.selectedCells
        guard !cells.isEmpty else {
            printError("\(file): no cell matches --filter \(filters.joined(separator: ", "))")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        // The plan's plugin check (the same as `run`'s): every plugin the selected cells
        // name is described in a throwaway worker and checked before anything is built.
        guard let executable = WorkerExecutable.locate() else {
            printError("netmatrix matrix: \(CellRunner.RunError.noExecutable)")
            throw ExitCode(ExitStatus.infrastructure.rawValue)
        }
        let searchPath = PluginSearchPath.standard()
        let catalog = PluginCatalog(searchPath: searchPath, inspector: PluginInspector(executable: executable))
        let refusals = PluginPlan.refusals(spec.pluginUses(among: cells, path: file), in: catalog)
        guard refusals.isEmpty else {
            refusals.forEach { printError($0.description) }
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        if list {
            cells.forEach { print($0.id) }
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

        let cellRunner = CellRunner(executable: executable, searchPath: searchPath)
        let executor = TopologyCellExecutor(
            spec: spec, topologies: loaded.topologies, runner: cellRunner,
            verification: VerificationLevel(rawValue: verify) ?? .sampled)
        // Every plugin's descriptor, read once for the check above: for results.json.
        let plugins = catalog.discover().plugins

        printError("netmatrix matrix: \(cells.count) cells, \(spec.assertions.count) assertions, seed \(seed); measuring memcpy bandwidth")
        let copyBandwidth = MemoryCopyProbe().measure()
        let environment = Self.environment(plugins: plugins, copyBandwidth: copyBandwidth)

        let progress = ProgressLine()
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = runner.run(
            with: executor, memoryCopyBytesPerSecond: copyBandwidth, offloadsReadBack: executor.offloadsReadBack
        ) { step in
            progress.update(ProgressEstimate(step, elapsedSeconds: (clock.now - start).seconds, firstRunSeconds: spec.sampleDuration + 0.5).line)
        }
        progress.finish()
        for leftover in executor.close() { printError("netmatrix matrix: teardown: \(leftover)") }

        var status = outcome.exitStatus
        if strict, status == .success, outcome.assertions.contains(where: { $0.verdict == Verdict.inconclusive }) {
            status = .assertionFailed
        }
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

    static func environment(plugins found: [PluginInfo], copyBandwidth: Double?) -> RunEnvironment {
        let kernel = KernelFeatures.probe()
        let cpu = CPUFeatures.detect()
        var features: [String: String] = [:]
        for feature in kernel.all {
            features[feature.name] = feature.probe.available ? "yes: \(feature.probe.how)" : "no: \(feature.probe.reason ?? feature.probe.how)"
        }
        let plugins = found.map { PluginRecord(name: $0.name, version: $0.version, abi: $0.abi, file: $0.file) }
        return RunEnvironment(
            kernel: kernel.release, cpuModel: cpu.model ?? "unknown", cpuCount: ProcessInfo.processInfo.activeProcessorCount,
            simdLevel: "\(cpu.simd)", gitRevision: GitRevision.current(), plugins: plugins,
            memoryCopyBytesPerSecond: copyBandwidth, features: features)
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
