import ArgumentParser
import NetmatrixCore
#if canImport(Glibc)
import Glibc
#endif

/// The hidden worker mode: the supervisor re-executes netmatrix with one job.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "(internal) Run one plugin role in this process.",
        shouldDisplay: false
    )

    @Option(help: "The job description (JSON), written by the supervisor.")
    var job: String?

    @Option(help: "Load this plugin file and report its descriptor instead of running a job.")
    var describe: String?

    func validate() throws {
        guard (job == nil) != (describe == nil) else { throw ValidationError("give --job or --describe") }
    }

    func run() throws {
        // exit() directly: the report is already written, and nothing else may touch stdout.
        if let describe { Glibc.exit(WorkerProcess.describe(pluginPath: describe)) }
        Glibc.exit(WorkerProcess.run(jobJSON: job ?? ""))
    }
}
