/// The plan's check of a decoded matrix as a whole: what no single value shows
/// wrong, only the cells its blocks expand into (a wire where the topology has
/// none, a message the flow cannot send, an assertion with no pair, an exclusion
/// that excludes nothing). Refused at the value that causes it, as
/// `FILE:LINE: FIELD: reason`, like the decoder's own problems.
extension MatrixSpec {
    /// Every refusal, in the order the checks run. Judged on the file's spec as
    /// written, before `--quick`, `--cpus` or `--filter` change its cells, so no
    /// flag turns a good file into bad input or a bad one into good.
    /// - Parameter topologies: the topologies the `topology` axis names, as decoded.
    public func refusals(topologies: [String: TopologySpec]) -> [PlanRefusal] {
        var check = MatrixSpecCheck(spec: self, topologies: topologies)
        check.wires()
        check.cellLimits()
        check.assertionsSelectPairs()
        check.namesAndExclusions()
        return check.refusals
    }
}

private struct MatrixSpecCheck {
    let spec: MatrixSpec
    let topologies: [String: TopologySpec]
    private(set) var refusals: [PlanRefusal] = []
    /// Every cell of a block meets the same check: each place and reason is said once.
    private var reported = Set<String>()

    init(spec: MatrixSpec, topologies: [String: TopologySpec]) {
        self.spec = spec
        self.topologies = topologies
    }

    private mutating func report(_ field: String, _ reason: String) {
        guard reported.insert(field + reason).inserted else { return }
        let place = FileProblem.place(path: spec.sourcePath ?? "<code>", line: spec.sourceMap.line(for: field), field: field)
        refusals.append(PlanRefusal(place: place, reason: reason))
    }

    /// A cell names a wire plugin exactly when its topology has a wire: a wire on
    /// a topology without one would label cells `wire-X` with no wire running, and
    /// a tap topology cannot run without one.
    mutating func wires() {
        for block in spec.blocks {
            for cell in spec.cells(of: block) {
                guard let topology = topologies[cell[.topology]] else { continue }
                let hasWire = !topology.endpoints.wire.isEmpty
                let wire = cell[.wire]
                if !hasWire, wire != "none" {
                    report(
                        block.field(of: .wire, value: wire),
                        "wire '\(wire)' on topology '\(cell[.topology])', which has no wire (its endpoints join no TAP pair); "
                            + "use wire: none there, or exclude {topology: \(cell[.topology]), wire: \(wire)}")
                } else if hasWire, wire == "none" {
                    let field = block.axes[.wire] == nil
                        ? block.field(of: .topology, value: cell[.topology]) : block.field(of: .wire, value: wire)
                    report(
                        field,
                        "topology '\(cell[.topology])' joins \(topology.endpoints.wire.joined(separator: " and ")) with a wire plugin; "
                            + "name one on the wire axis (e.g. wire: copy)")
                }
            }
        }
    }

    /// What a cell can send, refused at the value that asks for more: a message
    /// larger than the payload pattern, a UDP message larger than a datagram, a
    /// byte budget that is not whole messages, an MTU its topology's IPv6
    /// addresses cannot have.
    mutating func cellLimits() {
        let payload = FlowRequest.defaultPayloadSize
        for block in spec.blocks {
            for cell in spec.cells(of: block) {
                let size = cell.messageSize
                let sizeField = block.field(of: .size, value: cell[.size])
                if size > payload {
                    report(sizeField, "\(cell[.size]) is larger than the \(ByteCount.text(payload)) payload pattern a sender sends from")
                } else if cell[.transport] == "udp", size > TransportProtocol.maximumDatagram {
                    report(sizeField, "\(cell[.size]) is larger than a UDP datagram can be (\(TransportProtocol.maximumDatagram) bytes)")
                }
                if let bytes = spec.sampleBytes, let problem = FlowRequest.Budget.wholeMessagesProblem(bytes: UInt64(bytes), messageSize: size) {
                    report("sample.bytes", "with size \(cell[.size]) (\(block.name)): \(problem)")
                }
                if let mtu = Int(cell[.mtu]), let topology = topologies[cell[.topology]] {
                    let addresses = topology.links.flatMap(\.interfaces).flatMap(\.addresses)
                    if let problem = TopologyValidator.mtuProblem(mtu, addresses: addresses) {
                        report(block.field(of: .mtu, value: cell[.mtu]), "\(problem) (topology '\(cell[.topology])')")
                    }
                }
            }
        }
    }

    /// An assertion that selects no pair of the matrix's cells can never fail: refused,
    /// at the assertion. Judged on every cell of the file, so a `--filter` never
    /// turns a good file into bad input.
    mutating func assertionsSelectPairs() {
        let cells = spec.cells
        for (index, assertion) in spec.assertions.enumerated() where assertion.pairs(in: cells).isEmpty {
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
            report("assertions[\(index)]", reason)
        }
    }

    /// Two assertions with one name would be one line in every report; an
    /// exclusion that matches no cell is a typo that silently keeps cells in.
    mutating func namesAndExclusions() {
        var firstIndex: [String: Int] = [:]
        for (index, assertion) in spec.assertions.enumerated() {
            if let first = firstIndex[assertion.name] {
                report("assertions[\(index)].name", "'\(assertion.name)' is already the name of assertions[\(first)]")
            } else {
                firstIndex[assertion.name] = index
            }
        }
        let declared = spec.blocks.flatMap(\.cells)
        for (index, exclusion) in spec.exclusions.enumerated() where !declared.contains(where: exclusion.matches) {
            report("exclude[\(index)]", "{\(exclusion)} matches no cell of the blocks: it excludes nothing")
        }
    }
}
