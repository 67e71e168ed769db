import ArgumentParser
import NetmatrixCore

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove kept namespaces and state carrying netmatrix's prefix."
    )

    func run() throws {
        throw ValidationError("netmatrix clean: not built yet")
    }
}
