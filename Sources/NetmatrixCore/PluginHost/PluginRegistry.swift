/// The plugins one process has loaded, by name (names are unique), and the way
/// from a `PluginSpec` to a checked `LoadedPlugin`.
public final class PluginRegistry {
    public let searchPath: PluginSearchPath
    public let allowedOwners: [UInt32]
    public private(set) var plugins: [LoadedPlugin] = []

    public init(searchPath: PluginSearchPath = .standard(), allowedOwners: [UInt32] = PluginFile.allowedOwners()) {
        self.searchPath = searchPath
        self.allowedOwners = allowedOwners
    }

    /// Loads `path` (once: the same file again returns the loaded plugin) and
    /// refuses a second file declaring a name already taken.
    @discardableResult
    public func load(path: String) throws(PluginLoadError) -> LoadedPlugin {
        let resolved = try PluginFile.resolve(path)
        if let loaded = plugins.first(where: { $0.path == resolved }) { return loaded }
        let plugin = try PluginLoader.load(path: resolved, allowedOwners: allowedOwners)
        if let first = plugins.first(where: { $0.name == plugin.name }) {
            throw PluginLoadError(path: resolved, reason: .duplicateName(plugin.name, firstPath: first.path))
        }
        plugins.append(plugin)
        return plugin
    }

    /// Loads the plugin a spec names and checks that a named file declares that name.
    public func plugin(for spec: PluginSpec) throws(PluginLoadError) -> LoadedPlugin {
        let plugin = try load(path: try searchPath.file(for: spec.plugin))
        if case .name(let requested) = spec.plugin, plugin.name != requested {
            throw PluginLoadError(path: plugin.path, reason: .nameDiffersFromRequest(declared: plugin.name, requested: requested))
        }
        return plugin
    }

    /// Loads every plugin on the search path; a refused file is reported, not fatal.
    public func discover() -> (plugins: [LoadedPlugin], refusals: [PluginLoadError]) {
        var loaded: [LoadedPlugin] = []
        var refusals: [PluginLoadError] = []
        for file in searchPath.candidateFiles() {
            do {
                loaded.append(try load(path: file))
            } catch {
                refusals.append(error)
            }
        }
        return (loaded, refusals)
    }
}
