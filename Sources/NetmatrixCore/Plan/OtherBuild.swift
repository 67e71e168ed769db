/// Another build of netmatrix whose workers a same-run gate runs beside this
/// build's (e.g. the base branch built in the same CI job): its executable,
/// its plugin folder, and every plugin the cells use resolved and checked by
/// its own workers, since its plugins may differ from this build's. A plugin
/// it lacks or refuses is not an error: a change that adds a plugin and a cell
/// for it must pass its gate, so such cells are skipped as not comparable.
public struct OtherBuild {
    public var executable: String
    public var searchPath: PluginSearchPath
    /// Each plugin text the cells use, resolved to the other build's checked file.
    public var resolved: [String: PluginSpec]
    /// Each plugin text the other build cannot run, and why (its own refusal).
    public var unavailable: [String: String]

    public enum Failure: Error, CustomStringConvertible, ExitCoded {
        case incompatible(WorkerProtocol.Mismatch)

        public var description: String {
            switch self {
            case .incompatible(let mismatch): "--against \(mismatch)"
            }
        }

        public var exitStatus: ExitStatus { .badInput }
    }

    /// `path` is the other build's netmatrix, or the folder that holds it (its
    /// plugins are found beside it, after `explicitPaths`). Its workers must speak
    /// this build's protocol version; each plugin the cells use is checked there.
    public init(path: String, explicitPaths: [String] = [], uses: [PluginUse]) throws(Failure) {
        let executable = PluginSearchPath.isDirectory(path) ? path + "/netmatrix" : path
        do {
            try WorkerProtocol.checkCompatible(executable)
        } catch {
            throw .incompatible(error)
        }
        self.executable = executable
        searchPath = PluginSearchPath(explicitPaths: explicitPaths, buildFolder: PluginFile.directoryOf(executable))
        let catalog = PluginCatalog(searchPath: searchPath, inspector: PluginInspector(executable: executable))
        resolved = [:]
        unavailable = [:]
        // One use at a time, so each refusal stays with the plugin text it is about.
        for use in uses {
            let checked = PluginPlan.check([use], in: catalog)
            if let refusal = checked.refusals.first {
                unavailable[use.text] = refusal.reason
            } else {
                resolved.merge(checked.plugins) { first, _ in first }
            }
        }
    }
}
