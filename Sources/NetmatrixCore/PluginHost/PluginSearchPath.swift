#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Where plugins are looked for, in order: explicit paths (`--plugin-path`, then a
/// matrix file's `plugin_path:`; files or folders), the folders in NETMATRIX_PLUGIN_PATH (colon-separated), and the
/// build's plugin folder (the directory of the running netmatrix executable).
/// In folders only files named `libnetmatrix-plugin-*.so` count.
public struct PluginSearchPath: Equatable, Sendable {
    public static let filePrefix = "libnetmatrix-plugin-"
    public static let fileSuffix = ".so"

    public var explicitPaths: [String]
    public var environmentFolders: [String]
    public var buildFolder: String?

    public init(explicitPaths: [String] = [], environmentFolders: [String] = [], buildFolder: String? = nil) {
        self.explicitPaths = explicitPaths
        self.environmentFolders = environmentFolders
        self.buildFolder = buildFolder
    }

    /// The search path for this process: NETMATRIX_PLUGIN_PATH and the folder of the netmatrix executable.
    public static func standard(
        explicitPaths: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> PluginSearchPath {
        let folders = (environment["NETMATRIX_PLUGIN_PATH"] ?? "").split(separator: ":").map(String.init)
        let executable = WorkerExecutable.locate(environment: environment)
        return PluginSearchPath(
            explicitPaths: explicitPaths, environmentFolders: folders,
            buildFolder: executable.map(PluginFile.directoryOf)
        )
    }

    /// This path with `paths` searched after its explicit ones: a matrix file's
    /// `plugin_path:` comes after `--plugin-path`, before NETMATRIX_PLUGIN_PATH.
    public func adding(_ paths: [String]) -> PluginSearchPath {
        PluginSearchPath(explicitPaths: explicitPaths + paths, environmentFolders: environmentFolders, buildFolder: buildFolder)
    }

    /// Folders searched, in order.
    public var folders: [String] {
        explicitPaths.filter(Self.isDirectory) + environmentFolders + (buildFolder.map { [$0] } ?? [])
    }

    /// Every file named for plugin `name`, in search order, one per real file.
    public func files(named name: String) -> [String] {
        let wanted = Self.filePrefix + name + Self.fileSuffix
        var found = explicitPaths.filter { !Self.isDirectory($0) && fileName($0) == wanted }
        for folder in folders where access(folder + "/" + wanted, F_OK) == 0 {
            found.append(folder + "/" + wanted)
        }
        var seen = Set<String>()
        return found.filter { seen.insert((try? PluginFile.resolve($0)) ?? $0).inserted }
    }

    /// The file a plugin reference names: its path, or the one
    /// `libnetmatrix-plugin-<name>.so` on the search path. Two such files (one
    /// shadowing the other) make the name ambiguous: refused, naming both.
    public func file(for reference: PluginSpec.Reference) throws(PluginLoadError) -> String {
        switch reference {
        case .path(let path):
            return path
        case .name(let name):
            let found = files(named: name)
            guard let first = found.first else {
                throw PluginLoadError(path: name, reason: .notFound(name: name, searched: folders))
            }
            if found.count > 1 { throw PluginLoadError(path: found[1], reason: .duplicateName(name, firstPath: first)) }
            return first
        }
    }

    /// Every plugin file on the path, explicit files first, without duplicates.
    public func candidateFiles() -> [String] {
        var files = explicitPaths.filter { !Self.isDirectory($0) }
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where name.hasPrefix(Self.filePrefix) && name.hasSuffix(Self.fileSuffix) {
                files.append(folder + "/" + name)
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    private func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
