@testable import NetmatrixCore
import Testing

@Suite("Memory copy reference")
struct MemoryCopyProbeTests {
    @Test func measuresAPlausibleBandwidth() throws {
        // Plausibility only (speed goals belong in benchmarks): any machine that runs
        // this copies faster than 100 MB/s and slower than 1 TB/s on one core.
        let bandwidth = try #require(MemoryCopyProbe(bufferSize: 8 << 20, passes: 3).measure())
        #expect(bandwidth > 100e6)
        #expect(bandwidth < 1e12)
    }
}
