/// The axes a matrix varies. A cell is one value on each.
public enum MatrixAxis: String, CaseIterable, Sendable, Codable, Comparable {
    /// A Netns/<name>.yaml topology.
    case topology
    /// tcp or udp.
    case transport
    /// Sender plugin spec, `plugin[:mode][,key=value]`.
    case send
    /// Receiver plugin spec.
    case receive
    /// Wire plugin spec (tap topologies), or `none`.
    case wire
    /// Bytes per send call, e.g. 64K.
    case size
    /// Link MTU, or `default`.
    case mtu
    /// `on` or `off`: every offload of every link.
    case offloads
    /// Parallel flows.
    case flows
    /// Worker placement: `any`, `same` or `split` (see `CPUPlacement`).
    case cpus

    public static func < (lhs: MatrixAxis, rhs: MatrixAxis) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
