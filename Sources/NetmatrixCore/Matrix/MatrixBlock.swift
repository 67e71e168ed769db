/// A block of a matrix: a cross product of axis values (a fixture and its
/// variants). A matrix is a list of blocks, so a comparison changes one thing
/// (the senders at one receiver, the receivers at one sender) without paying
/// for the full product of every axis.
public struct MatrixBlock: Equatable, Sendable {
    public var name: String
    public var axes: [MatrixAxis: [String]]

    public init(name: String, axes: [MatrixAxis: [String]]) {
        self.name = name
        self.axes = axes
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

    public init(
        name: String, description: String = "", sourcePath: String? = nil, blocks: [MatrixBlock],
        exclusions: [CellSelector] = [], sampleDuration: Double = 1, sampleBytes: Int? = nil, warmupRounds: Int = 1,
        sampling: AdaptiveSampling = AdaptiveSampling(), assertions: [AssertionSpec] = []
    ) {
        self.name = name
        self.description = description
        self.sourcePath = sourcePath
        self.blocks = blocks
        self.exclusions = exclusions
        self.sampleDuration = sampleDuration
        self.sampleBytes = sampleBytes
        self.warmupRounds = warmupRounds
        self.sampling = sampling
        self.assertions = assertions
    }

    /// The cells to run: every block's product, minus exclusions, each once, in
    /// first-seen order.
    public var cells: [MatrixCell] {
        var seen = Set<String>()
        var result: [MatrixCell] = []
        for block in blocks {
            for cell in block.cells where !exclusions.contains(where: { $0.matches(cell) }) {
                if seen.insert(cell.id).inserted { result.append(cell) }
            }
        }
        return result
    }
}
