import Foundation

/// Reads the reports back into values, so a test compares figures with their
/// sources instead of looking for substrings: Markdown and HTML tables as rows
/// of cells, and printed quantities ("11.00 Gbit/s", "12.5%") as numbers.
enum ReportReader {
    /// The Markdown table under `heading` (`## Cells`): one dictionary per row, keyed by the header's column names.
    static func markdownTable(_ markdown: String, under heading: String) -> [[String: String]] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: heading) else { return [] }
        let table = lines[(start + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        let rows = table.map(markdownCells)
        guard let header = rows.first, rows.count > 2 else { return [] }
        return rows.dropFirst(2).map { Dictionary(zip(header, $0), uniquingKeysWith: { first, _ in first }) }
    }

    /// The cells of one `| a | b |` row; `\|` stays inside its cell, backticks go.
    private static func markdownCells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in line.dropFirst() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: ""))
                current = ""
            } else {
                current.append(character)
            }
        }
        return cells
    }

    /// The HTML table after `<h2>heading</h2>`: rows of cell texts (tags removed, entities decoded), header row first.
    static func htmlTable(_ html: String, after heading: String) -> [[String]] {
        guard let start = html.range(of: "<h2>\(heading)</h2>"),
            let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else { return [] }
        let table = String(html[start.upperBound..<end.lowerBound])
        return matches(of: "<tr>(.*?)</tr>", in: table).map { row in
            matches(of: "<t[dh][^>]*>(.*?)</t[dh]>", in: row).map(text)
        }
    }

    /// Every chart data point's `<title>`, decoded:
    /// "copy → copy: 64K → 11.0 [10.0, 12.0] Gbit/s; median and 95% interval of 3 samples".
    static func chartPointTitles(_ html: String) -> [String] {
        matches(of: "<g class=\"point\"><title>(.*?)</title>", in: html).map(text)
    }

    /// A point title's figures, "… → 11.0 [10.0, 12.0] Gbit/s; …", as (estimate, lower, upper).
    static func pointFigures(_ title: String) -> (estimate: Double, lower: Double, upper: Double)? {
        guard let figures = title.components(separatedBy: " → ").last else { return nil }
        return interval(String(figures.prefix { $0 != "]" }) + "]")
    }

    /// What in a page would load from elsewhere or run: scripts, src or href
    /// attributes, stylesheet links and imports, and any URL but the SVG
    /// namespace name (an identifier, never loaded). Empty for a self-contained page.
    static func externalReferences(in html: String) -> [String] {
        let namespace = "xmlns=\"http://www.w3.org/2000/svg\""
        return matches(of: "((?:src|href)\\s*=|<script|<link|@import|url\\(|http)", in: html.replacingOccurrences(of: namespace, with: ""))
    }

    /// The first capture group of each match of `pattern` (dot matches newlines).
    static func matches(of pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.matches(in: text, range: whole).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// Markup to the text a reader sees.
    static func text(_ markup: String) -> String {
        let untagged = markup.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        return [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")]
            .reduce(untagged) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            .trimmingCharacters(in: .whitespaces)
    }

    /// "11.00 Gbit/s" (or Mbit/s, kbit/s, bit/s) as bits per second.
    static func rate(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let value = Double(parts[0]) else { return nil }
        let scales: [Substring: Double] = ["Gbit/s": 1e9, "Mbit/s": 1e6, "kbit/s": 1e3, "bit/s": 1]
        return scales[parts[1]].map { value * $0 }
    }

    /// "12.5%" as 0.125.
    static func share(_ text: String) -> Double? {
        guard text.hasSuffix("%"), let value = Double(text.dropLast()) else { return nil }
        return value / 100
    }

    /// "400.0 µs/MB" as 400.
    static func serviceDemand(_ text: String) -> Double? {
        guard text.hasSuffix(" µs/MB") else { return nil }
        return Double(text.dropLast(" µs/MB".count))
    }

    /// "0.910 [0.880, 0.940]" as (estimate, lower, upper).
    static func interval(_ text: String) -> (estimate: Double, lower: Double, upper: Double)? {
        let numbers = text.split(whereSeparator: { " [],".contains($0) }).compactMap { Double($0) }
        guard numbers.count == 3 else { return nil }
        return (numbers[0], numbers[1], numbers[2])
    }

    /// True when `printed`, shown with `decimals` digits after the point, is `value` rounded.
    static func shows(_ printed: Double?, _ value: Double, decimals: Int) -> Bool {
        guard let printed else { return false }
        return abs(printed - value) <= 0.5 * pow(10, -Double(decimals)) + 1e-9
    }
}
