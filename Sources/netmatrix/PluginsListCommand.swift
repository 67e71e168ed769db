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
        abstract: "List the plugins on the search path: name, version, ABI, roles, modes, file.",
        discussion: """
            Each file is loaded in a throwaway worker process; a file the loader
            refuses (or that crashes while loading) is named on stderr with the reason.

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
        let infos = found.filter { !clashing.contains($0.name) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(infos), as: UTF8.self))
        } else if infos.isEmpty {
            print("no plugins found (searched: \(searchPath.folders.joined(separator: ", ")))")
        } else {
            print(Self.table(infos))
        }
        if (infos.isEmpty && !refusals.isEmpty) || !clashing.isEmpty { throw ExitCode(ExitStatus.badInput.rawValue) }
    }

    static func table(_ infos: [PluginInfo]) -> String {
        func modes(_ info: PluginInfo) -> String {
            var parts: [String] = []
            for (role, list) in [("send", info.modes.send), ("receive", info.modes.receive), ("wire", info.modes.wire)]
            where info.roles.contains(role) {
                parts.append("\(role)=" + (list == [""] ? "default" : list.joined(separator: "|")))
            }
            return parts.joined(separator: " ")
        }
        let header = ["NAME", "VERSION", "ABI", "ROLES", "MODES", "FILE"]
        let rows = infos.map { [$0.name, $0.version, $0.abi, $0.roles.joined(separator: ","), modes($0), $0.file] }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
