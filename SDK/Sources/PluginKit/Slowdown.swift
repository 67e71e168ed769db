#if canImport(Glibc)
import Glibc
#endif

/// Extra CPU work of a known size: after every `interval` calls it spins for
/// `percent` of the CPU time this thread used since the last checkpoint, so a
/// side's CPU per MB grows by that share on any machine. This is how a gate is
/// proven: a build with `slowdown=10` is a 10% regression of known size. The
/// spin reads the clock on every turn, a side effect no compiler may remove.
public struct Slowdown: Sendable {
    public let percent: Int
    /// Calls between checkpoints: reading the thread's CPU clock is a system
    /// call, so it is paid once per `interval` calls, not per call.
    public let interval: Int
    private var calls = 0
    private var checkpoint: Int64

    public init(percent: Int, interval: Int = 32) {
        self.percent = percent
        self.interval = max(interval, 1)
        checkpoint = percent > 0 ? Self.threadCPUNanoseconds() : 0
    }

    /// From the plugin's `slowdown=PERCENT` option (0 when absent).
    public init(_ options: PluginOptions, key: String = "slowdown") throws(PluginError) {
        self.init(percent: try options.integer(key, default: 0))
    }

    /// Call once per send or receive call.
    public mutating func afterCall() {
        guard percent > 0 else { return }
        calls += 1
        guard calls >= interval else { return }
        calls = 0
        let used = Self.threadCPUNanoseconds() - checkpoint
        Self.spin(nanoseconds: used * Int64(percent) / 100)
        checkpoint = Self.threadCPUNanoseconds()
    }

    static func threadCPUNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Busy for `nanoseconds` of this thread's CPU time.
    static func spin(nanoseconds: Int64) {
        guard nanoseconds > 0 else { return }
        let end = threadCPUNanoseconds() + nanoseconds
        while threadCPUNanoseconds() < end {}
    }
}
