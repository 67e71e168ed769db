/// Another build of netmatrix whose workers a same-run gate runs beside this
/// build's (e.g. the base branch built in the same CI job): its executable,
/// its plugin folder, and every plugin the cells use resolved and checked by
/// its own workers, since its plugins may differ from this build's.
public struct OtherBuild {
    public var executable: String
    public var searchPath: PluginSearchPath
    /// Each plugin text the cells use, resolved to the other build's checked file.
    public var resolved: [String: PluginSpec]

    public enum Failure: Error, CustomStringConvertible, ExitCoded {
        case incompatible(WorkerProtocol.Mismatch)
        case refused(String, [PlanRefusal])

        public var description: String {
            switch self {
            case .incompatible(let mismatch): "--against \(mismatch)"
            case .refused(let executable, let refusals):
                refusals.map { "--against \(executable): \($0.description)" }.joined(separator: "\n")
            }
        }

        public var exitStatus: ExitStatus { .badInput }
    }

    /// `path` is the other build's netmatrix, or the folder that holds it (its
    /// plugins are found beside it, after `explicitPaths`). Its workers must speak
    /// this build's protocol version, and every plugin the cells use must pass its
    /// own check there.
    public init(path: String, explicitPaths: [String] = [], uses: [PluginUse]) throws(Failure) {
        let executable = PluginSearchPath.isDirectory(path) ? path + "/netmatrix" : path
        do {
            try WorkerProtocol.checkCompatible(executable)
        } catch {
            throw .incompatible(error)
        }
        self.executable = executable
        searchPath = PluginSearchPath(explicitPaths: explicitPaths, buildFolder: PluginFile.directoryOf(executable))
        let checked = PluginPlan.check(uses, in: PluginCatalog(searchPath: searchPath, inspector: PluginInspector(executable: executable)))
        guard checked.refusals.isEmpty else { throw .refused(executable, checked.refusals) }
        resolved = checked.plugins
    }
}
