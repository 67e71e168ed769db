import ArgumentParser
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

    func run() throws {
        try PrivilegedExecution.enter()
        try exitingWithStatus("plugins check") {
            let seconds = try DurationText(parsing: duration).seconds
            let spec = try PluginSpec(parsing: plugin)
            let searchPath = search.searchPath
            let path = try PluginRegistry(searchPath: searchPath).file(for: spec.plugin)
            var suite = PluginConformance(runner: try CellRunner(searchPath: searchPath))
            suite.duration = seconds
            let checks = suite.run(pluginPath: path) { check in print(check.description) }
            let failed = checks.filter { $0.outcome == .fail }.count
            let skipped = checks.filter { $0.outcome == .skip }.count
            print("\(checks.count - failed - skipped) passed, \(failed) failed, \(skipped) skipped")
            if failed > 0 { throw ExitCode(ExitStatus.assertionFailed.rawValue) }
        }
    }
}
