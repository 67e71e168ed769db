@testable import NetmatrixCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Every figure in results.json, summary.md, junit.xml, the terminal summary and
/// report.html, read back and compared with the samples and records it comes from.
/// The expected medians and shares are worked out here from the samples, not
/// taken from CellSummary, so a wrong summary cannot agree with itself.
@Suite("Every report figure matches its source")
struct ReportFiguresTests {
    static let memcpy = 11e9  // bytes/s: goodput 11 Gbit/s is 12.5% of it

    static func sample(
        _ round: Int, gbit: Double, demand: Double, sender: (Double, Double), receiver: (Double, Double),
        wire: (Double, Double)? = nil, softirq: Double, zerocopy: (UInt64, UInt64)? = nil,
        mapped: (UInt64, UInt64)? = nil, retransmits: UInt64?, recvCalls: UInt64? = nil
    ) -> CellSample {
        CellSample(
            round: round, seconds: 0.5, bytes: UInt64(gbit * 1e9 * 0.5 / 8), goodputBitsPerSecond: gbit * 1e9,
            senderCPU: CPUTime(user: sender.0, system: sender.1), receiverCPU: CPUTime(user: receiver.0, system: receiver.1),
            wireCPU: wire.map { CPUTime(user: $0.0, system: $0.1) }, softirqShare: softirq, serviceDemandMicrosPerMB: demand,
            zerocopyCompletions: zerocopy?.0, copiedCompletions: zerocopy?.1, bytesMapped: mapped?.0, bytesCopied: mapped?.1,
            retransmits: retransmits, variant: "recv", pluginCounters: recvCalls.map { ["receive.recv_calls": $0] })
    }

    /// Zero-copied shares 0.25, 0.5, 0; mapped shares 0.9, 0.95, 0.99; retransmits 25, 51, 30; recv_calls 100, 300, 200.
    static let copySamples = [
        sample(0, gbit: 11, demand: 400, sender: (0.10, 0.30), receiver: (0.05, 0.25), softirq: 0.20, zerocopy: (10, 30), mapped: (900, 100), retransmits: 25, recvCalls: 100),
        sample(1, gbit: 12, demand: 380, sender: (0.11, 0.31), receiver: (0.06, 0.26), softirq: 0.22, zerocopy: (20, 20), mapped: (950, 50), retransmits: 51, recvCalls: 300),
        sample(2, gbit: 10, demand: 420, sender: (0.12, 0.32), receiver: (0.07, 0.27), softirq: 0.18, zerocopy: (0, 40), mapped: (990, 10), retransmits: 30, recvCalls: 200),
    ]
    static let wireSamples = [
        sample(0, gbit: 2.0, demand: 6000, sender: (0.02, 0.10), receiver: (0.03, 0.20), wire: (0.2, 0.6), softirq: 0.4, retransmits: 3),
        sample(1, gbit: 2.2, demand: 6400, sender: (0.02, 0.11), receiver: (0.03, 0.21), wire: (0.3, 0.7), softirq: 0.5, retransmits: 4),
    ]
    static let crashedSamples = [sample(0, gbit: 9, demand: 500, sender: (0.1, 0.2), receiver: (0.1, 0.2), softirq: 0.1, retransmits: 0)]

    static func cell(
        _ id: String, topology: String, wire: String? = nil, status: CellRecord.Status, reason: String? = nil, samples: [CellSample]
    ) -> CellRecord {
        CellRecord(
            id: id, topology: topology, transport: "tcp", sender: "copy", receiver: "copy", wire: wire, messageSize: 65536,
            mtu: 1500, offloads: "on", flows: 1, status: status, reason: reason, offloadsReadBack: ["va0": "tx-checksum on"],
            samples: samples,
            summary: status == .passed ? CellSummary(samples: samples, memoryCopyBytesPerSecond: memcpy) : nil)
    }

    static let copyID = "veth/tcp/copy->copy/64K/mtu1500/offloads-on/1"
    static let wireID = "tap/tcp/copy->copy/64K/wire-copy/mtu1500/offloads-on/1"
    static let crashedID = "veth/tcp/copy->copy/1M/mtu1500/offloads-on/1"
    static let skippedID = "sink/tcp/copy->copy/64K/mtu1500/offloads-on/1"

    static func interval(_ estimate: Double, _ lower: Double, _ upper: Double) -> RatioInterval {
        RatioInterval(estimate: estimate, lower: lower, upper: upper, confidence: 0.95, numeratorSamples: 3, denominatorSamples: 3)
    }

    static let assertions = [
        AssertionRecord(
            name: "sendfile-cpu", why: "sendfile skips the user copy", expression: "cpu_per_mb(sendfile)/cpu_per_mb(copy) <= 0.95",
            metric: "cpu_per_mb", comparison: .atMost, threshold: 0.95, interval: interval(0.91, 0.88, 0.94), verdict: .pass, reason: nil),
        AssertionRecord(
            name: "two-flows-double", why: "a deliberately false claim", expression: "goodput(2 flows)/goodput(1 flow) >= 1.5",
            metric: "goodput", comparison: .atLeast, threshold: 1.5, interval: interval(1.2, 1.1, 1.3), verdict: .fail, reason: nil),
        AssertionRecord(
            name: "checksum-cost", why: "software checksums cost CPU", expression: "receiver_cpu_per_mb(off)/receiver_cpu_per_mb(on) >= 1.0",
            metric: "receiver_cpu_per_mb", comparison: .atLeast, threshold: 1.0, interval: interval(1.0, 0.9, 1.1), verdict: .inconclusive,
            reason: "the 95% interval contains 1.0"),
        AssertionRecord(
            name: "sink-zerocopy", why: "a dummy device takes pages without copying", expression: "zerocopied_share(sink) >= 0.99",
            metric: "zerocopied_share", comparison: .atLeast, threshold: 0.99, interval: nil, verdict: .inconclusive,
            reason: "not evaluated: skipped: kernel has no dummy driver"),
    ]

    static let results = RunResults(
        netmatrixVersion: "0.1.0", startedAt: "2026-11-21T22:00:00Z", finishedAt: "2026-11-21T22:01:00Z", seed: 42,
        matrixFile: "Netns/matrix.yaml",
        environment: RunEnvironment(
            kernel: "6.18.0", cpuModel: "Test CPU", cpuCount: 2, simdLevel: "avx2", gitRevision: "abc123", plugins: [],
            memoryCopyBytesPerSecond: memcpy, features: [:]),
        cells: [
            cell(copyID, topology: "veth", status: .passed, samples: copySamples),
            cell(wireID, topology: "tap", wire: "copy", status: .passed, samples: wireSamples),
            cell(crashedID, topology: "veth", status: .failed, reason: "receiver worker killed by SIGSEGV", samples: crashedSamples),
            cell(skippedID, topology: "sink", status: .skipped, reason: "kernel has no dummy driver", samples: []),
        ],
        assertions: assertions, exitStatus: .assertionFailed)

    /// What each passed cell's table row must show, worked out from its samples.
    struct Expected {
        var goodput: Double
        var demand: Double
        var efficiency: Double
        var zerocopied: Double?
        var mapped: Double?
        var retransmits: Double?
        var seconds: Double
        var samples: Int
    }

    /// Equal but for rounding in the last bits (medians interpolate).
    static func same(_ stored: Double, _ value: Double?) -> Bool {
        guard let value else { return false }
        return abs(stored - value) <= 1e-12 * max(abs(stored), abs(value))
    }

    static func median(_ values: [Double]) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    static func expected(_ samples: [CellSample]) -> Expected {
        let goodput = median(samples.map(\.goodputBitsPerSecond)) ?? .nan
        return Expected(
            goodput: goodput, demand: median(samples.map(\.serviceDemandMicrosPerMB)) ?? .nan, efficiency: goodput / 8 / memcpy,
            zerocopied: median(samples.compactMap { s in s.zerocopyCompletions.flatMap { zc in s.copiedCompletions.map { Double(zc) / Double(zc + $0) } } }),
            mapped: median(samples.compactMap { s in s.bytesMapped.flatMap { m in s.bytesCopied.map { Double(m) / Double(m + $0) } } }),
            retransmits: median(samples.compactMap { $0.retransmits.map { Double($0) } }),
            seconds: samples.map(\.seconds).reduce(0, +), samples: samples.count)
    }

    static let expectedRows: [String: Expected] = [copyID: expected(copySamples), wireID: expected(wireSamples)]

    /// The four files as ReportWriter writes them.
    static func written() throws -> [String: Data] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nm-figures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try ReportWriter(directory: folder).write(results)
        return try Dictionary(uniqueKeysWithValues: files.map { ($0.lastPathComponent, try Data(contentsOf: $0)) })
    }

    static func written(_ name: String) throws -> String {
        String(decoding: try #require(try written()[name], "\(name) was not written"), as: UTF8.self)
    }

    @Test func theWorkedOutSourceIsWhatTheFixtureSays() {
        // Guards the fixture itself: these are the figures the reports must show.
        let copy = Self.expected(Self.copySamples)
        #expect(copy.goodput == 11e9 && copy.demand == 400 && copy.efficiency == 0.125)
        #expect(copy.zerocopied == 0.25 && copy.mapped == 0.95 && copy.retransmits == 30)
        #expect(Self.expected(Self.wireSamples).retransmits == 3.5)
    }

    @Test func resultsJSONHoldsTheSamplesAndTheirMedians() throws {
        let data = Data(try Self.written("results.json").utf8)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["exitStatus"] as? Int == 1)
        #expect(document["seed"] as? Int == 42)
        let environment = try #require(document["environment"] as? [String: Any])
        #expect(environment["memoryCopyBytesPerSecond"] as? Double == Self.memcpy)
        let cells = try #require(document["cells"] as? [[String: Any]])
        #expect(cells.count == Self.results.cells.count)
        for (json, source) in zip(cells, Self.results.cells) {
            #expect(json["id"] as? String == source.id)
            #expect(json["status"] as? String == source.status.rawValue)
            #expect(json["reason"] as? String == source.reason)
            let samples = try #require(json["samples"] as? [[String: Any]])
            #expect(samples.count == source.samples.count)
            for (sample, truth) in zip(samples, source.samples) {
                #expect(sample["goodputBitsPerSecond"] as? Double == truth.goodputBitsPerSecond)
                #expect(sample["bytes"] as? Int == Int(truth.bytes))
                #expect(sample["serviceDemandMicrosPerMB"] as? Double == truth.serviceDemandMicrosPerMB)
                #expect(sample["softirqShare"] as? Double == truth.softirqShare)
                for (key, value) in [
                    ("retransmits", truth.retransmits), ("zerocopyCompletions", truth.zerocopyCompletions),
                    ("copiedCompletions", truth.copiedCompletions), ("bytesMapped", truth.bytesMapped), ("bytesCopied", truth.bytesCopied),
                ] {
                    #expect(sample[key] as? Int == value.map { Int($0) }, "\(source.id) \(key)")
                }
                for (key, cpu) in [("senderCPU", truth.senderCPU), ("receiverCPU", truth.receiverCPU), ("wireCPU", truth.wireCPU)] {
                    let side = sample[key] as? [String: Double]
                    #expect(side?["user"] == cpu?.user && side?["system"] == cpu?.system, "\(source.id) \(key)")
                }
            }
            guard let expected = Self.expectedRows[source.id] else {
                #expect(json["summary"] == nil, "\(source.id) did not pass: no medians")
                continue
            }
            let summary = try #require(json["summary"] as? [String: Any], "\(source.id)")
            #expect(summary["samples"] as? Int == expected.samples)
            for (key, value) in [
                ("goodputBitsPerSecond", expected.goodput), ("serviceDemandMicrosPerMB", expected.demand),
                ("copyEfficiency", expected.efficiency), ("zerocopiedShare", expected.zerocopied),
                ("mappedShare", expected.mapped), ("retransmits", expected.retransmits),
            ] {
                let stored = summary[key] as? Double
                #expect(stored.map { Self.same($0, value) } ?? (value == nil), "\(source.id) \(key): \(String(describing: stored)) for \(String(describing: value))")
            }
        }
        let assertions = try #require(document["assertions"] as? [[String: Any]])
        for (json, source) in zip(assertions, Self.assertions) {
            #expect(json["verdict"] as? String == source.verdict.rawValue)
            #expect(json["threshold"] as? Double == source.threshold)
            #expect(json["reason"] as? String == source.reason)
            let interval = json["interval"] as? [String: Any]
            #expect(interval?["estimate"] as? Double == source.interval?.estimate)
            #expect(interval?["lower"] as? Double == source.interval?.lower)
            #expect(interval?["upper"] as? Double == source.interval?.upper)
        }
    }

    @Test func summaryMarkdownShowsEachFigure() throws {
        let markdown = try Self.written("summary.md")
        let headline = try #require(markdown.split(separator: "\n").first.map(String.init))
        #expect(headline == "# netmatrix: \(ExitStatus.assertionFailed.title) — cells: 2 ran, 1 failed, 1 skipped; "
            + "assertions: 1 passed, 1 failed, 2 inconclusive (exit 1)")
        let environment = try #require(markdown.split(separator: "\n").dropFirst().first.map(String.init))
        let memcpy = ReportReader.matches(of: "memcpy ([^,]+),", in: environment).first
        #expect(ReportReader.shows(memcpy.flatMap(ReportReader.rate).map { $0 / 1e9 }, Self.memcpy * 8 / 1e9, decimals: 2), "\(environment)")

        let rows = ReportReader.markdownTable(markdown, under: "## Cells")
        #expect(rows.map { $0["cell"] } == Self.results.cells.map(\.id))
        for row in rows {
            let source = try #require(Self.results.cells.first { $0.id == row["cell"] })
            #expect(row["status"] == source.status.rawValue)
            #expect(row["note"] == (source.reason ?? ""))
            Self.checkMeasuredColumns(
                source.id, goodput: row["goodput"], demand: row["CPU µs/MB"], efficiency: row["vs memcpy"],
                zerocopied: row["zero-copied"], mapped: row["mapped"], retransmits: row["retrans"])
        }

        let verdicts = ReportReader.markdownTable(markdown, under: "## Assertions")
        #expect(verdicts.count == Self.assertions.count)
        for (row, source) in zip(verdicts, Self.assertions) {
            #expect(row["verdict"]?.hasSuffix(source.verdict.rawValue) == true)
            #expect(row["assertion"] == source.expression)
            #expect(row["why"] == source.why)
            // The Markdown row shows the interval, or the reason when there is none.
            Self.checkInterval(row["ratio [95% CI]"], of: source, reasonFollows: false)
        }
    }

    @Test func junitCountsAndTimesEachCaseFromTheRecords() throws {
        let document = try XMLDocument(data: Data(try Self.written("junit.xml").utf8))
        func attribute(_ path: String) throws -> String? { try document.nodes(forXPath: path).first?.stringValue }
        #expect(try attribute("/testsuites/@tests") == "8")
        #expect(try attribute("/testsuites/@failures") == "2")
        #expect(try attribute("//testsuite[@name='cells']/@tests") == "4")
        #expect(try attribute("//testsuite[@name='cells']/@failures") == "1")
        #expect(try attribute("//testsuite[@name='cells']/@skipped") == "1")
        #expect(try attribute("//testsuite[@name='assertions']/@failures") == "1")
        #expect(try attribute("//testsuite[@name='assertions']/@skipped") == "2")

        for source in Self.results.cells {
            let path = "//testsuite[@name='cells']/testcase[@name='\(source.id)']"
            let seconds = Double(try attribute("\(path)/@time") ?? "")
            #expect(ReportReader.shows(seconds, source.samples.map(\.seconds).reduce(0, +), decimals: 3), "\(source.id)")
            switch source.status {
            case .passed:
                // "goodput 11.00 Gbit/s, 400.0 µs/MB, 3 samples"
                let parts = try #require(try attribute("\(path)/system-out")).components(separatedBy: ", ")
                let expected = try #require(Self.expectedRows[source.id])
                #expect(parts.count == 3)
                #expect(ReportReader.shows(ReportReader.rate(String(parts[0].dropFirst("goodput ".count))).map { $0 / 1e9 }, expected.goodput / 1e9, decimals: 2))
                #expect(ReportReader.shows(ReportReader.serviceDemand(parts[1]), expected.demand, decimals: 1))
                #expect(parts.last == "\(expected.samples) samples")
            case .failed:
                #expect(try attribute("\(path)/failure/@message") == source.reason)
            case .skipped:
                #expect(try attribute("\(path)/skipped/@message") == source.reason)
            }
        }
        for source in Self.assertions {
            let path = "//testsuite[@name='assertions']/testcase[@name='\(source.name)']"
            let text: String?
            switch source.verdict {
            case .pass: text = try attribute("\(path)/system-out")
            case .fail: text = try attribute("\(path)/failure/@message")
            case .inconclusive: text = try attribute("\(path)/skipped/@message").map { String($0.dropFirst("inconclusive: ".count)) }
            case .notEvaluated: text = try attribute("\(path)/skipped/@message")
            }
            Self.checkDescribed(try #require(text, "\(source.name)"), source)
        }
    }

    @Test func terminalSummaryShowsVerdictsFailuresAndMedians() throws {
        let lines = TerminalSummary.render(Self.results).split(separator: "\n").map(String.init)
        #expect(lines.first == "netmatrix: " + MarkdownSummary.headline(Self.results))
        let verdicts = lines.filter { line in ["PASS", "FAIL", "INCONCLUSIVE", "NOT EVALUATED"].contains { line.hasPrefix("  \($0) ") } }
        #expect(verdicts.count == Self.assertions.count)
        for (line, source) in zip(verdicts, Self.assertions) {
            #expect(line.hasPrefix("  " + source.verdict.rawValue.replacingOccurrences(of: "_", with: " ").uppercased()))
            Self.checkDescribed(String(line.dropFirst(2 + 13 + 1)), source)
        }
        for source in Self.results.cells where source.status != .passed {
            #expect(lines.contains("  \(source.status.rawValue.uppercased().padding(toLength: 13, withPad: " ", startingAt: 0)) \(source.id): \(source.reason ?? "")"))
        }
        let medians = lines.drop { $0 != "  cells (median goodput, CPU per MB):" }.dropFirst()
        #expect(medians.count == Self.expectedRows.count)
        for line in medians {
            // "    <id>  11.00 Gbit/s  400.0 µs/MB"
            let fields = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")
            let expected = try #require(Self.expectedRows[fields[0]], "\(line)")
            #expect(ReportReader.shows(ReportReader.rate(fields[1]).map { $0 / 1e9 }, expected.goodput / 1e9, decimals: 2), "\(line)")
            #expect(ReportReader.shows(ReportReader.serviceDemand(fields[2]), expected.demand, decimals: 1), "\(line)")
        }
    }

    @Test func htmlTablesAndChartPointsShowEachFigure() throws {
        let html = try Self.written("report.html")
        let environment = ReportReader.text(try #require(ReportReader.matches(of: "<p class=\"env\">(.*?)</p>", in: html).first))
        let memcpy = ReportReader.matches(of: "memcpy ([^·]+) ·", in: environment).first?.trimmingCharacters(in: .whitespaces)
        #expect(ReportReader.shows(memcpy.flatMap(ReportReader.rate).map { $0 / 1e9 }, Self.memcpy * 8 / 1e9, decimals: 2), "\(environment)")
        #expect(environment.contains("seed \(Self.results.seed)"))

        let cells = ReportReader.htmlTable(html, after: "Cells")
        let header = try #require(cells.first)
        #expect(header == ["cell", "status", "goodput", "CPU µs/MB", "wire µs/MB", "vs memcpy", "zero-copied", "mapped", "retrans", "plugin counters", "samples", "note"])
        #expect(cells.dropFirst().map { $0.first } == Self.results.cells.map(\.id))
        for row in cells.dropFirst() {
            let column = Dictionary(uniqueKeysWithValues: zip(header, row))
            let source = try #require(Self.results.cells.first { $0.id == column["cell"] })
            #expect(column["status"] == source.status.rawValue)
            #expect(column["samples"] == "\(source.samples.count)")
            #expect(column["note"] == (source.reason ?? ""))
            // The median of the samples' counters: 100, 300, 200 for the copy cell.
            let counters = source.samples.compactMap { $0.pluginCounters?["receive.recv_calls"] }
            #expect(column["plugin counters"] == (counters.isEmpty ? "–" : "receive.recv_calls \(counters.sorted()[counters.count / 2])"))
            Self.checkMeasuredColumns(
                source.id, goodput: column["goodput"], demand: column["CPU µs/MB"], efficiency: column["vs memcpy"],
                zerocopied: column["zero-copied"], mapped: column["mapped"], retransmits: column["retrans"])
            // The wire's own µs per MB: the median of its CPU over the MB each sample moved.
            let wire = source.samples.compactMap { sample in sample.wireCPU.map { $0.total * 1e6 / (Double(sample.bytes) / 1e6) } }
            if let median = Descriptive.median(wire), source.status == .passed {
                #expect(column["wire µs/MB"]?.hasPrefix(String(format: "%.0f [", median)) == true, "\(source.id): \(column["wire µs/MB"] ?? "")")
            } else {
                #expect(column["wire µs/MB"] == "–", "\(source.id)")
            }
        }

        let verdicts = ReportReader.htmlTable(html, after: "Assertions").dropFirst()
        #expect(verdicts.count == Self.assertions.count)
        for (row, source) in zip(verdicts, Self.assertions) {
            #expect(row == [source.verdict.rawValue, source.expression, row[2], source.why])
            Self.checkInterval(row[2], of: source, reasonFollows: true)
        }

        // One goodput point (Gbit/s, one decimal) and one CPU point (µs/MB, no decimals) per passed cell,
        // each with an interval around its median that no resampled median can leave: the samples' range.
        let points = ReportReader.chartPointTitles(html)
        #expect(points.count == 2 * Self.expectedRows.count)
        for source in Self.results.cells where source.status == .passed {
            let expected = try #require(Self.expectedRows[source.id])
            let titles = points.filter { $0.hasPrefix("\(source.dataPath): \(ByteCount.text(source.messageSize)) → ") }
            let figures = titles.compactMap(ReportReader.pointFigures)
            #expect(figures.count == 2, "\(source.id): \(points)")
            #expect(titles.allSatisfy { $0.hasSuffix("; median and 95% interval of \(expected.samples) samples") }, "\(titles)")
            let goodputs = source.samples.map { $0.goodputBitsPerSecond / 1e9 }, demands = source.samples.map(\.serviceDemandMicrosPerMB)
            let goodput = figures.first { ReportReader.shows($0.estimate, expected.goodput / 1e9, decimals: 1) }
            let demand = figures.first { ReportReader.shows($0.estimate, expected.demand, decimals: 0) }
            for (figure, values, decimals) in [(goodput, goodputs, 1), (demand, demands, 0)] {
                let slack = 0.5 * pow(10, -Double(decimals))
                let shown = try #require(figure, "\(source.id): \(figures)")
                #expect(shown.lower <= shown.estimate && shown.estimate <= shown.upper, "\(source.id): \(shown)")
                #expect(shown.lower >= (values.min() ?? .nan) - slack && shown.upper <= (values.max() ?? .nan) + slack, "\(source.id): \(shown)")
            }
        }
    }

    /// The six measured columns of a cell row against the cell's samples; "–" where nothing was measured.
    static func checkMeasuredColumns(
        _ id: String, goodput: String?, demand: String?, efficiency: String?, zerocopied: String?, mapped: String?,
        retransmits: String?
    ) {
        guard let expected = expectedRows[id] else {
            #expect([goodput, demand, efficiency, zerocopied, mapped, retransmits].allSatisfy { $0 == "–" }, "\(id): no medians")
            return
        }
        #expect(ReportReader.shows(goodput.flatMap(ReportReader.rate).map { $0 / 1e9 }, expected.goodput / 1e9, decimals: 2), "\(id) goodput \(goodput ?? "")")
        #expect(ReportReader.shows(demand.flatMap(Double.init), expected.demand, decimals: 1), "\(id) CPU \(demand ?? "")")
        #expect(ReportReader.shows(efficiency.flatMap(ReportReader.share).map { $0 * 100 }, expected.efficiency * 100, decimals: 1), "\(id) vs memcpy")
        for (text, value, name) in [(zerocopied, expected.zerocopied, "zero-copied"), (mapped, expected.mapped, "mapped")] {
            if let value {
                #expect(ReportReader.shows(text.flatMap(ReportReader.share).map { $0 * 100 }, value * 100, decimals: 1), "\(id) \(name) \(text ?? "")")
            } else {
                #expect(text == "–", "\(id) \(name)")
            }
        }
        if let value = expected.retransmits {
            #expect(ReportReader.shows(retransmits.flatMap(Double.init), value, decimals: 0), "\(id) retransmits \(retransmits ?? "")")
        } else {
            #expect(retransmits == "–")
        }
    }

    /// "0.910 [0.880, 0.940]" (plus a reason), or the reason alone when there is no interval.
    static func checkInterval(_ text: String?, of source: AssertionRecord, reasonFollows: Bool) {
        guard let interval = source.interval else {
            #expect(text == source.reason, "\(source.name)")
            return
        }
        let printed = text.flatMap { ReportReader.interval(String($0.prefix { $0 != "]" }) + "]") }
        #expect(ReportReader.shows(printed?.estimate, interval.estimate, decimals: 3), "\(source.name): \(text ?? "")")
        #expect(ReportReader.shows(printed?.lower, interval.lower, decimals: 3), "\(source.name): \(text ?? "")")
        #expect(ReportReader.shows(printed?.upper, interval.upper, decimals: 3), "\(source.name): \(text ?? "")")
        if reasonFollows, let reason = source.reason { #expect(text?.hasSuffix(reason) == true, "\(source.name): \(text ?? "")") }
    }

    /// JUnit's and the terminal's "expression: 0.910 [0.880, 0.940] (95%); reason".
    static func checkDescribed(_ text: String, _ source: AssertionRecord) {
        #expect(text.hasPrefix(source.expression), "\(text)")
        let rest = String(text.dropFirst(source.expression.count))
        if let interval = source.interval {
            let printed = ReportReader.interval(String(rest.dropFirst(2).prefix { $0 != "]" }) + "]")
            #expect(ReportReader.shows(printed?.estimate, interval.estimate, decimals: 3), "\(text)")
            #expect(ReportReader.shows(printed?.lower, interval.lower, decimals: 3), "\(text)")
            #expect(ReportReader.shows(printed?.upper, interval.upper, decimals: 3), "\(text)")
            #expect(rest.contains("(\(Int(interval.confidence * 100))%)"), "\(text)")
        }
        #expect(source.reason.map { text.hasSuffix("; \($0)") } ?? !text.contains(";"), "\(text)")
    }
}
