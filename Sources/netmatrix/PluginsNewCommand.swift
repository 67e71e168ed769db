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
            C: NAME/NAME.c and a Makefile that runs cc -shared -fPIC with the
            SDK's headers. Swift: NAME/Package.swift depending on the SDK's
            PluginKit alone, by a path relative to NAME/ (NETMATRIX_SDK overrides
            it), and the plugin with its one-line export. Build either with
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

    @Option(help: "The plugin SDK's folder (default: NETMATRIX_SDK, else the one installed or checked out beside this netmatrix).")
    var sdk: String?

    func validate() throws {
        guard PluginSkeleton.Language(rawValue: lang) != nil else { throw ValidationError("--lang must be c or swift") }
    }

    func run() throws {
        try exitingWithStatus("plugins new") {
            guard let sdk = sdk ?? ShippedFiles.folder(.sdk) else {
                throw PluginSkeleton.Failure(description: ShippedFiles.notFound(.sdk) + ", or pass --sdk")
            }
            let skeleton = try PluginSkeleton(name: name, language: PluginSkeleton.Language(rawValue: lang) ?? .c, sdk: sdk)
            let folder = try skeleton.write(into: dir)
            for file in skeleton.files { print("wrote \(folder)/\(file.path)") }
            let netmatrix = WorkerExecutable.currentExecutable().map {
                PluginSkeleton.command(for: $0, searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "")
            } ?? "netmatrix"
            print("next: cd \(folder) && \(skeleton.nextSteps(netmatrix: netmatrix))")
        }
    }
}
