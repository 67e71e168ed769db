@testable import NetmatrixCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// report.html's charts, read back from the page as XML: each point's
/// interval, one look per data path on every chart, labelled bars for paths
/// measured at one size, and each assertion against its threshold.
@Suite("report.html charts a reader can trust at a glance")
struct ReportChartsTests {
    /// A passed cell of five samples spread ±10% around `gbit` and `demand`: its intervals show at one decimal.
    static func cell(
        _ topology: String, _ sender: String, _ receiver: String, size: Int, gbit: Double, demand: Double = 300, wire: String? = nil
    ) -> CellRecord {
        let samples = [-0.4, -0.1, 0, 0.2, 0.5].enumerated().map { round, spread in
            ReportTests.sample(round, gbit: gbit * (1 + spread / 4), demand: demand * (1 - spread / 4))
        }
        return CellRecord(
            id: "\(topology)/tcp/\(sender)->\(receiver)/\(ByteCount.text(size))", topology: topology, transport: "tcp",
            sender: sender, receiver: receiver, wire: wire, messageSize: size, mtu: 1500, offloads: "on", flows: 1,
            status: .passed, reason: nil, offloadsReadBack: [:], samples: samples,
            summary: CellSummary(samples: samples, memoryCopyBytesPerSecond: nil))
    }

    /// Loopback: copy → copy and copy → zerocopy:splice at three sizes (the issue's
    /// two blue lines), zerocopy:sendfile → copy at 64K only. Veth: the same
    /// paths again, all at one size. Tap: a wire path at two sizes.
    static let cells = [4096, 65536, 1 << 20].flatMap { size in
        [cell("loopback", "copy", "copy", size: size, gbit: 5 + Double(size >> 14)),
         cell("loopback", "copy", "zerocopy:splice", size: size, gbit: 4 + Double(size >> 14))]
    } + [
        cell("loopback", "zerocopy:sendfile", "copy", size: 65536, gbit: 9),
        cell("veth", "copy", "copy", size: 65536, gbit: 11.3), cell("veth", "copy", "zerocopy:splice", size: 65536, gbit: 36.2),
        cell("tap", "copy", "copy", size: 1500, gbit: 1.1, wire: "copy"), cell("tap", "copy", "copy", size: 9000, gbit: 2.3, wire: "copy"),
    ]

    static func assertion(
        _ name: String, _ comparison: Comparison, _ threshold: Double, _ ratio: (Double, Double, Double)?, _ verdict: Verdict
    ) -> AssertionRecord {
        AssertionRecord(
            name: name, why: "why \(name)", expression: "metric(a)/metric(b) \(comparison.rawValue) \(threshold)", metric: "cpu_per_mb",
            comparison: comparison, threshold: threshold,
            interval: ratio.map { RatioInterval(estimate: $0.0, lower: $0.1, upper: $0.2, confidence: 0.95, numeratorSamples: 5, denominatorSamples: 5) },
            verdict: verdict, reason: verdict == .notEvaluated ? "not evaluated: skipped: kernel has no dummy driver" : nil)
    }

    /// Two pairs of one assertion (one chart), a failing and an inconclusive one,
    /// a 17× claim that must not squash the others, and one never evaluated.
    static let assertions = [
        assertion(AssertionRecord.pairName(assertion: "splice-cpu", cell: "loopback/tcp/copy->zerocopy:splice/64K"), .atMost, 0.95, (0.91, 0.88, 0.94), .pass),
        assertion(AssertionRecord.pairName(assertion: "splice-cpu", cell: "veth/tcp/copy->zerocopy:splice/64K"), .atMost, 0.95, (0.97, 0.93, 1.01), .inconclusive),
        assertion("two-flows", .atLeast, 1.5, (1.2, 1.1, 1.3), .fail),
        assertion("checksum", .atLeast, 1.0, (1.02, 0.97, 1.08), .inconclusive),
        assertion("wire-cpu", .atLeast, 2.0, (16.8, 12.5, 25.5), .pass),
        assertion("sink", .atLeast, 0.99, nil, .notEvaluated),
    ]

    static let results = RunResults(
        netmatrixVersion: "0.1.0", startedAt: "2026-11-21T22:00:00Z", finishedAt: "2026-11-21T22:01:00Z", seed: 1, matrixFile: nil,
        environment: RunEnvironment(
            kernel: "6.18", cpuModel: "Test CPU", cpuCount: 2, simdLevel: "avx2", gitRevision: nil, plugins: [],
            memoryCopyBytesPerSecond: nil, features: [:]),
        cells: cells, assertions: assertions, exitStatus: .assertionFailed)

    /// Every chart of the page, parsed: a chart that is not well-formed XML fails here.
    static func charts() throws -> [XMLDocument] {
        try ReportReader.matches(of: "(<svg .*?</svg>)", in: HTMLReport.render(results)).map { try XMLDocument(xmlString: $0) }
    }

    static func nodes(_ path: String, in node: XMLNode) throws -> [XMLNode] { try node.nodes(forXPath: path) }

    static func attribute(_ name: String, of node: XMLNode) -> String? {
        (try? node.nodes(forXPath: "@\(name)"))?.first?.stringValue
    }

    static func number(_ name: String, of node: XMLNode) -> Double? { attribute(name, of: node).flatMap(Double.init) }

    static func chartClass(_ chart: XMLDocument) -> String { chart.rootElement().flatMap { attribute("class", of: $0) } ?? "" }

    /// The chart's own `<title>`: "veth tcp, MTU 1500, offloads on: goodput".
    static func title(_ chart: XMLDocument) -> String { chart.rootElement()?.elements(forName: "title").first?.stringValue ?? "" }

    /// The chart's series: name → (colour, marker).
    static func looks(in chart: XMLDocument) throws -> [(name: String, colour: String, marker: String)] {
        try nodes("//*[local-name()='g'][starts-with(@class, 'series')]", in: chart).map {
            (attribute("data-series", of: $0) ?? "", attribute("stroke", of: $0) ?? "", attribute("data-marker", of: $0) ?? "")
        }
    }

    @Test func eachDataPathLooksTheSameInEveryChartAndNoTwoAlikeInOne() throws {
        let charts = try Self.charts().filter { Self.chartClass($0) != "chart assertion-chart" }
        #expect(charts.count >= 6)
        var seen: [String: String] = [:]
        for chart in charts {
            let looks = try Self.looks(in: chart)
            #expect(!looks.isEmpty)
            for look in looks {
                let style = "\(look.colour) \(look.marker)"
                #expect(seen[look.name, default: style] == style, "\(look.name) changes look between charts")
                seen[look.name] = style
            }
            // Series, not bars: a chart names each path once, so (colour, marker) tells them apart.
            let paths = Dictionary(looks.map { ($0.name, "\($0.colour) \($0.marker)") }, uniquingKeysWith: { first, _ in first })
            #expect(Set(paths.values).count == paths.count, "two paths alike in one chart: \(paths)")
        }
        // The two blue lines: now two colours.
        #expect(seen["copy → copy"] != nil && seen["copy → copy"] != seen["copy → zerocopy:splice"])
        #expect(Set(seen.values).count == seen.count)
    }

    @Test func thePaletteIsAssignedFromTheSortedPathsAndStaysDistinctPastItsColours() {
        let paths = (0..<SeriesPalette.distinctStyles).map { "path \($0)" }
        let palette = SeriesPalette(paths: paths)
        // Built from the same paths in any order, with repeats, a page gets the same looks.
        let shuffled = SeriesPalette(paths: paths.reversed() + paths.prefix(5))
        #expect(paths.allSatisfy { palette.style(for: $0) == shuffled.style(for: $0) })
        #expect(Set(paths.map(palette.style)).count == paths.count)
        // Paths that share a colour differ in marker too, as far as markers go (looks go by sorted path).
        let firstRounds = paths.sorted().prefix(SeriesPalette.colours.count * Marker.allCases.count).map(palette.style)
        #expect(Set(firstRounds.map { "\($0.colour) \($0.marker)" }).count == firstRounds.count)
        #expect(Set(paths.map { palette.style(for: $0).colour }) == Set(SeriesPalette.colours))
    }

    @Test func everyPointShowsItsIntervalAsAnErrorBarWithItsFiguresInTheTooltip() throws {
        let lines = try Self.charts().filter { Self.chartClass($0) == "chart line-chart" }
        #expect(!lines.isEmpty)
        for chart in lines {
            let points = try Self.nodes("//*[local-name()='g'][@class='point']", in: chart)
            #expect(!points.isEmpty)
            for point in points {
                let title = try #require(try Self.nodes("*[local-name()='title']", in: point).first?.stringValue)
                let figures = try #require(ReportReader.pointFigures(title), "\(title)")
                #expect(figures.lower < figures.estimate && figures.estimate < figures.upper, "\(title)")
                // The error bar: a line and two caps, spanning more than the marker.
                let bar = try Self.nodes("*[local-name()='g'][@class='interval']/*[local-name()='line']", in: point)
                #expect(bar.count == 3, "\(title)")
                let span = try #require(bar.first)
                let length = try abs(#require(Self.number("y1", of: span)) - #require(Self.number("y2", of: span)))
                #expect(length > 0, "\(title)")
            }
        }
        // The tooltip's figures are the summary's: the loopback copy → copy cell at 64K.
        let source = try #require(Self.cells.first { $0.topology == "loopback" && $0.dataPath == "copy → copy" && $0.messageSize == 65536 })
        let interval = try #require(source.summary?.goodputInterval)
        let title = try #require(ReportReader.chartPointTitles(HTMLReport.render(Self.results)).first { $0.hasPrefix("copy → copy: 64K → ") })
        #expect(title == "copy → copy: 64K → "
            + String(format: "%.1f [%.1f, %.1f] Gbit/s", interval.estimate / 1e9, interval.lower / 1e9, interval.upper / 1e9)
            + "; median and 95% interval of 5 samples")
    }

    @Test func aPathMeasuredAtOneSizeIsALabelledBar() throws {
        let charts = try Self.charts()
        // Loopback mixes paths: the two with three sizes are lines, sendfile's one size is a bar beside them.
        let loopbackLines = charts.filter { Self.chartClass($0) == "chart line-chart" && Self.title($0).hasPrefix("loopback ") }
        let loopbackBars = charts.filter { Self.chartClass($0) == "chart bar-chart" && Self.title($0).hasPrefix("loopback ") }
        #expect(loopbackLines.count == 2 && loopbackBars.count == 2)
        for chart in loopbackLines { #expect(Set(try Self.looks(in: chart).map(\.name)) == ["copy → copy", "copy → zerocopy:splice"]) }
        for chart in loopbackBars { #expect(try Self.looks(in: chart).map(\.name) == ["zerocopy:sendfile → copy"]) }
        // Veth's paths all have one size: bar charts only, no dot on a size axis.
        let veth = charts.filter { Self.title($0).hasPrefix("veth ") }
        #expect(veth.map(Self.chartClass) == ["chart bar-chart", "chart bar-chart"])

        let goodput = try #require(veth.first)
        let bars = try Self.nodes("//*[local-name()='g'][@class='series bar']", in: goodput)
        #expect(bars.count == 2)
        for bar in bars {
            let name = try #require(Self.attribute("data-series", of: bar))
            let source = try #require(Self.cells.first { $0.topology == "veth" && $0.dataPath == name })
            let interval = try #require(source.summary?.goodputInterval)
            let label = try Self.nodes("*[local-name()='text'][@class='name']", in: bar).first?.stringValue
            let value = try Self.nodes("*[local-name()='text'][@class='value']", in: bar).first?.stringValue
            #expect(label == "\(name) · 64K")
            #expect(value == String(format: "%.1f [%.1f, %.1f] Gbit/s", interval.estimate / 1e9, interval.lower / 1e9, interval.upper / 1e9))
            let rect = try #require(try Self.nodes(".//*[local-name()='rect'][@class='bar']", in: bar).first)
            #expect((Self.number("width", of: rect) ?? 0) > 1)
            #expect(try Self.nodes(".//*[local-name()='g'][@class='interval']", in: bar).count == 1)
        }
        // A long path is cut, never its size.
        let long = ChartSeries(
            name: "zerocopy:msg_zerocopy → zerocopy:tcp_zerocopy_receive", style: SeriesPalette(paths: []).style(for: ""),
            points: [ChartPoint(size: 262_144, median: 5, interval: 4...6, confidence: 0.95, samples: 3)])
        let drawn = try XMLDocument(xmlString: BarChart(title: "t", metric: .goodput, series: [long]).render())
        let label = try #require(try Self.nodes("//*[local-name()='text'][@class='name']", in: drawn).first?.stringValue)
        #expect(label.hasSuffix("… · 256K") && label.hasPrefix("zerocopy:msg_zerocopy → "), "\(label)")
        // 36.2 Gbit/s and its interval on an axis of round ticks: the last one is 40 or 50, never 36.2-odd.
        let ticks = try Self.tickLabels(goodput)
        #expect(ticks.first == 0 && [40, 50].contains(ticks.last ?? 0), "\(ticks)")
    }

    /// The numbers under a chart's value axis, in order.
    static func tickLabels(_ chart: XMLDocument) throws -> [Double] {
        try nodes("/*/*[local-name()='g'][@font-size='11']/*[local-name()='text'][@text-anchor='middle']", in: chart)
            .compactMap { $0.stringValue.flatMap(Double.init) }
    }

    @Test func eachAssertionIsItsRatioAgainstItsThreshold() throws {
        let charts = try Self.charts().filter { Self.chartClass($0) == "chart assertion-chart" }
        // A chart per assertion; the two pairs of splice-cpu share one, each row labelled with its cell.
        #expect(charts.map(Self.title)
            == ["splice-cpu: cpu_per_mb ≤ 0.950", "two-flows: cpu_per_mb ≥ 1.500", "checksum: cpu_per_mb ≥ 1.000",
                "wire-cpu: cpu_per_mb ≥ 2.000", "sink: cpu_per_mb ≥ 0.990"])
        let rows = try charts.map { try Self.nodes("//*[local-name()='g'][starts-with(@class, 'row ')]", in: $0) }
        #expect(rows.map(\.count) == [2, 1, 1, 1, 1])
        let pairs = try #require(rows.first).compactMap { try? Self.nodes("*[local-name()='text'][@class='pair']", in: $0).first?.stringValue }
        #expect(pairs == ["loopback/tcp/copy->zerocopy:splice/64K", "veth/tcp/copy->zerocopy:splice/64K"])

        for (row, record) in zip(rows.joined(), Self.assertions) {
            #expect(Self.attribute("class", of: row) == "row \(record.verdict.rawValue)")
            let thresholdX = try #require(try Self.nodes("*[local-name()='line'][@class='threshold']", in: row).first.flatMap { Self.number("x1", of: $0) })
            let text = try Self.nodes("*[local-name()='text']", in: row).compactMap(\.stringValue)
            guard let interval = record.interval else {
                #expect(try Self.nodes("*[local-name()='circle']", in: row).isEmpty)
                #expect(text.last == "no interval: not evaluated")
                continue
            }
            let estimate = try #require(try Self.nodes("*[local-name()='circle'][@class='estimate']", in: row).first)
            #expect(Self.attribute("fill", of: estimate) == AssertionChart.colour(record.verdict))
            let estimateX = try #require(Self.number("cx", of: estimate))
            // The estimate lies on the side of the threshold that the verdict says.
            switch (record.comparison, record.verdict) {
            case (.atMost, .pass), (.atLeast, .fail): #expect(estimateX < thresholdX, "\(record.name)")
            default: #expect(estimateX > thresholdX, "\(record.name)")
            }
            let whisker = try #require(try Self.nodes("*[local-name()='g'][@class='interval']/*[local-name()='line']", in: row).first)
            let left = try #require(Self.number("x1", of: whisker)), right = try #require(Self.number("x2", of: whisker))
            #expect(left < estimateX && estimateX < right)
            // An inconclusive interval straddles its threshold; a decided one does not.
            #expect((left < thresholdX && thresholdX < right) == (record.verdict == .inconclusive), "\(record.name)")
            let symbol = record.comparison == .atLeast ? "≥" : "≤"
            #expect(text.last == "\(Units.ratio(interval.estimate)) [\(Units.ratio(interval.lower)), \(Units.ratio(interval.upper))] "
                + "\(symbol) \(Units.ratio(record.threshold)): \(record.verdict.rawValue)")
        }
        // One assertion's pairs share its threshold line.
        let splice = try #require(rows.first).compactMap { row in
            (try? Self.nodes("*[local-name()='line'][@class='threshold']", in: row))?.first.flatMap { Self.number("x1", of: $0) }
        }
        #expect(splice.count == 2 && splice.first == splice.last)
        // Each its own round axis: the 17× claim reaches 30; the 1.2× claim beside it stays under 2.
        #expect(try Self.tickLabels(charts[3]).last.map { $0 >= 25.5 } == true)
        #expect(try Self.tickLabels(charts[1]).last.map { $0 > 1.5 && $0 < 2 } == true)
    }

    @Test func aPairNameComesApartIntoItsAssertionAndCell() {
        let pair = AssertionRecord.pairName(assertion: "costs @ home", cell: "veth/tcp/copy->copy/64K")
        #expect(Self.assertion(pair, .atLeast, 1, nil, .pass).nameParts == ("costs @ home", "veth/tcp/copy->copy/64K"))
        #expect(Self.assertion("alone", .atLeast, 1, nil, .pass).nameParts == ("alone", nil))
    }
}
