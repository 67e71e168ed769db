/// The results of one run: the document behind results.json and every report.
///
/// Versioned: `schemaVersion` changes when a field changes meaning or goes
/// away; new optional fields keep the version. Docs/results-schema.md lists the
/// fields. Absent means not measured (e.g. cycles per byte without hardware
/// counters), never zero.
public struct RunResults: Codable, Equatable, Sendable {
    public static let currentSchemaVersion = 2

    public var schemaVersion: Int
    public var netmatrixVersion: String
    /// ISO 8601, UTC.
    public var startedAt: String
    public var finishedAt: String
    public var seed: UInt64
    public var matrixFile: String?
    public var environment: RunEnvironment
    public var cells: [CellRecord]
    public var assertions: [AssertionRecord]
    /// The run's exit status and what it means.
    public var exitStatus: Int32
    public var exitMeaning: String

    public init(
        netmatrixVersion: String, startedAt: String, finishedAt: String, seed: UInt64, matrixFile: String?,
        environment: RunEnvironment, cells: [CellRecord], assertions: [AssertionRecord], exitStatus: ExitStatus
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.netmatrixVersion = netmatrixVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.seed = seed
        self.matrixFile = matrixFile
        self.environment = environment
        self.cells = cells
        self.assertions = assertions
        self.exitStatus = exitStatus.rawValue
        self.exitMeaning = exitStatus.meaning
    }
}

public struct RunEnvironment: Codable, Equatable, Sendable {
    /// uname -r
    public var kernel: String
    public var cpuModel: String
    public var cpuCount: Int
    /// The SIMD level the kernels picked: avx2, sse2 or scalar.
    public var simdLevel: String
    public var gitRevision: String?
    public var plugins: [PluginRecord]
    /// Single-thread memcpy bandwidth measured in this run, bytes per second: the physical reference.
    public var memoryCopyBytesPerSecond: Double?
    /// Kernel features and how each was probed (name -> "yes: how" / "no: reason").
    public var features: [String: String]

    public init(
        kernel: String, cpuModel: String, cpuCount: Int, simdLevel: String, gitRevision: String?,
        plugins: [PluginRecord], memoryCopyBytesPerSecond: Double?, features: [String: String]
    ) {
        self.kernel = kernel
        self.cpuModel = cpuModel
        self.cpuCount = cpuCount
        self.simdLevel = simdLevel
        self.gitRevision = gitRevision
        self.plugins = plugins
        self.memoryCopyBytesPerSecond = memoryCopyBytesPerSecond
        self.features = features
    }
}

public struct PluginRecord: Codable, Equatable, Sendable {
    public var name: String
    public var version: String
    public var abi: String
    public var file: String

    public init(name: String, version: String, abi: String, file: String) {
        self.name = name
        self.version = version
        self.abi = abi
        self.file = file
    }
}

/// One cell of the matrix: one point of the axes' cross product.
public struct CellRecord: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        case passed, failed, skipped
    }

    /// Stable, readable id, e.g. `veth/tcp/zerocopy:sendfile->copy/64K/mtu1500/offloads-on/1`.
    public var id: String
    public var topology: String
    public var transport: String
    public var sender: String
    public var receiver: String
    public var wire: String?
    public var messageSize: Int
    public var mtu: Int?
    public var offloads: String
    public var flows: Int
    /// Worker placement: any, same or split.
    public var cpus: String
    public var status: Status
    /// Why it failed or was skipped, one line.
    public var reason: String?
    /// Offload features as the kernel accepted them, per interface.
    public var offloadsReadBack: [String: String]
    public var samples: [CellSample]
    public var summary: CellSummary?

    public init(
        id: String, topology: String, transport: String, sender: String, receiver: String, wire: String?,
        messageSize: Int, mtu: Int?, offloads: String, flows: Int, cpus: String = CPUPlacement.any.rawValue,
        status: Status, reason: String?, offloadsReadBack: [String: String], samples: [CellSample], summary: CellSummary?
    ) {
        self.cpus = cpus
        self.id = id
        self.topology = topology
        self.transport = transport
        self.sender = sender
        self.receiver = receiver
        self.wire = wire
        self.messageSize = messageSize
        self.mtu = mtu
        self.offloads = offloads
        self.flows = flows
        self.status = status
        self.reason = reason
        self.offloadsReadBack = offloadsReadBack
        self.samples = samples
        self.summary = summary
    }

    /// The data path as a chart series name: `sender -> receiver [via wire]`.
    public var dataPath: String {
        wire.map { "\(sender) → \(receiver) via \(wire ?? $0)" } ?? "\(sender) → \(receiver)"
    }
}

/// An assertion's result.
public struct AssertionRecord: Codable, Equatable, Sendable {
    /// The assertion's name; for one pair of an assertion with several,
    /// "<assertion> @ <numerator cell>" (`pairName`, taken apart by `nameParts`).
    public var name: String
    /// The one-line physical reason the assertion should hold.
    public var why: String
    /// As written in the matrix file, e.g. `goodput(veth, zerocopy:sendfile) / goodput(veth, copy) >= 1.05`.
    public var expression: String
    public var metric: String
    public var comparison: Comparison
    public var threshold: Double
    public var interval: RatioInterval?
    public var verdict: Verdict
    /// Why it is inconclusive or could not be evaluated, one line.
    public var reason: String?

    public init(
        name: String, why: String, expression: String, metric: String, comparison: Comparison, threshold: Double,
        interval: RatioInterval?, verdict: Verdict, reason: String?
    ) {
        self.name = name
        self.why = why
        self.expression = expression
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
        self.interval = interval
        self.verdict = verdict
        self.reason = reason
    }
}

extension AssertionRecord {
    /// The record name of one pair of an assertion with several.
    static func pairName(assertion: String, cell: String) -> String { "\(assertion) @ \(cell)" }

    /// `name` taken apart: the assertion's own name and, for one pair of
    /// several, its numerator cell (the last " @ ": a cell id has no spaces).
    var nameParts: (assertion: String, cell: String?) {
        guard let separator = name.range(of: " @ ", options: .backwards) else { return (name, nil) }
        return (String(name[..<separator.lowerBound]), String(name[separator.upperBound...]))
    }
}
