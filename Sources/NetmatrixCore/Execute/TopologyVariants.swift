/// The running topologies of one run: each variant (topology × MTU × offloads)
/// is built the first time a cell needs it and kept for every later cell and
/// round, and for both builds of a same-run gate, so the two are measured on
/// the very same devices. A variant that cannot be built is remembered, not
/// retried.
public final class TopologyVariants {
    public let topologies: [String: TopologySpec]
    private var running: [String: RunningTopology] = [:]
    private var buildProblems: [String: CellProblem] = [:]

    public init(topologies: [String: TopologySpec]) {
        self.topologies = topologies
    }

    /// The cell's variant, built now if no cell built it before.
    func topology(for cell: MatrixCell) -> Result<RunningTopology, CellProblem> {
        let key = Self.key(cell)
        if let built = running[key] { return .success(built) }
        if let problem = buildProblems[key] { return .failure(problem) }
        guard let base = topologies[cell[.topology]] else {
            return .failure(CellProblem(.infrastructure, "topology \(cell[.topology]) was not loaded"))
        }
        let mtu = Int(cell[.mtu])
        let offloads: Bool? = cell[.offloads] == "default" ? nil : cell[.offloads] == "on"
        let variant = Self.variant(of: base, mtu: mtu, offloads: offloads)
        do {
            let built = try TopologyEngine.up(variant)
            running[key] = built
            return .success(built)
        } catch {
            let problem =
                error.skipReason.map { CellProblem(.unsupported, "topology \(cell[.topology]): \($0)") }
                ?? CellProblem(.infrastructure, "topology \(cell[.topology]): \(error)")
            buildProblems[key] = problem
            return .failure(problem)
        }
    }

    /// The cell's variant if it is up, without building it.
    func built(for cell: MatrixCell) -> RunningTopology? { running[Self.key(cell)] }

    /// Tears every topology down, waiting out the kernel's cleanup; what could not be removed, one line each.
    public func close() -> [String] {
        var leftovers: [String] = []
        for (_, topology) in running.sorted(by: { $0.key < $1.key }) {
            do {
                try topology.down(.synchronous)
            } catch {
                leftovers.append(error.description)
            }
        }
        running.removeAll()
        return leftovers
    }

    private static func key(_ cell: MatrixCell) -> String {
        "\(cell[.topology])|mtu-\(cell[.mtu])|offloads-\(cell[.offloads])"
    }

    /// The topology with the cell's MTU on every link and its offloads on every
    /// veth, bridge and dummy interface (nil: as the file sets them). `lo` keeps its
    /// own offloads, and a TAP's are what its reader accepts (tun_offloads in the file).
    static func variant(of spec: TopologySpec, mtu: Int?, offloads: Bool?) -> TopologySpec {
        func adjust(_ interface: InterfaceSpec, offloads setOffloads: Bool) -> InterfaceSpec {
            var copy = interface
            if let mtu { copy.mtu = mtu }
            if setOffloads, let offloads { copy.offloads = OffloadSettings.all(offloads) }
            return copy
        }
        var copy = spec
        copy.links = spec.links.map { link in
            switch link {
            case .veth(let a, let b): .veth(a: adjust(a, offloads: true), b: adjust(b, offloads: true))
            case .tap(let tap):
                .tap(TapSpec(
                    interface: adjust(tap.interface, offloads: false), vnetHeader: tap.vnetHeader,
                    tunOffloads: tap.tunOffloads))
            case .bridge(let interface, let ports): .bridge(adjust(interface, offloads: true), ports: ports)
            case .dummy(let interface): .dummy(adjust(interface, offloads: true))
            case .loopback(let interface): .loopback(adjust(interface, offloads: false))
            }
        }
        return copy
    }
}
