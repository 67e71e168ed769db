import ArgumentParser
import NetmatrixCore

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, check, scaffold and build data-path plugins.",
        discussion: """
            Plugins are found in --plugin-path (files or folders), in the folders
            of NETMATRIX_PLUGIN_PATH (colon-separated), and in the folder of the
            netmatrix executable; files are named libnetmatrix-plugin-<name>.so.

            Examples:
              netmatrix plugins list
              netmatrix plugins check .build/debug/libnetmatrix-plugin-copy.so
              netmatrix plugins new my-copy --lang c --dir /tmp
              netmatrix plugins build /tmp/my-copy
            """,
        subcommands: [PluginsListCommand.self, PluginsCheckCommand.self, PluginsNewCommand.self, PluginsBuildCommand.self]
    )
}

/// `--plugin-path`, shared by the commands that look plugins up.
struct PluginSearchOptions: ParsableArguments {
    @Option(name: .customLong("plugin-path"), help: "A plugin file or folder to search first (repeatable).")
    var pluginPaths: [String] = []

    var searchPath: PluginSearchPath { .standard(explicitPaths: pluginPaths) }
}
