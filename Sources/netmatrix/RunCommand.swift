import ArgumentParser
import NetmatrixCore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one cell: a sender and a receiver plugin across a topology."
    )

    func run() throws {
        throw ValidationError("netmatrix run: not built yet")
    }
}
