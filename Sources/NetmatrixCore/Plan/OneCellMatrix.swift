/// `netmatrix run` as a matrix of one cell: its flags become one block with one
/// value per axis, one sample and no warm-up, so it runs through the same plan,
/// executor and exit-code mapping as `netmatrix matrix`.
extension MatrixSpec {
    /// How long the one sample sends: for a duration, or a byte count.
    public enum OneCellBudget: Equatable, Sendable {
        case duration(seconds: Double)
        case bytes(Int)
    }

    /// - Parameters:
    ///   - topology: the topology file's spec; its name is the cell's topology.
    ///   - wire: the wire plugin, for a topology with a wire; nil for `none`.
    public static func oneCell(
        topology: TopologySpec, transport: TransportProtocol, send: String, receive: String, wire: String?,
        size: String, cpus: CPUPlacement, budget: OneCellBudget
    ) -> MatrixSpec {
        // The file's own MTU and offloads: a run measures the topology as written.
        let axes: [MatrixAxis: [String]] = [
            .topology: [topology.name], .transport: [transport.rawValue], .send: [send], .receive: [receive],
            .wire: [wire ?? "none"], .size: [size], .mtu: ["default"], .offloads: ["default"], .cpus: [cpus.rawValue],
        ]
        var spec = MatrixSpec(
            name: "run", blocks: [MatrixBlock(name: "run", axes: axes)], warmupRounds: 0,
            sampling: AdaptiveSampling(initialRounds: 1, stepRounds: 1, maximumRounds: 1))
        switch budget {
        case .duration(let seconds): spec.sampleDuration = seconds
        case .bytes(let bytes): spec.sampleBytes = bytes
        }
        return spec
    }
}
