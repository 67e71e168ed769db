import ArgumentParser
import NetmatrixCore

struct PluginsBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a plugin package in release mode and print the plugin file it made.",
        discussion: """
            DIR holds what netmatrix plugins new wrote. With a Package.swift it runs
            swift build -c release --package-path DIR; with a Makefile, make -C DIR.
            Then it prints the absolute path of each libnetmatrix-plugin-*.so built
            (one line for a scaffold), so it can be passed on:
              netmatrix plugins check "$(netmatrix plugins build DIR)"
            Release mode because a debug build measures unoptimised code.

            The build's own output is kept; on failure its last lines go to stderr.
            A folder with neither file, or a build that makes no plugin file, is
            bad input (2). A build that fails is the plugin's code failing to
            compile: the code under test failed (1), as a failing plugins check is;
            a build tool that cannot be started (swift or make not on PATH) is the
            harness failing (3).

            Example: netmatrix plugins build ./my-copy
            """ + "\n\n" + ExitStatus.helpText
    )

    @Argument(help: "The plugin package's folder.")
    var dir: String

    func run() throws {
        try exitingWithStatus("plugins build") {
            let build = try PluginBuild(folder: dir)
            // A Swift build takes minutes: say what runs, on stderr, so stdout stays the path.
            printError("netmatrix plugins build: \(build.command.joined(separator: " "))")
            for file in try build.run() { print(file) }
        }
    }
}
