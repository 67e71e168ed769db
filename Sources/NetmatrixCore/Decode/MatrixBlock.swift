/// A block of a matrix: a cross product of axis values (a fixture and its
/// variants). A matrix is a list of blocks, so a comparison changes one thing
/// (the senders at one receiver, the receivers at one sender) without paying
/// for the full product of every axis.
public struct MatrixBlock: Equatable, Sendable {
    public var name: String
    public var axes: [MatrixAxis: [String]]
    /// Where each value was written, by axis and in the same order, e.g.
    /// `blocks[0].send[1]`: the place a refusal names. Empty when built in code.
    public var fields: [MatrixAxis: [String]]

    public init(name: String, axes: [MatrixAxis: [String]], fields: [MatrixAxis: [String]] = [:]) {
        self.name = name
        self.axes = axes
        self.fields = fields
    }

    /// Where the `index`th value of `axis` was written, for a message naming it;
    /// the axis itself when that is not known (a block built in code).
    public func field(of axis: MatrixAxis, at index: Int?) -> String {
        guard let index, let fields = fields[axis], fields.indices.contains(index) else { return "\(name).\(axis.rawValue)" }
        return fields[index]
    }

    /// Where `value` of `axis` was first written.
    public func field(of axis: MatrixAxis, value: String) -> String {
        field(of: axis, at: axes[axis]?.firstIndex(of: value))
    }

    /// Every combination, in a stable order (axes in declaration order, values as written).
    public var cells: [MatrixCell] {
        var cells = [MatrixCell(values: [:])]
        for axis in MatrixAxis.allCases {
            guard let values = axes[axis], !values.isEmpty else { continue }
            cells = cells.flatMap { cell in values.map { cell.with(axis, $0) } }
        }
        return cells
    }
}

/// A whole matrix as its file declares it.
public struct MatrixSpec: Sendable {
    public var name: String
    public var description: String
    public var sourcePath: String?
    /// The line of each field in that file; empty when built in code.
    public var sourceMap: SourceMap
    public var blocks: [MatrixBlock]
    /// A cell matching any of these is left out.
    public var exclusions: [CellSelector]
    /// Length of one sample of one cell, seconds.
    public var sampleDuration: Double
    /// Byte budget of one sample instead of a duration (nil: use the duration).
    public var sampleBytes: Int?
    public var warmupRounds: Int
    public var sampling: AdaptiveSampling
    public var assertions: [AssertionSpec]
    /// The file's `plugin_path:` entries (files or folders), each already joined to
    /// the file's folder: searched after `--plugin-path`, before NETMATRIX_PLUGIN_PATH.
    public var pluginPaths: [String]

    public init(
        name: String, description: String = "", sourcePath: String? = nil, sourceMap: SourceMap = SourceMap(),
        blocks: [MatrixBlock],
        exclusions: [CellSelector] = [], sampleDuration: Double = 1, sampleBytes: Int? = nil, warmupRounds: Int = 1,
        sampling: AdaptiveSampling = AdaptiveSampling(), assertions: [AssertionSpec] = [], pluginPaths: [String] = []
    ) {
        self.name = name
        self.description = description
        self.sourcePath = sourcePath
        self.sourceMap = sourceMap
        self.blocks = blocks
        self.exclusions = exclusions
        self.sampleDuration = sampleDuration
        self.sampleBytes = sampleBytes
        self.warmupRounds = warmupRounds
        self.sampling = sampling
        self.assertions = assertions
        self.pluginPaths = pluginPaths
    }

    /// The cells to run: every block's product, minus exclusions, each once, in
    /// first-seen order.
    public var cells: [MatrixCell] {
        var seen = Set<String>()
        var result: [MatrixCell] = []
        for block in blocks {
            for cell in cells(of: block) where seen.insert(cell.id).inserted { result.append(cell) }
        }
        return result
    }

    /// The cells `block` contributes: its product minus exclusions.
    public func cells(of block: MatrixBlock) -> [MatrixCell] {
        block.cells.filter { cell in !exclusions.contains { $0.matches(cell) } }
    }
}
