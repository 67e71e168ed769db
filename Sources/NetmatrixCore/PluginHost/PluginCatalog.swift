/// The plugins one command may use, each file described once in a throwaway
/// worker (`PluginInspector`), so no plugin code runs in the command's process:
/// the one way from a plugin as the user names it to its checked descriptor.
///
/// A name must mean one file: a name two files on the search path declare (a
/// second `copy`, say) is refused at once with both paths, and a file found by
/// its name must declare that name.
public final class PluginCatalog {
    public let searchPath: PluginSearchPath
    public let inspector: PluginInspector
    private var survey: (plugins: [PluginInfo], refusals: [PluginLoadError])?
    private var described: [String: Result<PluginInfo, PluginLoadError>] = [:]

    public init(searchPath: PluginSearchPath, inspector: PluginInspector) {
        self.searchPath = searchPath
        self.inspector = inspector
    }

    /// Every plugin on the search path, described; a file the loader refuses, or
    /// a second file declaring a name already taken, is a refusal, not fatal.
    public func discover() -> (plugins: [PluginInfo], refusals: [PluginLoadError]) {
        if let survey { return survey }
        let found = inspector.discover(searchPath)
        for info in found.plugins { described[info.file] = .success(info) }
        survey = found
        return found
    }

    /// The checked descriptor of the plugin `reference` names.
    public func plugin(for reference: PluginSpec.Reference) throws(PluginLoadError) -> PluginInfo {
        let info = try describe(path: try searchPath.file(for: reference))
        guard case .name(let name) = reference else { return info }
        guard info.name == name else {
            throw PluginLoadError(path: info.file, reason: .nameDiffersFromRequest(declared: info.name, requested: name))
        }
        // Another file declaring the same name, whatever its file name, makes the name ambiguous.
        let (plugins, refusals) = discover()
        let declaring = plugins.filter { $0.name == name }.map(\.file) + refusals.compactMap { refusal in
            if case .duplicateName(name, _) = refusal.reason { return refusal.path }
            return nil
        }
        if let other = declaring.first(where: { $0 != info.file }) {
            throw PluginLoadError(path: other, reason: .duplicateName(name, firstPath: info.file))
        }
        return info
    }

    /// The descriptor of the file at `path`, read once.
    public func describe(path: String) throws(PluginLoadError) -> PluginInfo {
        let resolved = try PluginFile.resolve(path)
        if let known = described[resolved] { return try known.get() }
        let outcome = Result { () throws(PluginLoadError) in try inspector.describe(path: resolved) }
        described[resolved] = outcome
        return try outcome.get()
    }
}
