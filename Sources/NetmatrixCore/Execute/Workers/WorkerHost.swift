import CNetmatrixShims
import NetmatrixABI
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// The host side of one role invocation: the `nm_host_api` table and the state
/// behind `ctx->host_data`. should_stop and deliver are on the data path, so they
/// read one clock and a few fields, nothing more.
final class WorkerHost {
    let role: WorkerRole
    let transport: TransportProtocol
    /// Absolute CLOCK_MONOTONIC deadline; UInt64.max for none.
    var deadline: UInt64 = .max
    var byteBudget: UInt64?
    var stopAfterBytes: UInt64?
    /// UDP receive: stop after this long without a datagram once one arrived.
    var idleLimit: UInt64 = 300_000_000
    var verifier: StreamVerifier
    var bytesDelivered: UInt64 = 0
    var firstDelivery: UInt64 = 0
    var lastDelivery: UInt64 = 0
    var stopReason: String?
    /// The plugin's own counters, by name (`counter`).
    private(set) var pluginCounters: [String: UInt64] = [:]
    let logPrefix: String

    init(role: WorkerRole, transport: TransportProtocol, verifier: StreamVerifier) {
        self.role = role
        self.transport = transport
        self.verifier = verifier
        logPrefix = "netmatrix worker (\(role.rawValue)): "
    }

    /// The C table; lives as long as the process (one role per process).
    nonisolated(unsafe) static let api: UnsafeMutablePointer<nm_host_api> = {
        let table = UnsafeMutablePointer<nm_host_api>.allocate(capacity: 1)
        table.initialize(to: nm_host_api())
        table.pointee.struct_size = UInt32(MemoryLayout<nm_host_api>.size)
        table.pointee.should_stop = { context in
            guard let context, let host = WorkerHost.from(context) else { return 1 }
            return host.shouldStop(sentBytes: context.pointee.counters.bytes) ? 1 : 0
        }
        table.pointee.deliver = { context, data, length in
            guard let context, let host = WorkerHost.from(UnsafePointer(context)) else { return 1 }
            let keepGoing = host.deliver(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
            if !keepGoing, let mismatch = host.verifier.mismatch {
                WorkerContext.setError(context, mismatch.description)
            }
            return keepGoing ? 0 : 1
        }
        table.pointee.log = { context, message in
            let prefix = context.flatMap { WorkerHost.from($0)?.logPrefix } ?? "netmatrix worker: "
            StandardError.write(prefix + (message.map { String(cString: $0) } ?? ""))
        }
        table.pointee.counter = { context, name, value in
            guard let context, let host = WorkerHost.from(UnsafePointer(context)), let name else { return }
            if let problem = host.setCounter(String(cString: name), value) { WorkerContext.setError(context, problem) }
        }
        return table
    }()

    static func from(_ context: UnsafePointer<nm_context>) -> WorkerHost? {
        guard let data = context.pointee.host_data else { return nil }
        return Unmanaged<WorkerHost>.fromOpaque(data).takeUnretainedValue()
    }

    func shouldStop(sentBytes: UInt64) -> Bool {
        if stopReason != nil { return true }
        if nm_worker_stop_requested() != 0 { return stop("signal") }
        let now = monotonicNanoseconds()
        if now >= deadline { return stop("deadline") }
        if role == .send, let byteBudget, sentBytes >= byteBudget { return stop("budget") }
        if role == .receive, transport == .udp, firstDelivery != 0, now - lastDelivery >= idleLimit {
            return stop("idle")
        }
        return false
    }

    /// Counts and verifies; false means stop (bad bytes, budget, or the peer-close probe).
    func deliver(_ data: UnsafeRawBufferPointer) -> Bool {
        let now = monotonicNanoseconds()
        if firstDelivery == 0 { firstDelivery = now }
        lastDelivery = now
        bytesDelivered += UInt64(data.count)
        if !verifier.verify(data) { return refuse("bad-bytes") }
        if let stopAfterBytes, bytesDelivered >= stopAfterBytes { return refuse("peer-close") }
        if transport == .udp, let byteBudget, bytesDelivered >= byteBudget { return refuse("budget") }
        if nm_worker_stop_requested() != 0 { return refuse("signal") }
        return true
    }

    /// Sets a plugin counter; a bad name or one too many is the plugin's error
    /// (set in ctx->error, so a plugin that then returns non-zero says why).
    func setCounter(_ name: String, _ value: UInt64) -> String? {
        let allowed = name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
        guard allowed, (1...Int(NM_COUNTER_NAME_MAX)).contains(name.utf8.count) else {
            return "counter name \"\(name)\": expected 1 to \(NM_COUNTER_NAME_MAX) of a-z, 0-9, _"
        }
        guard pluginCounters[name] != nil || pluginCounters.count < Int(NM_COUNTERS_MAX) else {
            return "counter \"\(name)\": at most \(NM_COUNTERS_MAX) counters (has \(pluginCounters.keys.sorted().joined(separator: ", ")))"
        }
        pluginCounters[name] = value
        return nil
    }

    /// Records the first reason to stop; returns true (should_stop's answer).
    private func stop(_ reason: String) -> Bool {
        if stopReason == nil { stopReason = reason }
        return true
    }

    /// Records the first reason to stop; returns false (deliver's "do not continue").
    private func refuse(_ reason: String) -> Bool {
        !stop(reason)
    }
}
