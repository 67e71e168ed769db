import ArgumentParser
import Foundation
import NetmatrixCore

/// One run of a matrix file as `matrix` makes it, and `gate --baseline` when it
/// measures the run it judges: plan (every refusal before anything is built),
/// then measure, write the reports and print the summary.
struct MatrixRun {
    var file: String
    var quick = false
    var filters: [String] = []
    var seed: UInt64?
    var out: String?
    var verify = "sampled"
    var strict = false
    var cpus: String?
    var injectSlowdown: String?
    var injectInto: String?
    var showLogs = false
    /// `--plugin-path`: searched before the matrix file's `plugin_path:` and the standard places.
    var pluginPaths: [String] = []
    /// The command whose name prefixes its lines.
    var command: String
    /// Whether the run writes reports: into `out`, else a folder of its own under .netmatrix/runs.
    var writesReports = true

    struct Planned {
        var plan: MatrixPlan
        var injection: SlowdownInjection?
        /// Where the reports go; nil when the run writes none.
        var folder: String?
    }

    /// Loads and plans the file, checks the injection and that the reports' folder takes files; exits 2 on a refusal.
    func plan() throws -> Planned {
        let loaded: MatrixFile.Loaded
        do {
            loaded = try MatrixFile.load(path: file)
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let plan: MatrixPlan
        do throws(MatrixPlan.Failure) {
            plan = try MatrixPlan(
                file: loaded, path: file, quick: quick, cpus: cpus.flatMap(CPUPlacement.init(rawValue:)),
                seed: seed ?? UInt64(Date().timeIntervalSince1970 * 1000), filters: filters, searchPath: PluginSearchPath.standard(explicitPaths: pluginPaths))
        } catch {
            switch error {
            case .noCells(let reason): printError("\(file): \(reason)")
            case .refused(let refusals): refusals.forEach { printError($0.description) }
            case .limits, .noExecutable: printError("netmatrix \(command): \(error)")
            }
            throw ExitCode(error.exitStatus.rawValue)
        }
        let injection: SlowdownInjection?
        do throws(SlowdownInjection.Refusal) {
            injection = try injectSlowdown.flatMap(SlowdownInjection.percent).map { percent throws(SlowdownInjection.Refusal) in
                try SlowdownInjection.plan(
                    percent: percent, filter: injectInto ?? "", cells: plan.cells, resolved: plan.resolved, described: plan.plugins)
            }
        } catch {
            printError("netmatrix \(command): \(error)")
            throw ExitCode(error.exitStatus.rawValue)
        }
        // Where the reports go must be writable before minutes of measuring, not after.
        let folder = writesReports ? out ?? ".netmatrix/runs/\(Self.folderName(Date()))" : nil
        if let folder, let problem = Self.unwritableFolderProblem(folder) {
            printError("netmatrix \(command): --out \(folder): \(problem)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        return Planned(plan: plan, injection: injection, folder: folder)
    }

    /// Measures the planned cells, writes results.json and the other reports, prints the summary.
    func measure(_ planned: Planned) throws -> RunResults {
        let plan = planned.plan
        let spec = plan.spec
        try PrivilegedExecution.enter()
        let startedAt = Date()
        printError("netmatrix \(command): \(plan.cells.count) cells, \(spec.assertions.count) assertions, seed \(plan.seed); measuring memcpy bandwidth")
        let copyBandwidth = MemoryCopyProbe().measure()
        let environment = RunEnvironment.probe(plugins: plan.plugins, copyBandwidth: copyBandwidth)
        if let injection = planned.injection {
            printError("netmatrix \(command): injecting \(injection.percent)% more work into \(injection.cells.sorted().joined(separator: ", "))")
        }
        let progress = ProgressLine()
        let clock = ContinuousClock()
        let start = clock.now
        let execution = plan.execute(
            verification: VerificationLevel(rawValue: verify) ?? .sampled, injection: planned.injection, showLogs: showLogs,
            memoryCopyBytesPerSecond: copyBandwidth
        ) { step in
            progress.update(ProgressEstimate(step, elapsedSeconds: (clock.now - start).seconds, firstRunSeconds: spec.sampleDuration + 0.5).line)
        }
        progress.finish()
        for leftover in execution.leftovers { printError("netmatrix \(command): teardown: \(leftover)") }
        let outcome = execution.outcome
        let formatter = ISO8601DateFormatter()
        let results = RunResults(
            netmatrixVersion: NetmatrixVersion.string, startedAt: formatter.string(from: startedAt),
            finishedAt: formatter.string(from: Date()), seed: plan.seed, matrixFile: file, environment: environment,
            cells: outcome.cells, assertions: outcome.assertions, exitStatus: outcome.exitStatus(strict: strict))
        print(TerminalSummary.render(results))
        if let folder = planned.folder {
            do {
                try ReportWriter(directory: URL(fileURLWithPath: folder)).write(results)
            } catch {
                printError("netmatrix \(command): \(error)")
                throw ExitCode(ExitStatus.infrastructure.rawValue)
            }
            print("reports: \(folder)/{results.json,junit.xml,summary.md,report.html}")
        }
        return results
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
