/// Runs matrix cells for real: builds each topology variant (topology × MTU ×
/// offloads) once and keeps it for every cell and round that uses it, then runs
/// each sample as sender, receiver and (for TAP topologies) wire workers.
public final class TopologyCellExecutor: CellExecutor {
    public let spec: MatrixSpec
    public let topologies: [String: TopologySpec]
    public let runner: CellRunner
    public let registry: PluginRegistry
    /// Reads plugin descriptors in throwaway workers, so a plugin that crashes
    /// while loading is a refusal, not the end of the run.
    public let inspector: PluginInspector
    public var verification: VerificationLevel
    private var running: [String: RunningTopology] = [:]
    private var buildProblems: [String: CellProblem] = [:]

    public init(
        spec: MatrixSpec, topologies: [String: TopologySpec], runner: CellRunner,
        registry: PluginRegistry, verification: VerificationLevel = .sampled
    ) {
        self.spec = spec
        self.topologies = topologies
        self.runner = runner
        self.registry = registry
        self.inspector = PluginInspector(executable: runner.executable)
        self.verification = verification
    }

    /// Checks every plugin the cells name exists, loads, and has the role and
    /// mode asked of it, before anything runs. One line per problem.
    public func preflight(_ cells: [MatrixCell]) -> [String] {
        var seen = Set<String>()
        var problems: [String] = []
        for cell in cells {
            let uses: [(MatrixAxis, PluginRole)] = [(.send, .send), (.receive, .receive), (.wire, .wire)]
            for (axis, role) in uses where cell[axis] != "none" && seen.insert("\(axis)=\(cell[axis])").inserted {
                do {
                    let plugin = try PluginSpec(parsing: cell[axis])
                    let info = try inspector.describe(path: try registry.file(for: plugin.plugin))
                    let modes = [PluginRole.send: info.modes.send, .receive: info.modes.receive, .wire: info.modes.wire][role] ?? []
                    if !info.roles.contains(role.rawValue) {
                        problems.append("\(axis.rawValue) \(cell[axis]): plugin \(info.name) has no \(role.rawValue) role (it has: \(info.roles.joined(separator: ", ")))")
                    } else if !plugin.mode.isEmpty, !modes.contains(plugin.mode) {
                        problems.append("\(axis.rawValue) \(cell[axis]): plugin \(info.name) has no \(role.rawValue) mode \"\(plugin.mode)\" (it has: \(modes.filter { !$0.isEmpty }.isEmpty ? "one unnamed mode" : modes.joined(separator: ", ")))")
                    }
                } catch {
                    problems.append("\(axis.rawValue) \(cell[axis]): \(error)")
                }
            }
        }
        return problems
    }

    public func readiness(of cell: MatrixCell) -> CellProblem? {
        switch topology(for: cell) {
        case .success: nil
        case .failure(let problem): problem
        }
    }

    public func sample(_ cell: MatrixCell, round: Int) throws(CellProblem) -> CellSample {
        let topology: RunningTopology
        switch self.topology(for: cell) {
        case .success(let built): topology = built
        case .failure(let problem): throw problem
        }
        let request = try self.request(for: cell, in: topology)
        let result: CellResult
        do {
            result = try runner.run(request)
        } catch {
            throw CellProblem(error.exitStatus == .badInput ? .dataPath : .infrastructure, error.description)
        }
        if let failure = result.failures.first {
            throw CellProblem(Self.kind(of: failure), failure.reason)
        }
        return Self.sample(from: result, round: round)
    }

    /// Offload features as the kernel accepted them on the cell's topology.
    public func offloadsReadBack(_ cell: MatrixCell) -> [String: String] {
        guard let topology = running[variantKey(cell)] else { return [:] }
        var result: [String: String] = [:]
        for interface in topology.interfaces where interface.kind != "loopback" {
            result["\(interface.namespace)/\(interface.name)"] = "mtu \(interface.mtu), \(interface.offloads)"
        }
        return result
    }

    /// Tears every topology down, waiting out the kernel's cleanup.
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

    // MARK: - Topologies

    private func variantKey(_ cell: MatrixCell) -> String {
        "\(cell[.topology])|mtu-\(cell[.mtu])|offloads-\(cell[.offloads])"
    }

    private func topology(for cell: MatrixCell) -> Result<RunningTopology, CellProblem> {
        let key = variantKey(cell)
        if let built = running[key] { return .success(built) }
        if let problem = buildProblems[key] { return .failure(problem) }
        guard let base = topologies[cell[.topology]] else {
            return .failure(CellProblem(.infrastructure, "topology \(cell[.topology]) was not loaded"))
        }
        let mtu = Int(cell[.mtu])
        let variant = Self.variant(of: base, mtu: mtu, offloads: cell[.offloads] == "on")
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

    /// The topology with the cell's MTU on every link and its offloads on every
    /// veth, bridge and dummy interface. `lo` keeps its own offloads, and a TAP's
    /// are what its reader accepts (tun_offloads in the topology file).
    static func variant(of spec: TopologySpec, mtu: Int?, offloads: Bool) -> TopologySpec {
        func adjust(_ interface: InterfaceSpec, offloads setOffloads: Bool) -> InterfaceSpec {
            var copy = interface
            if let mtu { copy.mtu = mtu }
            if setOffloads { copy.offloads = OffloadSettings.all(offloads) }
            return copy
        }
        var copy = spec
        copy.links = spec.links.map { link in
            switch link {
            case .veth(let a, let b): .veth(a: adjust(a, offloads: true), b: adjust(b, offloads: true))
            case .tap(var tap):
                {
                    tap.interface = adjust(tap.interface, offloads: false)
                    return .tap(tap)
                }()
            case .bridge(let interface, let ports): .bridge(adjust(interface, offloads: true), ports: ports)
            case .dummy(let interface): .dummy(adjust(interface, offloads: true))
            case .loopback(let interface): .loopback(adjust(interface, offloads: false))
            }
        }
        return copy
    }

    // MARK: - Requests and results

    private func request(for cell: MatrixCell, in topology: RunningTopology) throws(CellProblem) -> CellRequest {
        var request: CellRequest
        do {
            request = try CellRequest(
                topology: topology, sender: try PluginSpec(parsing: cell[.send]),
                receiver: try PluginSpec(parsing: cell[.receive]),
                wire: cell[.wire] == "none" ? nil : try PluginSpec(parsing: cell[.wire]))
        } catch let error as CellRunner.RunError {
            throw CellProblem(.infrastructure, error.description)
        } catch {
            throw CellProblem(.dataPath, "\(error)")
        }
        request.transport = cell[.transport] == "udp" ? .udp : .tcp
        request.messageSize = cell.messageSize
        request.budget = spec.sampleBytes.map { .bytes(UInt64($0)) } ?? .duration(seconds: spec.sampleDuration)
        request.verification = verification
        return request
    }

    /// A crash, hang or setup failure is the harness's; wrong bytes or a plugin's
    /// own error is the data path's.
    static func kind(of failure: CellFailure) -> CellProblem.Kind {
        switch failure.kind {
        case .signal, .timeout, .earlyExit, .setup, .pluginRefused: .infrastructure
        case .badBytes, .pluginError, .byteCount: .dataPath
        }
    }

    static func sample(from result: CellResult, round: Int) -> CellSample {
        func cpu(_ side: CellSide?) -> CPUTime {
            CPUTime(user: side?.userCPUSeconds ?? 0, system: side?.systemCPUSeconds ?? 0)
        }
        let total = [result.sender, result.receiver, result.wire].compactMap { $0?.cpuSeconds }.reduce(0, +)
        let megabytes = Double(result.bytes) / 1e6
        let sent = result.sender?.counters
        let received = result.receiver?.counters
        let completions = (sent?.zerocopyCompletions ?? 0) + (sent?.copiedCompletions ?? 0)
        let delivered = (received?.bytesMapped ?? 0) + (received?.bytesCopied ?? 0)
        let variants = [result.receiver, result.wire, result.sender].compactMap { $0?.counters.variant }.filter { !$0.isEmpty }
        return CellSample(
            round: round, seconds: result.seconds, bytes: result.bytes, goodputBitsPerSecond: result.goodputBitsPerSecond,
            senderCPU: cpu(result.sender), receiverCPU: cpu(result.receiver),
            wireCPU: result.wire.map { CPUTime(user: $0.userCPUSeconds, system: $0.systemCPUSeconds) },
            softirqShare: result.softirqShare,
            serviceDemandMicrosPerMB: megabytes > 0 ? total * 1e6 / megabytes : 0,
            zerocopyCompletions: completions > 0 ? sent?.zerocopyCompletions : nil,
            copiedCompletions: completions > 0 ? sent?.copiedCompletions : nil,
            bytesMapped: delivered > 0 ? received?.bytesMapped : nil,
            bytesCopied: delivered > 0 ? received?.bytesCopied : nil,
            variant: variants.first)
    }
}
