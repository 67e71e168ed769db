import ArgumentParser
import NetmatrixCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct PluginsNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a buildable plugin skeleton in C or Swift.",
        discussion: """
            C: NAME/NAME.c and a Makefile that runs
            cc -shared -fPIC -I<folder of netmatrix_plugin.h>.
            Swift: NAME/Package.swift depending on PluginKit by a path relative to
            NAME/, and the plugin with its one-line export. Build either with
            netmatrix plugins build NAME (release mode: a debug build measures
            unoptimised code). The steps, end to end: Docs/plugins.md.

            Example: netmatrix plugins new my-copy --lang c --dir /tmp
                     netmatrix plugins build /tmp/my-copy
            """
    )

    @Argument(help: "The plugin's name: [a-z0-9-], e.g. my-copy.")
    var name: String

    @Option(help: "c or swift.")
    var lang: String

    @Option(help: "The folder to create NAME/ in.")
    var dir: String = "."

    @Option(help: "The netmatrix source tree (default: NETMATRIX_SOURCE, or found above the executable).")
    var netmatrixSource: String?

    func validate() throws {
        guard PluginSkeleton.Language(rawValue: lang) != nil else { throw ValidationError("--lang must be c or swift") }
    }

    func run() throws {
        try exitingWithStatus("plugins new") {
            guard let source = netmatrixSource ?? PluginSkeleton.locateSourceTree() else {
                throw PluginSkeleton.Failure(description: "cannot find the netmatrix source tree (Package.swift and Sources/NetmatrixABI/include); pass --netmatrix-source")
            }
            let skeleton = try PluginSkeleton(name: name, language: PluginSkeleton.Language(rawValue: lang) ?? .c, sourceTree: source)
            let folder = try skeleton.write(into: dir)
            for file in skeleton.files { print("wrote \(folder)/\(file.path)") }
            let netmatrix = WorkerExecutable.currentExecutable().map {
                PluginSkeleton.command(for: $0, searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "")
            } ?? "netmatrix"
            print("next: cd \(folder) && \(skeleton.nextSteps(netmatrix: netmatrix))")
        }
    }
}
