import ArgumentParser
import NetmatrixCore

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, check and scaffold data-path plugins."
    )

    func run() throws {
        throw ValidationError("netmatrix plugins: not built yet")
    }
}
