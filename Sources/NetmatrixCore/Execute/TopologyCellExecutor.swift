import NetmatrixSystem

/// Runs matrix cells for real: each sample as sender, receiver and (for TAP
/// topologies) wire workers, on the cell's topology variant, built once and
/// kept (`TopologyVariants`). Two executors sharing one `TopologyVariants` are
/// the two builds of a same-run gate.
public final class TopologyCellExecutor: CellExecutor {
    public let spec: MatrixSpec
    public let variants: TopologyVariants
    public let runner: FlowRunner
    /// The plan's plugins: each text a cell names, resolved to its checked file.
    public let plugins: [String: PluginSpec]
    public var verification: VerificationLevel
    /// Connect to the receiver's IPv6 address instead of its IPv4 one.
    public var ipv6: Bool
    /// Extra work of a known size in some cells' plugins (proving a gate).
    public var injection: SlowdownInjection?
    /// Print each worker's log to stderr after every sample (`--show-logs`).
    public var showLogs = false
    /// Plugin texts this executor's build cannot run, and why: their cells are skipped.
    public var unavailable: [String: String] = [:]

    public init(
        spec: MatrixSpec, variants: TopologyVariants, runner: FlowRunner, plugins: [String: PluginSpec],
        verification: VerificationLevel = .sampled, ipv6: Bool = false, injection: SlowdownInjection? = nil
    ) {
        self.plugins = plugins
        self.spec = spec
        self.variants = variants
        self.runner = runner
        self.verification = verification
        self.ipv6 = ipv6
        self.injection = injection
    }

    public func readiness(of cell: MatrixCell) -> CellProblem? {
        for axis in [MatrixAxis.send, .receive, .wire] {
            if let reason = unavailable[cell[axis]] { return CellProblem(.unsupported, reason) }
        }
        if let placement = CPUPlacement(rawValue: cell[.cpus]), placement != .any {
            do {
                _ = try placement.cpus(allowed: try CPUPlacement.allowedCPUs())
            } catch {
                return CellProblem(.unsupported, "cpus \(placement.rawValue): \(error)")
            }
        }
        switch variants.topology(for: cell) {
        case .success: return nil
        case .failure(let problem): return problem
        }
    }

    public func sample(_ cell: MatrixCell, round: Int) throws(CellProblem) -> CellSample {
        let topology: RunningTopology
        switch variants.topology(for: cell) {
        case .success(let built): topology = built
        case .failure(let problem): throw problem
        }
        var requests: [FlowRequest] = []
        for flow in 0..<max(Int(cell[.flows]) ?? 1, 1) {
            var request = try self.request(for: cell, in: topology)
            request.port += UInt16(flow)
            requests.append(request)
        }
        var results: [FlowResult] = []
        for outcome in ParallelFlows.run(requests, with: runner) {
            switch outcome {
            case .success(let result): results.append(result)
            case .failure(let error):
                throw CellProblem(.failing(error.exitStatus), error.description)
            }
        }
        if showLogs {
            for (flow, result) in results.enumerated() {
                for (role, side) in [("sender", result.sender), ("receiver", result.receiver), ("wire", result.wire)] {
                    for line in side?.log ?? [] { StandardError.write("\(cell.id) round \(round) flow \(flow) \(role): \(line)") }
                }
            }
        }
        if let failure = results.lazy.flatMap(\.failures).first {
            throw CellProblem(.failing(failure.kind.exitStatus), failure.reason)
        }
        return Self.sample(from: results, round: round)
    }

    /// Offload features as the kernel accepted them on the cell's topology.
    public func offloadsReadBack(_ cell: MatrixCell) -> [String: String] {
        guard let topology = variants.built(for: cell) else { return [:] }
        var result: [String: String] = [:]
        for interface in topology.interfaces where interface.kind != "loopback" {
            result["\(interface.namespace)/\(interface.name)"] = "mtu \(interface.mtu), \(interface.offloads)"
        }
        return result
    }

    // MARK: - Requests and results

    private func request(for cell: MatrixCell, in topology: RunningTopology) throws(CellProblem) -> FlowRequest {
        // The plan resolved every plugin a selected cell names; a gap is the harness's fault.
        func planned(_ axis: MatrixAxis) throws(CellProblem) -> PluginSpec {
            guard let spec = plugins[cell[axis]] else { throw CellProblem(.infrastructure, "plugin \(cell[axis]) was not planned") }
            return spec
        }
        var sender = try planned(.send)
        var receiver = try planned(.receive)
        if let injection, injection.cells.contains(cell.id) {
            injection.apply(to: &sender, text: cell[.send])
            injection.apply(to: &receiver, text: cell[.receive])
        }
        let wire = cell[.wire] == "none" ? nil : try planned(.wire)
        var request: FlowRequest
        do {
            request = try FlowRequest(topology: topology, sender: sender, receiver: receiver, wire: wire, ipv6: ipv6)
        } catch {
            throw CellProblem(.infrastructure, error.description)
        }
        request.transport = cell[.transport] == "udp" ? .udp : .tcp
        request.messageSize = cell.messageSize
        request.budget = spec.sampleBytes.map { .bytes(UInt64($0)) } ?? .duration(seconds: spec.sampleDuration)
        request.verification = verification
        request.placement = CPUPlacement(rawValue: cell[.cpus]) ?? .any
        return request
    }

    /// One sample from the cell's flows, run side by side: bytes, goodput, CPU
    /// and counters add up; the sample lasts as long as the longest flow.
    static func sample(from results: [FlowResult], round: Int) -> CellSample {
        func cpu(_ sides: [FlowSide?]) -> CPUTime {
            CPUTime(
                user: sides.compactMap { $0?.userCPUSeconds }.reduce(0, +),
                system: sides.compactMap { $0?.systemCPUSeconds }.reduce(0, +))
        }
        func sum(_ value: (WorkerCounters) -> UInt64, of sides: [FlowSide?]) -> UInt64 {
            sides.compactMap { $0.map { value($0.counters) } }.reduce(0, +)
        }
        let senders = results.map(\.sender)
        let receivers = results.map(\.receiver)
        let wires = results.map(\.wire)
        let bytes = results.map(\.bytes).reduce(0, +)
        // Flows run side by side over one window, so each saw the same softirq threads: take one reading, not their sum.
        let softirqThreads = results.compactMap(\.softirqThreadSeconds).max()
        let total = (senders + receivers + wires).compactMap { $0?.cpuSeconds }.reduce(0, +) + (softirqThreads ?? 0)
        let megabytes = Double(bytes) / 1e6
        let zerocopied = sum(\.zerocopyCompletions, of: senders)
        let copied = sum(\.copiedCompletions, of: senders)
        let mapped = sum(\.bytesMapped, of: receivers)
        let copiedBytes = sum(\.bytesCopied, of: receivers)
        let retransmits = senders.compactMap { $0?.report?.retransmits }
        let softirq = results.compactMap(\.softirqShare)
        let variants = (receivers + wires + senders).compactMap { $0?.counters.variant }.filter { !$0.isEmpty }
        var pluginCounters: [String: UInt64] = [:]
        for result in results {
            for (role, side) in [("send", result.sender), ("receive", result.receiver), ("wire", result.wire)] {
                for (name, value) in side?.report?.pluginCounters ?? [:] { pluginCounters["\(role).\(name)", default: 0] &+= value }
            }
        }
        let verified = results.map(\.bytesVerified).reduce(0, +)
        let verifying = results.map(\.verificationNanoseconds).reduce(0, +)
        return CellSample(
            round: round, seconds: results.map(\.seconds).max() ?? 0, bytes: bytes,
            goodputBitsPerSecond: results.map(\.goodputBitsPerSecond).reduce(0, +),
            senderCPU: cpu(senders), receiverCPU: cpu(receivers),
            wireCPU: wires.contains { $0 != nil } ? cpu(wires) : nil,
            softirqShare: softirq.isEmpty ? nil : softirq.reduce(0, +) / Double(softirq.count),
            softirqThreadCPU: softirqThreads,
            serviceDemandMicrosPerMB: megabytes > 0 ? total * 1e6 / megabytes : 0,
            zerocopyCompletions: zerocopied + copied > 0 ? zerocopied : nil,
            copiedCompletions: zerocopied + copied > 0 ? copied : nil,
            bytesMapped: mapped + copiedBytes > 0 ? mapped : nil,
            bytesCopied: mapped + copiedBytes > 0 ? copiedBytes : nil,
            retransmits: retransmits.isEmpty ? nil : retransmits.reduce(0, +),
            variant: variants.first,
            bytesVerified: results.contains { $0.verification != .off } ? verified : nil,
            verificationMicrosPerMB: megabytes > 0 && verifying > 0 ? Double(verifying) / 1000 / megabytes : nil,
            pluginCounters: pluginCounters.isEmpty ? nil : pluginCounters)
    }
}
