import Foundation
import NetmatrixCore
import TestSupport
import Testing

@Suite("Softirq share from /proc/stat")
struct SoftirqShareTests {
    @Test func parsesTheCPULineAndComputesTheShare() throws {
        let before = try #require(SoftirqShare.parse(cpuLine: "cpu  100 0 50 800 10 5 20 0 0 0"))
        #expect(before.softirq == 20)
        #expect(before.total == 985)
        let after = try #require(SoftirqShare.parse(cpuLine: "cpu  150 0 80 850 10 5 40 0 0 0"))
        #expect(SoftirqShare.share(from: before, to: after) == 20.0 / 150.0)
    }

    @Test func refusesShortLines() {
        #expect(SoftirqShare.parse(cpuLine: "cpu 1 2 3") == nil)
    }

    // The requirement is the file, not the parser under test: a parser that fails must fail here.
    @Test(.requires(TestRequirement("needs a readable /proc/stat") { FileManager.default.isReadableFile(atPath: "/proc/stat") }))
    func samplesThisMachine() throws {
        let sample = try #require(SoftirqShare.sample())
        #expect(sample.total > sample.softirq)
    }
}
