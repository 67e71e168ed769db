import ArgumentParser
import NetmatrixCore

@main
struct Netmatrix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netmatrix",
        abstract: "A microkernel-style networking test harness: namespaces, veth and TAP through netlink, data paths as plugins.",
        subcommands: [
            DoctorCommand.self, TopoCommand.self, CleanCommand.self, RunCommand.self,
            MatrixCommand.self, PluginsCommand.self, BenchCommand.self, WorkerCommand.self,
        ]
    )
}
