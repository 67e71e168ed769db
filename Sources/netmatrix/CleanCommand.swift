import ArgumentParser
import NetmatrixCore

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove kept namespaces and state carrying netmatrix's prefix.",
        discussion: """
            Removes only what `topo up --keep` leaves: pins /run/netns/netmatrix-* and state files
            in /run/netmatrix. Prints each removed object. Example: netmatrix clean
            """
    )

    func run() throws {
        let (removed, failed) = KeptTopologies.clean()
        for line in removed { print("removed \(line)") }
        if removed.isEmpty && failed.isEmpty { print("nothing to remove") }
        guard failed.isEmpty else {
            for line in failed { printError("netmatrix clean: \(line)") }
            throw ExitCode(ExitStatus.infrastructure.rawValue)
        }
    }
}
