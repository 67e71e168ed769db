#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Where plugins are looked for, in order: explicit paths (`--plugin-path`, files
/// or folders), the folders in NETMATRIX_PLUGIN_PATH (colon-separated), and the
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

    /// Folders searched, in order.
    public var folders: [String] {
        explicitPaths.filter(Self.isDirectory) + environmentFolders + (buildFolder.map { [$0] } ?? [])
    }

    /// The file for plugin `name`, first match wins.
    public func file(named name: String) -> String? {
        for path in explicitPaths where !Self.isDirectory(path) {
            if fileName(path) == Self.filePrefix + name + Self.fileSuffix { return path }
        }
        for folder in folders {
            let candidate = folder + "/" + Self.filePrefix + name + Self.fileSuffix
            if access(candidate, F_OK) == 0 { return candidate }
        }
        return nil
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
