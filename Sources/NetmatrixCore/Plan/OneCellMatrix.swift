/// `netmatrix run` as a matrix of one cell: its flags become one block with one
/// value per axis, one sample and no warm-up, so it runs through the same plan,
/// executor and exit-code mapping as `netmatrix matrix`.
extension MatrixPlan {
    /// Refuses what `run`'s flags ask that cannot run (a wire the topology lacks,
    /// a flow's limits, a plugin's role, mode or options), then plans the one cell.
    /// - Parameters:
    ///   - path: the topology file, as refusals name it.
    ///   - wire: `--wire`; a topology with a wire defaults to the copy plugin there.
    ///   - limits: the flow the flags describe (transport, size, budget, placement).
    public static func oneCell(
        topology: TopologySpec, path: String, send: String, receive: String, wire: String?, limits: FlowRequest,
        searchPath: PluginSearchPath
    ) throws(Failure) -> MatrixPlan {
        let wireText: String?
        if topology.endpoints.wire.isEmpty {
            if let wire {
                throw .refused([PlanRefusal(
                    place: "--wire \(wire)", reason: "topology \(topology.name) (\(path)) has no wire: its endpoints join no TAP pair")])
            }
            wireText = nil
        } else {
            wireText = wire ?? "copy"
        }
        do {
            try FlowRunner.validate(limits)
        } catch {
            throw .limits(error)
        }
        var uses = [PluginUse(text: send, role: .send, place: "--send"), PluginUse(text: receive, role: .receive, place: "--receive")]
        if let wireText { uses.append(PluginUse(text: wireText, role: .wire, place: wire == nil ? "--wire (default)" : "--wire")) }
        let spec = MatrixSpec.oneCell(
            topology: topology, send: send, receive: receive, wire: wireText, flow: limits)
        // One cell: no ordering or bootstrap to seed.
        return try MatrixPlan(spec: spec, topologies: [topology.name: topology], seed: 0, searchPath: searchPath) { _ in uses }
    }
}

extension MatrixSpec {
    /// - Parameters:
    ///   - topology: the topology file's spec; its name is the cell's topology.
    ///   - wire: the wire plugin, for a topology with a wire; nil for `none`.
    ///   - flow: transport, message size, budget and placement, as the flags set them.
    public static func oneCell(
        topology: TopologySpec, send: String, receive: String, wire: String?, flow: FlowRequest
    ) -> MatrixSpec {
        // The file's own MTU and offloads: a run measures the topology as written.
        // The size as the matrix decoder normalises it, so the cell's id is a matrix cell's.
        let axes: [MatrixAxis: [String]] = [
            .topology: [topology.name], .transport: [flow.transport.rawValue], .send: [send], .receive: [receive],
            .wire: [wire ?? "none"], .size: [ByteCount.text(flow.messageSize)], .mtu: ["default"], .offloads: ["default"],
            .cpus: [flow.placement.rawValue],
        ]
        var spec = MatrixSpec(
            name: "run", blocks: [MatrixBlock(name: "run", axes: axes)], warmupRounds: 0,
            sampling: AdaptiveSampling(initialRounds: 1, stepRounds: 1, maximumRounds: 1))
        switch flow.budget {
        case .duration(let seconds): spec.sampleDuration = seconds
        case .bytes(let bytes): spec.sampleBytes = Int(bytes)
        }
        return spec
    }
}
