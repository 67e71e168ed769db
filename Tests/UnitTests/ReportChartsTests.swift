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

    static let assertions = [
        AssertionRecord(
            name: "splice-cpu", why: "splice skips the user copy", expression: "cpu_per_mb(splice)/cpu_per_mb(copy) <= 0.95",
            metric: "cpu_per_mb", comparison: .atMost, threshold: 0.95,
            interval: RatioInterval(estimate: 0.91, lower: 0.88, upper: 0.94, confidence: 0.95, numeratorSamples: 5, denominatorSamples: 5),
            verdict: .pass, reason: nil),
        AssertionRecord(
            name: "two-flows", why: "two flows share the wire", expression: "goodput(2)/goodput(1) >= 1.5",
            metric: "goodput", comparison: .atLeast, threshold: 1.5,
            interval: RatioInterval(estimate: 1.2, lower: 1.1, upper: 1.3, confidence: 0.95, numeratorSamples: 5, denominatorSamples: 5),
            verdict: .fail, reason: nil),
        AssertionRecord(
            name: "checksum", why: "software checksums cost CPU", expression: "cpu_per_mb(off)/cpu_per_mb(on) >= 1.0",
            metric: "cpu_per_mb", comparison: .atLeast, threshold: 1.0,
            interval: RatioInterval(estimate: 1.02, lower: 0.97, upper: 1.08, confidence: 0.95, numeratorSamples: 5, denominatorSamples: 5),
            verdict: .inconclusive, reason: "the 95% interval contains 1.0"),
        AssertionRecord(
            name: "sink", why: "a dummy device takes pages", expression: "zerocopied_share(sink) >= 0.99",
            metric: "zerocopied_share", comparison: .atLeast, threshold: 0.99, interval: nil, verdict: .notEvaluated,
            reason: "not evaluated: skipped: kernel has no dummy driver"),
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
        let loopbackLines = charts.filter { Self.chartClass($0) == "chart line-chart" && ($0.rootElement()?.stringValue ?? "").contains("loopback") }
        let loopbackBars = charts.filter { Self.chartClass($0) == "chart bar-chart" && ($0.rootElement()?.stringValue ?? "").contains("loopback") }
        #expect(loopbackLines.count == 2 && loopbackBars.count == 2)
        for chart in loopbackLines { #expect(Set(try Self.looks(in: chart).map(\.name)) == ["copy → copy", "copy → zerocopy:splice"]) }
        for chart in loopbackBars { #expect(try Self.looks(in: chart).map(\.name) == ["zerocopy:sendfile → copy"]) }
        // Veth's paths all have one size: bar charts only, no dot on a size axis.
        let veth = charts.filter { ($0.rootElement()?.stringValue ?? "").contains("veth") }
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
        // 36.2 Gbit/s and its interval on an axis of round ticks: the last one is 40 or 50, never 36.2-odd.
        let ticks = try Self.nodes("/*/*[local-name()='g'][@font-size='11']/*[local-name()='text'][@text-anchor='middle']", in: goodput)
            .compactMap { $0.stringValue.flatMap(Double.init) }
        #expect(ticks.first == 0 && [40, 50].contains(ticks.last ?? 0), "\(ticks)")
    }

    @Test func eachAssertionIsItsRatioAgainstItsThreshold() throws {
        let chart = try #require(try Self.charts().first { Self.chartClass($0) == "chart assertion-chart" })
        let rows = try Self.nodes("//*[local-name()='g'][starts-with(@class, 'row ')]", in: chart)
        #expect(rows.map { Self.attribute("class", of: $0) } == Self.assertions.map { "row \($0.verdict.rawValue)" })
        let axis = AssertionChart.axis(Self.assertions)
        // Positions along the axis, read back from pixels: threshold and estimate of one row share a scale.
        let thresholds = try rows.map { row in
            try #require(try Self.nodes("*[local-name()='line'][@class='threshold']", in: row).first.flatMap { Self.number("x1", of: $0) })
        }
        for ((row, record), thresholdX) in zip(zip(rows, Self.assertions), thresholds) {
            let fill = AssertionChart.colour(record.verdict)
            let text = try Self.nodes("*[local-name()='text']", in: row).compactMap(\.stringValue)
            guard let interval = record.interval else {
                #expect(try Self.nodes("*[local-name()='circle']", in: row).isEmpty)
                #expect(text.last == "no interval: not evaluated")
                continue
            }
            let estimate = try #require(try Self.nodes("*[local-name()='circle'][@class='estimate']", in: row).first)
            #expect(Self.attribute("fill", of: estimate) == fill)
            let estimateX = try #require(Self.number("cx", of: estimate))
            // The estimate lies on the side of the threshold that the verdict says.
            switch (record.comparison, record.verdict) {
            case (.atMost, .pass), (.atLeast, .fail): #expect(estimateX < thresholdX)
            default: #expect(estimateX > thresholdX)
            }
            let whisker = try Self.nodes("*[local-name()='g'][@class='interval']/*[local-name()='line']", in: row)
            let (left, right) = (try #require(whisker.first.flatMap { Self.number("x1", of: $0) }), try #require(whisker.first.flatMap { Self.number("x2", of: $0) }))
            #expect(left < estimateX && estimateX < right)
            // An inconclusive interval straddles its threshold; a decided one does not.
            #expect((left < thresholdX && thresholdX < right) == (record.verdict == .inconclusive))
            let symbol = record.comparison == .atLeast ? "≥" : "≤"
            #expect(text.last == "\(Units.ratio(interval.estimate)) [\(Units.ratio(interval.lower)), \(Units.ratio(interval.upper))] \(symbol) \(Units.ratio(record.threshold)): \(record.verdict.rawValue)")
        }
        // Every threshold drawn at its own value on the shared axis: 1.5 right of 1.0, right of 0.95.
        #expect(thresholds[1] > thresholds[2] && thresholds[2] > thresholds[0])
        #expect(axis.lower < 0.88 && axis.upper > 1.5 && AxisScaleTests.isRound(axis.step))
    }
}
