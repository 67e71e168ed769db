/// What one flow of a cell measured, and why it failed if it did.
public struct FlowResult: Sendable, Codable {
    /// Empty when the flow passed.
    public var failures: [FlowFailure]
    /// Bytes the receiver's plugin delivered to the host.
    public var bytes: UInt64
    public var bytesVerified: UInt64
    /// From the sender's first call to the receiver's last delivery (CLOCK_MONOTONIC).
    public var seconds: Double
    public var goodputBitsPerSecond: Double
    public var sender: FlowSide?
    public var receiver: FlowSide?
    public var wire: FlowSide?
    /// System-wide softirq share of CPU time during the cell, 0...1; nil without /proc/stat.
    public var softirqShare: Double?
    /// CPU seconds the kernel's softirq threads ran during the cell (system-wide);
    /// nil where they cannot be read.
    public var softirqThreadSeconds: Double?
    public var verification: VerificationLevel
    /// Time the receiver spent comparing bytes, and per MB.
    public var verificationNanoseconds: UInt64

    public init(
        failures: [FlowFailure], bytes: UInt64, bytesVerified: UInt64, seconds: Double, goodputBitsPerSecond: Double,
        sender: FlowSide?, receiver: FlowSide?, wire: FlowSide?, softirqShare: Double?,
        softirqThreadSeconds: Double? = nil, verification: VerificationLevel, verificationNanoseconds: UInt64
    ) {
        self.softirqThreadSeconds = softirqThreadSeconds
        self.failures = failures
        self.bytes = bytes
        self.bytesVerified = bytesVerified
        self.seconds = seconds
        self.goodputBitsPerSecond = goodputBitsPerSecond
        self.sender = sender
        self.receiver = receiver
        self.wire = wire
        self.softirqShare = softirqShare
        self.verification = verification
        self.verificationNanoseconds = verificationNanoseconds
    }

    public var passed: Bool { failures.isEmpty }

    /// What a command exits with for this cell (`FlowFailure.Kind.exitStatus`, the worst of its failures).
    public var exitStatus: ExitStatus { ExitStatus.worst(failures.map(\.kind.exitStatus)) }

    public var verificationMicrosecondsPerMB: Double? {
        bytes > 0 ? Double(verificationNanoseconds) / 1000 / (Double(bytes) / 1e6) : nil
    }
}

/// One worker's view: its plugin, CPU time from wait4's rusage, and its counters.
public struct FlowSide: Sendable, Codable {
    public var plugin: String
    /// The worker's process id (reaped by the time the result exists).
    public var pid: Int32
    public var userCPUSeconds: Double
    public var systemCPUSeconds: Double
    /// Service demand: µs of CPU (user + system) per MB (10^6 bytes) the receiver got.
    public var microsecondsPerMB: Double?
    public var counters: WorkerCounters
    public var report: WorkerReport?
    /// The worker's exit: "exit 0", "SIGSEGV".
    public var exit: String
    /// The last 8 KiB of what the worker (and its plugin, through `log`) wrote to stderr, by line.
    public var log: [String] = []

    public var cpuSeconds: Double { userCPUSeconds + systemCPUSeconds }
}
