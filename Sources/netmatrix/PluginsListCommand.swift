import ArgumentParser
import NetmatrixCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct PluginsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the plugins on the search path: name, version, ABI, file, modes per role, options with their help.",
        discussion: """
            Each file is loaded in a throwaway worker process; a file the loader
            refuses (or that crashes while loading) is named on stderr with the reason.

            --json prints an array, one object per plugin: name, version, abi,
            file, description, roles, modes (per offered role its named modes,
            [] for one unnamed mode), options (key, placeholder, help).

            Example: netmatrix plugins list --json
            """
    )

    @OptionGroup var search: PluginSearchOptions

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    func run() throws {
        guard let executable = WorkerExecutable.locate() else {
            printError("netmatrix plugins list: cannot find the netmatrix executable to run workers")
            throw ExitCode(ExitStatus.infrastructure.rawValue)
        }
        // Each file is loaded in its own worker: no plugin code runs in this process.
        let searchPath = search.searchPath
        let (found, refusals) = PluginInspector(executable: executable).discover(searchPath)
        for refusal in refusals { printError(refusal.description) }
        // A name two files declare is refused by every command that looks it up, so
        // neither file is listed as usable: the first one found is named here too.
        let clashing = Set(refusals.compactMap { refusal -> String? in
            if case .duplicateName(let name, _) = refusal.reason { return name }
            return nil
        })
        for info in found where clashing.contains(info.name) {
            printError("plugin \(info.file): refused: name \"\(info.name)\" is also declared by another file (above); a name must mean one file")
        }
        let listings = found.filter { !clashing.contains($0.name) }.map(PluginListing.init)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(listings), as: UTF8.self))
        } else if listings.isEmpty {
            print("no plugins found (searched: \(searchPath.folders.joined(separator: ", ")))")
        } else {
            print(PluginListing.text(listings))
        }
        if (listings.isEmpty && !refusals.isEmpty) || !clashing.isEmpty { throw ExitCode(ExitStatus.badInput.rawValue) }
    }
}
