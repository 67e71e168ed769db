import ArgumentParser
import Foundation
import NetmatrixCore

struct PluginsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the conformance suite against one plugin, in workers inside private namespaces.",
        discussion: """
            Every declared role and mode runs against the host's reference peer:
            integrity over TCP and UDP (full verification), short writes, EINTR,
            peer close or reset, and stopping when should_stop says so; a wire
            role is checked between two TAP devices. One PASS/FAIL/SKIP/ERROR line
            per check. A plugin that cannot be loaded or described is bad input (2);
            one that fails a check is the code under test failing (1); ERROR is the
            harness failing (3).

            Example: netmatrix plugins check .build/debug/libnetmatrix-plugin-copy.so
            """ + "\n\n" + ExitStatus.helpText
    )

    @Argument(help: "The plugin file, or a plugin name on the search path.")
    var plugin: String

    @OptionGroup var search: PluginSearchOptions

    @Option(help: "How long each transfer check runs, e.g. 500ms or 2s.")
    var duration: String = "500ms"

    func validate() throws {
        do { _ = try DurationText(parsing: duration) } catch { throw ValidationError("--duration: \(error)") }
    }

    func run() throws {
        try exitingWithStatus("plugins check") {
            let spec = try PluginSpec(parsing: plugin)
            guard let executable = WorkerExecutable.locate() else { throw FlowRunner.RunError.noExecutable }
            let searchPath = search.searchPath
            // Described in a throwaway worker before anything is built: a plugin that
            // cannot be loaded or described, or whose name is ambiguous, is bad input.
            let info = try PluginCatalog(searchPath: searchPath, inspector: PluginInspector(executable: executable))
                .plugin(for: spec.plugin)
            try PrivilegedExecution.enter()
            var suite = PluginConformance(runner: FlowRunner(executable: executable, searchPath: searchPath))
            suite.duration = try DurationText(parsing: duration).seconds
            let checks = suite.run(plugin: info) { check in
                print(check.description)
                fflush(nil)  // one line per check as it ends, even into a pipe
            }
            let count = { (outcome: PluginConformance.Outcome) in checks.filter { $0.outcome == outcome }.count }
            let errors = count(.error) > 0 ? ", \(count(.error)) errors" : ""
            print("\(count(.pass)) passed, \(count(.fail)) failed, \(count(.skip)) skipped\(errors)")
            let status = ExitStatus.worst(checks.map(\.outcome.exitStatus))
            if status != .success { throw ExitCode(status.rawValue) }
        }
    }
}
