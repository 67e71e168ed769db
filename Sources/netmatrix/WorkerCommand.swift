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

    @Flag(help: "Print the worker protocol version this build speaks (a same-run gate checks it).")
    var protocolVersion = false

    func validate() throws {
        guard [job != nil, describe != nil, protocolVersion].filter({ $0 }).count == 1 else {
            throw ValidationError("give one of --job, --describe or --protocol-version")
        }
    }

    func run() throws {
        if protocolVersion {
            print(WorkerProtocol.version)
            return
        }
        // exit() directly: the report is already written, and nothing else may touch stdout.
        if let describe { Glibc.exit(WorkerProcess.describe(pluginPath: describe)) }
        Glibc.exit(WorkerProcess.run(jobJSON: job ?? ""))
    }
}
