import CNetmatrixShims
#if canImport(Glibc)
import Glibc
#endif

/// The physical reference of a run: how fast one core copies memory with the C
/// library's memcpy, with buffers well past the last-level cache so the figure
/// is DRAM bandwidth, not cache bandwidth. Every cell's goodput is reported as a
/// share of it. Measured in the same run, because it moves with the machine.
public struct MemoryCopyProbe: Sendable {
    /// Bytes per buffer (source and destination each).
    public var bufferSize: Int
    /// Timed passes; the fastest counts (interference only ever slows a copy down).
    public var passes: Int

    public init(bufferSize: Int = 64 << 20, passes: Int = 5) {
        self.bufferSize = bufferSize
        self.passes = passes
    }

    /// Bytes copied per second, or nil if the buffers could not be allocated.
    public func measure() -> Double? {
        guard let source = malloc(bufferSize), let destination = malloc(bufferSize) else { return nil }
        defer {
            free(source)
            free(destination)
        }
        // Touch every page first so the timed passes measure copying, not page faults.
        memset(source, 0x5A, bufferSize)
        memset(destination, 0, bufferSize)
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<passes {
            let start = clock.now
            nm_copy_memory(destination, source, bufferSize)
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
        }
        guard best.isFinite, best > 0 else { return nil }
        return Double(bufferSize) / best
    }
}
