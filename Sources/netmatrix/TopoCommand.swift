import ArgumentParser
import NetmatrixCore

struct TopoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topo",
        abstract: "Build, show and tear down topologies from Netns/*.yaml."
    )

    func run() throws {
        throw ValidationError("netmatrix topo: not built yet")
    }
}
