/// One JSON line a worker writes to its report pipe: first `ready` (a receiver
/// listens), then one `final` line with what happened.
public struct WorkerReport: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case ready, final
    }

    public var kind: Kind
    /// Set when the worker failed before or around the plugin call (setns, load, socket).
    public var setupError: String?
    /// The setup error is the loader refusing the plugin or a role or mode it lacks (bad input).
    public var pluginRefused: Bool = false
    /// `worker --describe`: the checked descriptor.
    public var plugin: PluginInfo?
    /// The role function's return value and its ctx->error line.
    public var pluginStatus: Int32 = 0
    public var pluginError: String = ""
    public var counters: WorkerCounters = WorkerCounters()
    /// Receive: bytes handed to deliver, and how many of them were compared.
    public var bytesDelivered: UInt64 = 0
    public var bytesVerified: UInt64 = 0
    public var datagrams: UInt64 = 0
    /// The first mismatch: e.g. "bad byte at stream offset 123456: expected 0x3a got 0x3b".
    public var mismatch: String?
    public var firstBadOffset: UInt64?
    public var verificationNanoseconds: UInt64 = 0
    /// CLOCK_MONOTONIC timestamps, comparable across the cell's processes.
    public var transferStartNanoseconds: UInt64 = 0
    public var transferEndNanoseconds: UInt64 = 0
    public var firstDeliveryNanoseconds: UInt64 = 0
    public var lastDeliveryNanoseconds: UInt64 = 0
    /// Descriptors the worker found open at start beyond stdio and its job's slots
    /// ("5 -> socket:[1234]"): each is a leak from the supervisor (should be empty).
    public var strayDescriptors: [String] = []
    /// TCP send: TCP_INFO tcpi_total_retrans after the transfer.
    public var retransmits: UInt64?
    /// Why should_stop said stop, if it did: "deadline", "budget", "signal", "idle", "peer-close".
    public var stopReason: String?
    /// A pinned worker: the CPUs it may run on, read back after pinning.
    public var allowedCPUs: [Int32]?
    /// The plugin's own counters (`nm_host_api.counter`, ABI 1.1), by name.
    public var pluginCounters: [String: UInt64]?

    public init(kind: Kind) {
        self.kind = kind
    }

    public var wallNanoseconds: UInt64 {
        transferEndNanoseconds >= transferStartNanoseconds ? transferEndNanoseconds - transferStartNanoseconds : 0
    }
}

/// `nm_counters` as plain Swift values.
public struct WorkerCounters: Codable, Equatable, Sendable {
    public var bytes: UInt64 = 0
    public var messages: UInt64 = 0
    public var zerocopyCompletions: UInt64 = 0
    public var copiedCompletions: UInt64 = 0
    public var bytesMapped: UInt64 = 0
    public var bytesCopied: UInt64 = 0
    public var framesAToB: UInt64 = 0
    public var framesBToA: UInt64 = 0
    public var checksumsCompleted: UInt64 = 0
    public var variant: String = ""

    public init() {}
}
