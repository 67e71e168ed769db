/// A matrix ready to execute: the cells this run selects, and every plugin they
/// name checked once (`PluginPlan`), before anything is built. `netmatrix run`
/// and `netmatrix matrix` both make one; run's has one cell.
public struct MatrixPlan {
    /// Why a plan cannot be made: refused input (exit 2) or no worker executable (exit 3).
    public enum Failure: Error, CustomStringConvertible, ExitCoded {
        case noCells(String)
        case refused([PlanRefusal])
        /// A flow's own limits (sizes, budget), as `FlowRunner.validate` checks them.
        case limits(FlowRunner.RunError)
        case noExecutable

        public var description: String {
            switch self {
            case .noCells(let reason): reason
            case .refused(let refusals): refusals.map(\.description).joined(separator: "\n")
            case .limits(let error): error.description
            case .noExecutable: FlowRunner.RunError.noExecutable.description
            }
        }

        public var exitStatus: ExitStatus {
            switch self {
            case .noCells, .refused: .badInput
            case .limits(let error): error.exitStatus
            case .noExecutable: .infrastructure
            }
        }
    }

    public var spec: MatrixSpec
    /// The topologies the `topology` axis names, by name.
    public var topologies: [String: TopologySpec]
    public var seed: UInt64
    public var filters: [String]
    public var executable: String
    public var searchPath: PluginSearchPath
    /// Every plugin's descriptor, read once for the check: for results.json.
    public var plugins: [PluginInfo]
    /// Each plugin text the cells use (`zerocopy:sendfile`), resolved to its checked file.
    public var resolved: [String: PluginSpec]

    public var runner: MatrixRunner { MatrixRunner(spec: spec, seed: seed, filters: filters) }
    public var cells: [MatrixCell] { runner.selectedCells }

    /// - Parameter uses: the plugins the selected cells use, each at the place it was written.
    public init(
        spec: MatrixSpec, topologies: [String: TopologySpec], seed: UInt64, filters: [String] = [],
        searchPath: PluginSearchPath, uses: ([MatrixCell]) -> [PluginUse]
    ) throws(Failure) {
        self.spec = spec
        self.topologies = topologies
        self.seed = seed
        self.filters = filters
        self.searchPath = searchPath
        let cells = try Self.cells(of: spec, filters: filters)
        guard let executable = WorkerExecutable.locate() else { throw .noExecutable }
        self.executable = executable
        let catalog = PluginCatalog(searchPath: searchPath, inspector: PluginInspector(executable: executable))
        let checked = PluginPlan.check(uses(cells), in: catalog)
        guard checked.refusals.isEmpty else { throw .refused(checked.refusals) }
        resolved = checked.plugins
        plugins = catalog.discover().plugins
    }

    /// The plan of a matrix file: the file checked as a whole as written (no flag
    /// turns a good file into bad input or a bad one into good), then the command
    /// line's overrides (`--quick`, `--cpus`), the selected cells and every plugin,
    /// looked for in `searchPath` with the file's `plugin_path:` after its explicit paths.
    public init(
        file loaded: MatrixFile.Loaded, path: String, quick: Bool = false, cpus: CPUPlacement? = nil, seed: UInt64,
        filters: [String] = [], searchPath: PluginSearchPath
    ) throws(Failure) {
        let refusals = loaded.spec.refusals(topologies: loaded.topologies)
        guard refusals.isEmpty else { throw .refused(refusals) }
        var spec = quick ? loaded.spec.quick() : loaded.spec
        if let cpus { spec = spec.pinned(cpus) }
        try self.init(
            spec: spec, topologies: loaded.topologies, seed: seed, filters: filters,
            searchPath: searchPath.adding(loaded.spec.pluginPaths), uses: { spec.pluginUses(among: $0, path: path) })
    }

    /// The cells a run of `spec` selects (`--filter`); refused when there are none.
    public static func cells(of spec: MatrixSpec, filters: [String]) throws(Failure) -> [MatrixCell] {
        let cells = MatrixRunner(spec: spec, seed: 0, filters: filters).selectedCells
        guard !cells.isEmpty else { throw .noCells("no cell matches --filter \(filters.joined(separator: ", "))") }
        return cells
    }
}
