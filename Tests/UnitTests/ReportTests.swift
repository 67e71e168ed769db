@testable import NetmatrixCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Reports from a synthetic run")
struct ReportTests {
    static func sample(_ round: Int, gbit: Double, demand: Double) -> CellSample {
        CellSample(
            round: round, seconds: 1, bytes: UInt64(gbit * 1e9 / 8), goodputBitsPerSecond: gbit * 1e9,
            senderCPU: CPUTime(user: 0.1, system: 0.5), receiverCPU: CPUTime(user: 0.1, system: 0.4),
            softirqShare: 0.2, serviceDemandMicrosPerMB: demand, zerocopyCompletions: 0, copiedCompletions: 40)
    }

    static func cell(_ sender: String, size: Int, gbit: Double, status: CellRecord.Status = .passed) -> CellRecord {
        let samples = status == .passed ? (0..<3).map { sample($0, gbit: gbit + Double($0) * 0.1, demand: 80) } : []
        return CellRecord(
            id: "veth/tcp/\(sender)->copy/\(ByteCount.text(size))", topology: "veth", transport: "tcp", sender: sender,
            receiver: "copy", wire: nil, messageSize: size, mtu: 1500, offloads: "on", flows: 1, status: status,
            reason: status == .skipped ? "kernel has no dummy driver" : (status == .failed ? "receiver worker killed by SIGSEGV" : nil),
            offloadsReadBack: ["va0": "tx-checksum on"], samples: samples,
            summary: CellSummary(samples: samples, memoryCopyBytesPerSecond: 10e9))
    }

    static var results: RunResults {
        let cells = [
            cell("copy", size: 4096, gbit: 5), cell("copy", size: 65536, gbit: 11),
            cell("zerocopy:sendfile", size: 4096, gbit: 4), cell("zerocopy:sendfile", size: 65536, gbit: 10),
            cell("copy", size: 1 << 20, gbit: 0, status: .failed), cell("copy", size: 8192, gbit: 0, status: .skipped),
        ]
        let interval = RatioInterval(
            estimate: 0.91, lower: 0.88, upper: 0.94, confidence: 0.95, numeratorSamples: 3, denominatorSamples: 3)
        let assertions = [
            AssertionRecord(
                name: "sendfile-cpu", why: "sendfile skips the user copy, so the sender spends less CPU per MB",
                expression: "cpu_per_mb(sendfile)/cpu_per_mb(copy) <= 0.95 & <", metric: "cpu_per_mb",
                comparison: .atMost, threshold: 0.95, interval: interval, verdict: .pass, reason: nil),
            AssertionRecord(
                name: "never", why: "a test of the failure path", expression: "goodput(a)/goodput(b) >= 2",
                metric: "goodput", comparison: .atLeast, threshold: 2, interval: interval, verdict: .fail, reason: nil),
        ]
        return RunResults(
            netmatrixVersion: NetmatrixVersion.string, startedAt: "2026-11-21T22:00:00Z",
            finishedAt: "2026-11-21T22:01:00Z", seed: 1, matrixFile: "Netns/matrix.yaml",
            environment: RunEnvironment(
                kernel: "6.18", cpuModel: "Test CPU", cpuCount: 2, simdLevel: "avx2", gitRevision: "abc123",
                plugins: [PluginRecord(name: "copy", version: "1.0.0", abi: "1.0", file: "/x/libnetmatrix-plugin-copy.so")],
                memoryCopyBytesPerSecond: 10e9, features: ["veth": "yes"]),
            cells: cells, assertions: assertions, exitStatus: .assertionFailed)
    }

    @Test func resultsJSONRoundTripsWithItsSchemaVersion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nm-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try ReportWriter(directory: folder).write(Self.results)
        #expect(written.map(\.lastPathComponent) == ["results.json", "junit.xml", "summary.md", "report.html"])
        let decoded = try JSONDecoder().decode(RunResults.self, from: Data(contentsOf: written[0]))
        #expect(decoded == Self.results)
        #expect(decoded.schemaVersion == RunResults.currentSchemaVersion)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: written[0])) as? [String: Any])
        #expect(object["exitStatus"] as? Int == 1)
        // Absent, never zero: no cycles per byte without hardware counters.
        let text = try String(contentsOf: written[0], encoding: .utf8)
        #expect(!text.contains("cyclesPerByte"))
    }

    @Test func summaryDerivesMediansShareAndEfficiency() throws {
        let summary = try #require(Self.results.cells[1].summary)
        #expect(summary.goodputBitsPerSecond == 11.1e9)
        #expect(summary.zerocopiedShare == 0)
        #expect(abs((summary.copyEfficiency ?? 0) - 11.1e9 / 8 / 10e9) < 1e-12)
        #expect(CellSummary(samples: [], memoryCopyBytesPerSecond: nil) == nil)
        #expect(summary.wireMicrosPerMB == nil, "no wire ran")
    }

    /// A tap cell's wire: its own µs per MB, median and interval, in the summary and both cell tables.
    @Test func theWiresCPUPerMBIsSummarisedWithItsInterval() throws {
        let samples = (0..<6).map { round -> CellSample in
            var sample = Self.sample(round, gbit: 4, demand: 1500)
            sample.wireCPU = CPUTime(user: 0.05, system: 0.30 + 0.01 * Double(round))  // 0.5 GB: 700–800 µs/MB
            return sample
        }
        let summary = try #require(CellSummary(samples: samples, memoryCopyBytesPerSecond: nil))
        let wire = try #require(summary.wireMicrosPerMB)
        #expect(wire.estimate > 700 && wire.estimate < 800)
        #expect(wire.lower <= wire.estimate && wire.estimate <= wire.upper)
        let columns = CellColumns.values(summary)
        #expect(columns.count == CellColumns.headers.count)
        #expect(columns[CellColumns.headers.firstIndex(of: "wire µs/MB") ?? 0].hasPrefix(String(format: "%.0f [", wire.estimate)))
    }

    @Test func junitIsWellFormedWithOneCasePerCellAndAssertion() throws {
        let xml = JUnitReport.render(Self.results)
        let document = try XMLDocument(data: Data(xml.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 6 + 2)
        #expect(try document.nodes(forXPath: "//testcase/failure").count == 2)
        #expect(try document.nodes(forXPath: "//testcase/skipped").count == 1)
        // Markup in expressions is escaped, not broken.
        #expect(xml.contains("&lt;= 0.95 &amp; &lt;"))
    }

    @Test func markdownLeadsWithTheVerdictAndHasARowPerCell() {
        let md = MarkdownSummary.render(Self.results)
        #expect(md.hasPrefix("# netmatrix: the code under test failed — cells:"))
        #expect(md.contains("exit 1"))
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| `veth/") }
        #expect(rows.count == 6)
        #expect(md.contains("❌ fail"))
    }

    @Test func htmlIsSelfContainedWithChartsPerDataPath() {
        let html = HTMLReport.render(Self.results)
        #expect(html.contains("<svg"))
        #expect(ReportReader.externalReferences(in: html) == [])
        // Two charts (goodput, CPU per MB), each with one polyline per data path that has two sizes.
        #expect(html.components(separatedBy: "<polyline").count - 1 == 4)
        #expect(html.contains("copy → copy"))
        #expect(html.contains("zerocopy:sendfile → copy"))
    }

    @Test func unitsPrintAsPeopleWriteThem() {
        #expect(Units.rate(17.7e9) == "17.70 Gbit/s")
        #expect(Units.percent(0.5) == "50.0%")
    }
}
