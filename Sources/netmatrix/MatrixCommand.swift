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

    @Flag(help: "Print what each worker and its plugin logged (stderr) after every sample.")
    var showLogs = false

    @Flag(help: "List the cells and assertions, then exit without running.")
    var list = false

    @Option(help: "Also keep this run as baseline NAME for `netmatrix gate` (Baselines/NAME.json, or under $NETMATRIX_BASELINES).")
    var saveBaseline: String?

    @OptionGroup var slowdown: SlowdownOptions

    @OptionGroup var search: PluginSearchOptions

    func validate() throws {
        if slowdown.injectSlowdown != nil, saveBaseline != nil {
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
        let run = MatrixRun(
            file: file, quick: quick, filters: filters, seed: seed, out: out, verify: verify, strict: strict, cpus: cpus,
            injectSlowdown: slowdown.injectSlowdown, injectInto: slowdown.injectInto, showLogs: showLogs,
            pluginPaths: search.pluginPaths, command: "matrix", writesReports: !list)
        let planned = try run.plan()
        if list {
            planned.plan.cells.forEach { print($0.id) }
            planned.plan.spec.assertions.forEach { print("assert \($0.name): \($0.expression)") }
            return
        }
        let results = try run.measure(planned)
        if let saveBaseline {
            do {
                print("baseline: \(try BaselineStore.standard().save(results, name: saveBaseline))")
            } catch {
                printError("netmatrix matrix: \(error)")
                throw ExitCode(error.exitStatus.rawValue)
            }
        }
        if results.exitStatus != ExitStatus.success.rawValue { throw ExitCode(results.exitStatus) }
    }
}
