/// The matrix's progress line: which run of how many, and the time left for the
/// runs planned and for the most the sampling budget may still add. An
/// inconclusive assertion earns its cells more rounds late in a run, so "time left"
/// from the planned runs alone reads "0m06s" minutes before the end; the upper
/// figure says how long it can still take.
public struct ProgressEstimate: Equatable, Sendable {
    /// The cell whose run starts now, and whether it is a warm-up run.
    public var cellID: String
    public var isWarmup: Bool
    /// 1-based: the run starting now.
    public var index: Int
    public var planned: Int
    /// At least `planned`: planned plus every round the budget still allows.
    public var maximum: Int
    /// Seconds since the first run started.
    public var elapsedSeconds: Double
    /// The guess per run before any run has finished (e.g. the sample duration).
    public var firstRunSeconds: Double

    public init(
        cellID: String, isWarmup: Bool, index: Int, planned: Int, maximum: Int, elapsedSeconds: Double,
        firstRunSeconds: Double
    ) {
        self.cellID = cellID
        self.isWarmup = isWarmup
        self.index = index
        self.planned = planned
        self.maximum = max(maximum, planned)
        self.elapsedSeconds = elapsedSeconds
        self.firstRunSeconds = firstRunSeconds
    }

    public init(_ step: MatrixRunner.Progress, elapsedSeconds: Double, firstRunSeconds: Double) {
        self.init(
            cellID: step.cell.id, isWarmup: step.isWarmup, index: step.index, planned: step.planned, maximum: step.maximum,
            elapsedSeconds: elapsedSeconds, firstRunSeconds: firstRunSeconds)
    }

    /// The pace so far: seconds per finished run.
    public var secondsPerRun: Double {
        index > 1 ? elapsedSeconds / Double(index - 1) : firstRunSeconds
    }

    /// Time for this run and the rest of those planned.
    public var plannedSecondsLeft: Double { Double(max(0, planned - index + 1)) * secondsPerRun }

    /// Time for this run and the rest, if every open assertion uses its whole budget.
    public var maximumSecondsLeft: Double { Double(max(0, maximum - index + 1)) * secondsPerRun }

    /// "[12/40] veth/... · 1m05s left", or with rounds that may still come,
    /// "[12/40, up to 64] veth/... · 1m05s to 3m10s left".
    public var line: String {
        let phase = isWarmup ? " (warm-up)" : ""
        let planned = Self.minutes(plannedSecondsLeft)
        guard maximum > self.planned else { return "[\(index)/\(self.planned)] \(cellID)\(phase) · \(planned) left" }
        return "[\(index)/\(self.planned), up to \(maximum)] \(cellID)\(phase) · \(planned) to \(Self.minutes(maximumSecondsLeft)) left"
    }

    /// 66 -> "1m06s".
    static func minutes(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let remainder = whole % 60
        return "\(whole / 60)m\(remainder < 10 ? "0" : "")\(remainder)s"
    }
}
