import Foundation
import Yams

/// Turns a composed matrix file into a `MatrixSpec`, checking every key, axis
/// value, selector and assertion, and collecting every problem with its line.
/// Topologies named on the `topology` axis are loaded (and so validated) from
/// the matrix file's folder; plugins are checked against the loader by the run.
struct MatrixDecoder {
    private(set) var reader = YAMLReader()
    var problems: [FileProblem] { reader.problems }
    /// Topology files found for the `topology` axis, by name.
    private(set) var topologies: [String: TopologySpec] = [:]
    let folder: String

    init(folder: String) {
        self.folder = folder
    }

    static let documentKeys = ["name", "description", "sample", "warmup", "sampling", "blocks", "exclude", "assertions"]
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
            assertions: assertions)
        if spec.cells.isEmpty {
            reader.report(line: fields["blocks"]?.line, field: "blocks", "every cell is excluded; nothing would run")
            return nil
        }
        checkWires(of: spec)
        checkCellLimits(of: spec)
        checkAssertionsSelectPairs(of: spec)
        checkNamesAndExclusions(of: spec, declared: blocks.flatMap(\.cells))
        return reader.problems.isEmpty ? spec : nil
    }

    // MARK: - Cross-checks of the whole plan

    /// A cell names a wire plugin exactly when its topology has a wire: a wire on
    /// a topology without one would label cells `wire-X` with no wire running, and
    /// a tap topology cannot run without one.
    private mutating func checkWires(of spec: MatrixSpec) {
        var reported = Set<String>()
        for block in spec.blocks {
            for cell in spec.cells(of: block) {
                guard let topology = topologies[cell[.topology]] else { continue }
                let hasWire = !topology.endpoints.wire.isEmpty
                let wire = cell[.wire]
                let field: String
                let reason: String
                if !hasWire, wire != "none" {
                    field = Self.field(of: .wire, value: wire, in: block)
                    reason = "wire '\(wire)' on topology '\(cell[.topology])', which has no wire (its endpoints join no TAP pair); "
                        + "use wire: none there, or exclude {topology: \(cell[.topology]), wire: \(wire)}"
                } else if hasWire, wire == "none" {
                    field = block.axes[.wire] == nil
                        ? Self.field(of: .topology, value: cell[.topology], in: block) : Self.field(of: .wire, value: wire, in: block)
                    reason = "topology '\(cell[.topology])' joins \(topology.endpoints.wire.joined(separator: " and ")) with a wire plugin; "
                        + "name one on the wire axis (e.g. wire: copy)"
                } else {
                    continue
                }
                guard reported.insert(field + reason).inserted else { continue }
                reader.report(line: spec.sourceMap.line(for: field), field: field, reason)
            }
        }
    }

    /// What a cell can send, refused at the value that asks for more: a message
    /// larger than the payload pattern, a UDP message larger than a datagram, a
    /// byte budget that is not whole messages, an MTU its topology's IPv6
    /// addresses cannot have.
    private mutating func checkCellLimits(of spec: MatrixSpec) {
        var reported = Set<String>()
        func report(_ field: String, _ reason: String) {
            guard reported.insert(field + reason).inserted else { return }
            reader.report(line: spec.sourceMap.line(for: field), field: field, reason)
        }
        let payload = FlowRequest.defaultPayloadSize
        for block in spec.blocks {
            for cell in spec.cells(of: block) {
                let size = cell.messageSize
                let sizeField = Self.field(of: .size, value: cell[.size], in: block)
                if size > payload {
                    report(sizeField, "\(cell[.size]) is larger than the \(Units.size(payload)) payload pattern a sender sends from")
                } else if cell[.transport] == "udp", size > TransportProtocol.maximumDatagram {
                    report(sizeField, "\(cell[.size]) is larger than a UDP datagram can be (\(TransportProtocol.maximumDatagram) bytes)")
                }
                if let bytes = spec.sampleBytes, let problem = FlowRequest.Budget.wholeMessagesProblem(bytes: UInt64(bytes), messageSize: size) {
                    report("sample.bytes", "with size \(cell[.size]) (\(block.name)): \(problem)")
                }
                if let mtu = Int(cell[.mtu]), let topology = topologies[cell[.topology]] {
                    let addresses = topology.links.flatMap(\.interfaces).flatMap(\.addresses)
                    if let problem = TopologyValidator.mtuProblem(mtu, addresses: addresses) {
                        report(Self.field(of: .mtu, value: cell[.mtu], in: block), "\(problem) (topology '\(cell[.topology])')")
                    }
                }
            }
        }
    }

    /// Two assertions with one name would be one line in every report; an
    /// exclusion that matches no cell is a typo that silently keeps cells in.
    private mutating func checkNamesAndExclusions(of spec: MatrixSpec, declared: [MatrixCell]) {
        var firstIndex: [String: Int] = [:]
        for (index, assertion) in spec.assertions.enumerated() {
            if let first = firstIndex[assertion.name] {
                let field = "assertions[\(index)].name"
                reader.report(line: spec.sourceMap.line(for: field), field: field, "'\(assertion.name)' is already the name of assertions[\(first)]")
            } else {
                firstIndex[assertion.name] = index
            }
        }
        for (index, exclusion) in spec.exclusions.enumerated() where !declared.contains(where: exclusion.matches) {
            let field = "exclude[\(index)]"
            reader.report(line: spec.sourceMap.line(for: field), field: field, "{\(exclusion)} matches no cell of the blocks: it excludes nothing")
        }
    }

    /// An assertion that selects no pair of the matrix's cells can never fail: refused,
    /// at the assertion. Judged on every cell of the file, so a `--filter` never
    /// turns a good file into bad input.
    private mutating func checkAssertionsSelectPairs(of spec: MatrixSpec) {
        let cells = spec.cells
        for (index, assertion) in spec.assertions.enumerated() where assertion.pairs(in: cells).isEmpty {
            let field = "assertions[\(index)]"
            let numerators = cells.filter { assertion.scope.matches($0) && assertion.numerator.matches($0) }
            let reason: String
            if numerators.isEmpty {
                let constraints = [assertion.scope, assertion.numerator].map(\.description).filter { !$0.isEmpty }
                reason = "'\(assertion.name)' selects no pair of cells: no cell has \(constraints.joined(separator: ","))"
            } else {
                reason = "'\(assertion.name)' selects no pair of cells: none of the \(numerators.count) cells compare selects "
                    + "has a partner with \(assertion.denominator.map(\.description) ?? "") and every other axis equal"
                    + (assertion.scope.constraints.isEmpty ? "" : " within where (\(assertion.scope))")
            }
            reader.report(line: spec.sourceMap.line(for: field), field: field, reason)
        }
    }

    /// Where `value` of `axis` was written in `block` (the axis itself if not found).
    private static func field(of axis: MatrixAxis, value: String, in block: MatrixBlock) -> String {
        guard let index = block.axes[axis]?.firstIndex(of: value), let fields = block.fields[axis], index < fields.count else {
            return "\(block.name).\(axis.rawValue)"
        }
        return fields[index]
    }

    // MARK: - Sections

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
            guard let name = reader.readString(located) else { return nil }
            return loadTopology(name, at: located) ? name : nil
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
            return readSize(located).map(Units.size)
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

    /// Loads `<folder>/<name>.yaml` once; its problems are reported at the value naming it.
    private mutating func loadTopology(_ name: String, at located: LocatedNode) -> Bool {
        if topologies[name] != nil { return true }
        let path = (folder as NSString).appendingPathComponent("\(name).yaml")
        do {
            topologies[name] = try TopologyFile.load(path: path)
            return true
        } catch {
            let first = error.messages.first ?? "\(path): unreadable"
            let more = error.problems.count > 1 ? " (and \(error.problems.count - 1) more)" : ""
            reader.report(located, "topology '\(name)' is not usable: \(first)\(more)")
            return false
        }
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
