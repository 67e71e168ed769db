import ArgumentParser
import NetmatrixCore
import Foundation

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report privileges and kernel features, and how each was probed.",
        discussion: """
            Link, qdisc and TAP probes run in a throwaway network namespace, never in the
            host's. Without root, doctor re-executes itself rootless (user + network
            namespace) like every command that builds namespaces; --no-rootless probes as
            the calling user instead.

            Exits 0 when network namespaces and veth work, 4 (nothing could run) otherwise.

            Example: netmatrix doctor --json > environment.json
            """
    )

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(name: .customLong("no-rootless"), help: "Probe as the calling user, without re-executing in a user namespace.")
    var noRootless = false

    func run() throws {
        var refusal: RootlessError?
        if !noRootless {
            do {
                if let status = try Rootless.reexecIfNeeded() { throw ExitCode(status) }
            } catch let error as RootlessError {
                // Still worth a report: it says what works as this user and what to change.
                refusal = error
            }
        }
        let report = DoctorReport.collect(rootlessRefusal: refusal)
        print(json ? try report.json() : report.table())
        guard report.coreRequirementsMet else {
            if json { printError("netmatrix doctor: \(report.advice.joined(separator: "; "))") }
            throw ExitCode(ExitStatus.nothingRan.rawValue)
        }
    }
}
