import ArgumentParser
import NetmatrixCore

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "(internal) Run one plugin role in this process.",
        shouldDisplay: false
    )

    func run() throws {
        throw ValidationError("netmatrix worker: not built yet")
    }
}
