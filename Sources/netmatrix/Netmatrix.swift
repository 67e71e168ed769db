import ArgumentParser
import Foundation
import NetmatrixCore

@main
struct Netmatrix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netmatrix",
        abstract: "A microkernel-style networking test harness: namespaces, veth and TAP through netlink, data paths as plugins.",
        discussion: ExitStatus.helpText + "\n\nExample: netmatrix matrix Netns/matrix.yaml --quick",
        subcommands: [
            DoctorCommand.self, TopoCommand.self, CleanCommand.self, RunCommand.self,
            MatrixCommand.self, GateCommand.self, PluginsCommand.self, BenchCommand.self, WorkerCommand.self,
        ]
    )

    /// As ParsableCommand's, except that a usage error exits with netmatrix's
    /// bad-input code (2) rather than argument-parser's 64: one code, one meaning.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = fullMessage(for: error)
                if !message.isEmpty { printError(message) }
                Foundation.exit(ExitStatus.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
