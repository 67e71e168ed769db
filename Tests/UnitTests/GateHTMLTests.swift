@testable import NetmatrixCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing

@Suite("gate.html: headline, before/after chart and table of a gate")
struct GateHTMLTests {
    static func record(_ cell: String, _ metric: AssertionMetric, before: Double, now: Double, ratio: (Double, Double, Double), _ verdict: ChangeVerdict) -> GateRecord {
        let interval = RatioInterval(
            estimate: ratio.0, lower: ratio.1, upper: ratio.2, confidence: 0.95, numeratorSamples: 12, denominatorSamples: 12)
        let outcome = ChangeTest.Outcome(
            verdict: verdict, ratio: interval, mannWhitney: MannWhitney.Result(u: 10, p: 0.01, dominance: 0.1), noiseFloor: 0.02,
            reason: "why \(verdict.rawValue)")
        return GateRecord(cell: cell, metric: metric.rawValue, before: before, now: now, samples: GateRecord.Samples(before: [before], now: [now]), outcome: outcome)
    }

    /// One record of each verdict, the unchanged one with markup in its cell id; listed best first,
    /// so the page's order (regressions first) is its own.
    static let report = GateReport(
        before: "Baselines/main.json", now: ".netmatrix/head/results.json", tolerance: 0.05,
        normalization: GateComparison.Normalization(what: "memcpy bandwidth", now: 20e9, before: 10e9),
        records: [
            record("loopback/<b>&\"q\"", .goodput, before: 5e9, now: 5.05e9, ratio: (1.01, 0.98, 1.03), .unchanged),
            record("veth/tcp/zerocopy->copy/64K", .cpuPerMB, before: 400, now: 300, ratio: (0.75, 0.70, 0.80), .improved),
            record("veth/tcp/copy->copy/4K", .cpuPerMB, before: 800, now: 840, ratio: (1.05, 0.97, 1.14), .unknown),
            record("veth/tcp/copy->copy/64K", .goodput, before: 10e9, now: 9e9, ratio: (0.90, 0.88, 0.92), .regressed),
        ],
        unmatched: ["gone/<x>"], strict: false)

    /// Each chart's SVG parsed as XML: a chart that is not well-formed fails here.
    static func charts(_ html: String) throws -> [XMLDocument] {
        try ReportReader.matches(of: "(<svg .*?</svg>)", in: html).map { try XMLDocument(xmlString: $0) }
    }

    /// By XPath: FoundationXML's query results are plain XMLNodes, not XMLElements.
    static func attribute(_ name: String, of node: XMLNode) -> String? {
        (try? node.nodes(forXPath: "@\(name)"))?.first?.stringValue
    }

    static func number(_ name: String, of node: XMLNode) -> Double? { attribute(name, of: node).flatMap(Double.init) }

    @Test func eachComparisonIsARowWithItsMediansIntervalAndVerdictColour() throws {
        let html = GateHTML.render(Self.report)
        #expect(html.components(separatedBy: "<svg").count == html.components(separatedBy: "</svg>").count)
        let charts = try Self.charts(html)
        #expect(charts.count == 2)
        for (chart, metric) in zip(charts, ["goodput", "cpu_per_mb"]) {
            let rows = try chart.nodes(forXPath: "//*[local-name()='g'][starts-with(@class, 'row ')]")
            let expected = Self.report.ordered.filter { $0.metric == metric }
            // Regressions first: the page's order is GateReport.ordered.
            #expect(rows.map { Self.attribute("class", of: $0) } == expected.map { "row \($0.verdict.rawValue)" })
            let band = try #require(try chart.nodes(forXPath: "//*[local-name()='rect'][@class='tolerance']").first)
            let bandLeft = try #require(Self.number("x", of: band)), bandWidth = try #require(Self.number("width", of: band))
            for (row, record) in zip(rows, expected) {
                let title = try #require(try row.nodes(forXPath: "*[local-name()='title']").first?.stringValue)
                #expect(title.hasPrefix("\(record.cell) \(metric): "))
                #expect(title.contains(GateReport.figure(record.before, metric: metric)) && title.contains(GateReport.figure(record.now, metric: metric)))
                let texts = try row.nodes(forXPath: "*[local-name()='text']").compactMap(\.stringValue)
                #expect(texts.contains("\(GateReport.change(record)) \(record.verdict.rawValue)"), "\(texts)")
                let interval = try #require(try row.nodes(forXPath: "*[local-name()='rect'][@class='interval']").first)
                #expect(Self.attribute("fill", of: interval) == GateChart.colour(record.verdict))
                // Drawn against the band: a regression's or improvement's interval lies outside it, an unchanged one inside.
                let left = try #require(Self.number("x", of: interval)), right = left + (try #require(Self.number("width", of: interval)))
                switch record.verdict {
                case .regressed, .improved: #expect(right < bandLeft)
                case .unchanged: #expect(left >= bandLeft && right <= bandLeft + bandWidth)
                case .unknown: #expect(right > bandLeft + bandWidth)
                }
            }
        }
        #expect(Set(ChangeVerdict.allCases.map(GateChart.colour)).count == ChangeVerdict.allCases.count)
    }

    @Test func markupInCellIdsIsEscapedAndThePageIsSelfContained() {
        let html = GateHTML.render(Self.report)
        #expect(!html.contains("<b>") && !html.contains("<x>"))
        #expect(html.contains("loopback/&lt;b&gt;&amp;&quot;q&quot;"))
        #expect(html.contains("<code>gone/&lt;x&gt;</code>"))
        #expect(ReportReader.externalReferences(in: html) == [])
    }

    @Test func headlineSaysTheCountsExitAndWhatWasCompared() throws {
        let html = GateHTML.render(Self.report)
        let headline = try #require(ReportReader.matches(of: "<h1>(.*?)</h1>", in: html).first)
        #expect(ReportReader.text(headline) == "netmatrix \(Self.report.headline)")
        #expect(Self.report.headline == "gate: 1 regressed, 1 improved, 1 unchanged, 1 unknown (exit 1)")
        for verdict in ChangeVerdict.allCases { #expect(headline.contains("<span class=\"\(verdict.rawValue)\">1 \(verdict.rawValue)</span>")) }
        #expect(html.contains("Exit 1 — \(Markup.escape(Self.report.exitMeaning))."))
        #expect(html.contains("Before: <code>Baselines/main.json</code>; now: <code>.netmatrix/head/results.json</code>; tolerance ±5.0%."))
        #expect(html.contains("this machine is 2.00× the baseline&apos;s."))
    }

    @Test func theTableIsGateMarkdownsTable() {
        let html = GateHTML.render(Self.report)
        let table = ReportReader.htmlTable(html, after: "Comparisons")
        #expect(table.first == GateReport.tableColumns)
        let markdown = ReportReader.markdownTable(Self.report.markdown(), under: "# netmatrix \(Self.report.headline)")
        #expect(markdown.count == 4)
        #expect(table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(GateReport.tableColumns, $0)) } == markdown)
        #expect(table.dropFirst().map(\.first) == ["regressed", "unknown", "improved", "unchanged"])
    }

    @Test func nothingComparedDrawsNoChart() {
        let empty = GateReport(before: "a", now: "b", tolerance: 0.05, normalization: nil, records: [], unmatched: ["x"], strict: false)
        let html = GateHTML.render(empty)
        #expect(!html.contains("<svg"))
        #expect(html.contains("Nothing compared"))
        #expect(html.contains("(exit 5)"))
    }

    @Test func theWriterPutsGateHTMLBesideTheOthers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nm-gate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try GateReportWriter(directory: folder.path).write(Self.report)
        #expect(written.map(\.lastPathComponent) == ["gate.json", "gate.md", "gate-junit.xml", "gate.html"])
        #expect(try String(contentsOf: folder.appendingPathComponent("gate.html"), encoding: .utf8) == GateHTML.render(Self.report))
    }

    @Test(.requires(HeadlessBrowser.requirement))
    func gateHTMLRendersItsChartsInAHeadlessBrowser() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nm-gate-html-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("gate.html")
        try Data(GateHTML.render(Self.report).utf8).write(to: page)
        #expect(try HeadlessBrowser.colours(of: page) > 8)
    }
}
