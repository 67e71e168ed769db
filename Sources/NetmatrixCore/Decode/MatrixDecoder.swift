import Foundation
import Yams

/// Turns a composed matrix file into a `MatrixSpec`, checking every key, axis
/// value, selector and assertion, and collecting every problem with its line.
/// Topologies named on the `topology` axis are found by `TopologyLookup` and
/// loaded (and so validated). What needs the whole spec (wires, cell limits,
/// assertion pairs, exclusions) the plan checks.
struct MatrixDecoder {
    private(set) var reader = YAMLReader()
    var problems: [FileProblem] { reader.problems }
    /// Topology files found for the `topology` axis, by name.
    private(set) var topologies: [String: TopologySpec] = [:]
    /// The file each name in `topologies` was read from, so one name never means two files.
    private var topologyPaths: [String: String] = [:]
    let lookup: TopologyLookup

    init(lookup: TopologyLookup) {
        self.lookup = lookup
    }

    static let documentKeys = [
        "name", "description", "plugin_path", "sample", "warmup", "sampling", "blocks", "exclude", "assertions",
    ]
    static let sampleKeys = ["duration", "bytes"]
    static let samplingKeys = ["initial", "step", "max"]
    static let assertionKeys = ["name", "why", "metric", "where", "compare", "against", "expect"]
    static var axisNames: [String] { MatrixAxis.allCases.map(\.rawValue) }

    mutating func decode(root: Node?, path: String) -> MatrixSpec? {
        guard let root else {
            reader.report(line: 1, field: "document", "the file is empty; expected a mapping with name, blocks and assertions")
            return nil
        }
        let document = LocatedNode(node: root, field: "", line: root.mark?.line)
        guard let fields = reader.readMapping(document, known: Self.documentKeys, what: "a matrix (name, blocks, assertions)") else {
            return nil
        }
        let name = reader.readRequired("name", in: fields, of: document).flatMap { reader.readString($0) }
        let description = fields["description"].flatMap { reader.readString($0) } ?? ""
        let pluginPaths = fields["plugin_path"].map { decodePluginPath($0) } ?? []
        var duration = 1.0
        var bytes: Int?
        if let sample = fields["sample"], let sampleFields = reader.readMapping(sample, known: Self.sampleKeys, what: "a sample length (duration or bytes)") {
            if let node = sampleFields["duration"] { duration = readDuration(node) ?? duration }
            if let node = sampleFields["bytes"] { bytes = readSize(node) }
            if sampleFields["duration"] != nil, sampleFields["bytes"] != nil {
                reader.report(sample, "give duration or bytes, not both: a sample lasts a duration or sends a byte count")
            }
        }
        let warmup = fields["warmup"].flatMap { readCount($0, minimum: 0) } ?? 1
        let sampling = fields["sampling"].flatMap { decodeSampling($0) } ?? AdaptiveSampling()
        let blocks = reader.readRequired("blocks", in: fields, of: document)
            .flatMap { reader.readList($0, of: "blocks") }?
            .compactMap { decodeBlock($0) } ?? []
        let exclusions = fields["exclude"].flatMap { reader.readList($0, of: "cell selectors") }?
            .compactMap { decodeSelector($0) } ?? []
        let assertions = fields["assertions"].flatMap { reader.readList($0, of: "assertions") }?
            .compactMap { decodeAssertion($0) } ?? []
        guard reader.problems.isEmpty, let name else { return nil }
        let spec = MatrixSpec(
            name: name, description: description, sourcePath: path, sourceMap: reader.sourceMap, blocks: blocks,
            exclusions: exclusions, sampleDuration: duration, sampleBytes: bytes, warmupRounds: warmup, sampling: sampling,
            assertions: assertions, pluginPaths: pluginPaths)
        if spec.cells.isEmpty {
            reader.report(line: fields["blocks"]?.line, field: "blocks", "every cell is excluded; nothing would run")
            return nil
        }
        return spec
    }

    // MARK: - Sections

    /// `plugin_path: DIR` or a list: each file or folder joined to the matrix file's
    /// folder (unless absolute) and refused unless it exists, so a typo is not a
    /// silently empty place to look.
    private mutating func decodePluginPath(_ located: LocatedNode) -> [String] {
        let items: [LocatedNode]
        if case .sequence = located.node {
            items = reader.readList(located, of: "plugin files or folders") ?? []
        } else {
            items = [located]
        }
        return items.compactMap { item in
            guard let entry = reader.readString(item) else { return nil }
            let path = MatrixFile.path(entry, in: lookup.matrixFolder)
            guard access(path, F_OK) == 0 else {
                reader.report(item, "\(path): no such file or folder (plugin_path entries are relative to the matrix file's folder)")
                return nil
            }
            return path
        }
    }

    private mutating func decodeSampling(_ located: LocatedNode) -> AdaptiveSampling? {
        guard let fields = reader.readMapping(located, known: Self.samplingKeys, what: "sampling (initial, step, max rounds)") else {
            return nil
        }
        let defaults = AdaptiveSampling()
        let initial = fields["initial"].flatMap { readCount($0, minimum: 2) } ?? defaults.initialRounds
        let step = fields["step"].flatMap { readCount($0, minimum: 1) } ?? defaults.stepRounds
        let maximum = fields["max"].flatMap { readCount($0, minimum: 2) } ?? max(defaults.maximumRounds, initial)
        if maximum < initial, let node = fields["max"] {
            reader.report(node, "max (\(maximum)) is below initial (\(initial))")
            return nil
        }
        return AdaptiveSampling(initialRounds: initial, stepRounds: step, maximumRounds: maximum)
    }

    private mutating func decodeBlock(_ located: LocatedNode) -> MatrixBlock? {
        guard let fields = reader.readMapping(located, known: ["name"] + Self.axisNames, what: "a block (name and axes)") else {
            return nil
        }
        let name = fields["name"].flatMap { reader.readString($0) } ?? located.field
        var axes: [MatrixAxis: [String]] = [:]
        var places: [MatrixAxis: [String]] = [:]
        for axis in MatrixAxis.allCases {
            guard let node = fields[axis.rawValue] else { continue }
            let items: [LocatedNode]
            if case .sequence = node.node {
                items = reader.readList(node, of: "\(axis.rawValue) values") ?? []
            } else {
                items = [node]
            }
            let values = items.compactMap { value(of: axis, $0) }
            guard values.count == items.count else { continue }
            guard !values.isEmpty else {
                reader.report(node, "an empty list leaves the block without cells")
                continue
            }
            axes[axis] = values
            places[axis] = items.map(\.field)
        }
        for required in [MatrixAxis.topology, .send, .receive, .size] where axes[required] == nil && fields[required.rawValue] == nil {
            reader.report(line: located.line, field: "\(located.field).\(required.rawValue)", "missing (required)")
        }
        return MatrixBlock(name: name, axes: axes, fields: places)
    }

    private mutating func decodeSelector(_ located: LocatedNode) -> CellSelector? {
        guard let fields = reader.readMapping(located, known: Self.axisNames, what: "a cell selector (axis: value)") else {
            return nil
        }
        var constraints: [MatrixAxis: String] = [:]
        for axis in MatrixAxis.allCases {
            guard let node = fields[axis.rawValue], let value = value(of: axis, node) else { continue }
            constraints[axis] = value
        }
        return constraints.count == fields.count ? CellSelector(constraints) : nil
    }

    private mutating func decodeAssertion(_ located: LocatedNode) -> AssertionSpec? {
        guard let fields = reader.readMapping(located, known: Self.assertionKeys, what: "an assertion") else { return nil }
        let name = reader.readRequired("name", in: fields, of: located).flatMap { reader.readString($0) }
        let why = reader.readRequired("why", in: fields, of: located).flatMap { reader.readString($0) }
        let metric = reader.readRequired("metric", in: fields, of: located).flatMap { readMetric($0) }
        let scope = fields["where"].flatMap { decodeSelector($0) } ?? CellSelector()
        let compareNode = reader.readRequired("compare", in: fields, of: located)
        let numerator = compareNode.flatMap { decodeSelector($0) }
        let expectation = reader.readRequired("expect", in: fields, of: located).flatMap { readExpectation($0) }
        guard let name, let why, let metric, let numerator, let expectation, let compareNode else { return nil }
        if numerator.constraints.isEmpty {
            reader.report(compareNode, "name at least one axis: what the numerator cells have")
            return nil
        }
        guard let againstNode = fields["against"] else {
            // A share on its own; anything else only as a ratio measured side by side.
            guard metric.isShare else {
                reader.report(
                    line: located.line, field: "\(located.field).against",
                    "missing: \(metric.rawValue) is asserted only as a ratio to cells measured in the same run (shares may stand alone)")
                return nil
            }
            return AssertionSpec(
                name: name, why: why, metric: metric, scope: scope, numerator: numerator, denominator: nil,
                comparison: expectation.comparison, threshold: expectation.threshold)
        }
        guard let denominator = decodeSelector(againstNode) else { return nil }
        if Set(numerator.constraints.keys) != Set(denominator.constraints.keys) {
            reader.report(
                againstNode,
                "must name the same axes as compare (\(numerator.constraints.keys.sorted().map(\.rawValue).joined(separator: ", "))), so each comparison changes only them")
            return nil
        }
        if numerator == denominator {
            reader.report(againstNode, "is the same as compare: a cell compared with itself")
            return nil
        }
        return AssertionSpec(
            name: name, why: why, metric: metric, scope: scope, numerator: numerator, denominator: denominator,
            comparison: expectation.comparison, threshold: expectation.threshold)
    }

    // MARK: - Axis values

    /// The value as cells and selectors compare it: sizes as `64K`, offloads as on/off.
    private mutating func value(of axis: MatrixAxis, _ located: LocatedNode) -> String? {
        switch axis {
        case .topology:
            return reader.readString(located).flatMap { loadTopology($0, at: located) }
        case .transport:
            guard let text = reader.readString(located) else { return nil }
            guard ["tcp", "udp"].contains(text) else {
                reader.report(located, "'\(text)' is not a transport; tcp or udp")
                return nil
            }
            return text
        case .send, .receive, .wire:
            guard let text = reader.readString(located) else { return nil }
            if axis == .wire, text == "none" { return text }
            do {
                _ = try PluginSpec(parsing: text)
            } catch {
                reader.report(located, "\(error)")
                return nil
            }
            return text
        case .size:
            return readSize(located).map(ByteCount.text)
        case .mtu:
            guard let text = reader.readString(located) else { return nil }
            if text == "default" { return text }
            guard let mtu = Int(text), TopologyValidator.mtuRange.contains(mtu) else {
                reader.report(located, "'\(text)' is not an MTU; default or a whole number in \(TopologyValidator.mtuRange)")
                return nil
            }
            return String(mtu)
        case .offloads:
            // default: as the topology file sets them (what `netmatrix run` measures).
            if case .scalar(let scalar) = located.node, scalar.string == "default" { return "default" }
            return reader.readBool(located).map { $0 ? "on" : "off" }
        case .flows:
            guard let flows = readCount(located, minimum: 1) else { return nil }
            guard flows <= 16 else {
                reader.report(located, "\(flows) flows: at most 16 (each is a sender and a receiver worker)")
                return nil
            }
            return String(flows)
        case .cpus:
            guard let text = reader.readString(located) else { return nil }
            guard CPUPlacement(rawValue: text) != nil else {
                reader.report(located, "'\(text)' is not a CPU placement; \(CPUPlacement.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return text
        }
    }

    /// Finds and loads the topology `value` names, once per file; returns its name,
    /// the cell's value. Its problems are reported at the value naming it.
    private mutating func loadTopology(_ value: String, at located: LocatedNode) -> String? {
        let found: TopologyLookup.Found
        do {
            found = try lookup.find(value)
        } catch {
            reader.report(located, error.description)
            return nil
        }
        if let known = topologyPaths[found.name] {
            guard Self.sameFile(known, found.path) else {
                reader.report(located, "topology '\(value)' is \(found.path), but '\(found.name)' already names \(known); cells are named by the file's base name, so rename one")
                return nil
            }
            return found.name
        }
        do {
            topologies[found.name] = try TopologyFile.load(path: found.path)
            topologyPaths[found.name] = found.path
            return found.name
        } catch {
            let first = error.messages.first ?? "\(found.path): unreadable"
            let more = error.problems.count > 1 ? " (and \(error.problems.count - 1) more)" : ""
            reader.report(located, "topology '\(value)' is not usable: \(first)\(more)")
            return nil
        }
    }

    private static func sameFile(_ first: String, _ second: String) -> Bool {
        func real(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        return real(first) == real(second)
    }

    // MARK: - Typed values

    private mutating func readSize(_ located: LocatedNode) -> Int? {
        guard let text = reader.readString(located) else { return nil }
        guard let bytes = ByteCount.parse(text) else {
            reader.report(located, "'\(text)' is not a size; e.g. 4096, 4K, 64KiB, 1M")
            return nil
        }
        return bytes
    }

    /// `1s`, `500ms`, `2.5s`: a unit is required in a matrix file.
    private mutating func readDuration(_ located: LocatedNode) -> Double? {
        guard let text = reader.readString(located) else { return nil }
        let seconds = text.hasSuffix("s") ? try? DurationText(parsing: text).seconds : nil
        guard let seconds, seconds <= 600 else {
            reader.report(located, "'\(text)' is not a duration from 1ms to 600s; e.g. 1s, 500ms, 2.5s")
            return nil
        }
        return seconds
    }

    private mutating func readCount(_ located: LocatedNode, minimum: Int) -> Int? {
        guard let value = reader.readInteger(located) else { return nil }
        guard value >= minimum else {
            reader.report(located, "\(value) is below the minimum of \(minimum)")
            return nil
        }
        return value
    }

    private mutating func readMetric(_ located: LocatedNode) -> AssertionMetric? {
        guard let text = reader.readString(located) else { return nil }
        guard let metric = AssertionMetric(rawValue: text) else {
            let known = AssertionMetric.allCases.map(\.rawValue)
            let hint = NearestKey.suggestion(for: text, among: known).map { "did you mean '\($0)'? " } ?? ""
            reader.report(located, "unknown metric '\(text)'; \(hint)known: \(known.joined(separator: ", "))")
            return nil
        }
        return metric
    }

    /// `>= 1.05` or `<= 0.95`.
    private mutating func readExpectation(_ located: LocatedNode) -> (comparison: Comparison, threshold: Double)? {
        guard let text = reader.readString(located) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for comparison in Comparison.allCases where trimmed.hasPrefix(comparison.rawValue) {
            let number = trimmed.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
            if let threshold = Double(number), threshold > 0, threshold.isFinite {
                return (comparison, threshold)
            }
        }
        reader.report(located, "'\(text)' is not an expectation; write '>= 1.05' or '<= 0.95' (a positive ratio)")
        return nil
    }
}
