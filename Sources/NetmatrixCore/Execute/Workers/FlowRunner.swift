import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Runs one flow of a cell: spawns one worker per role (re-executing netmatrix in
/// its hidden `worker` mode), supervises them, and turns what happened into a
/// `FlowResult`. A crash, hang or bad byte fails the flow, never the caller: `run`
/// throws only when a flow cannot be started at all (bad request, missing plugin,
/// spawn failure).
public struct FlowRunner {
    public enum RunError: Error, CustomStringConvertible, ExitCoded {
        case noExecutable
        case badRequest(String)
        case plugin(PluginLoadError)
        case spawn(SystemError)
        /// The placement asks for more CPUs than this process may use.
        case placement(PlacementError)

        public var description: String {
            switch self {
            case .noExecutable:
                "cannot find the netmatrix executable to run workers (set NETMATRIX_EXECUTABLE)"
            case .badRequest(let message): "cell: \(message)"
            case .plugin(let error): error.description
            case .spawn(let error): error.description
            case .placement(let error): "CPU placement: \(error)"
            }
        }

        public var exitStatus: ExitStatus {
            switch self {
            case .badRequest, .plugin: .badInput
            case .noExecutable, .spawn: .infrastructure
            case .placement: .nothingRan
            }
        }
    }

    public let executable: String
    public let searchPath: PluginSearchPath

    public init(executable: String, searchPath: PluginSearchPath = .standard()) {
        self.executable = executable
        self.searchPath = searchPath
    }

    /// Uses the netmatrix executable that `WorkerExecutable.locate` finds.
    public init(searchPath: PluginSearchPath = .standard()) throws(RunError) {
        guard let executable = WorkerExecutable.locate() else { throw RunError.noExecutable }
        self.init(executable: executable, searchPath: searchPath)
    }

    public func run(_ request: FlowRequest) throws(RunError) -> FlowResult {
        try Self.validate(request)
        func path(_ spec: PluginSpec?) throws(RunError) -> String? {
            guard let spec else { return nil }
            do { return try searchPath.file(for: spec.plugin) } catch { throw RunError.plugin(error) }
        }
        let senderPath = try path(request.sender)
        let receiverPath = try path(request.receiver)
        let wirePath = try path(request.wire?.plugin)
        let cpus: (sender: Int32, receiver: Int32, wire: Int32)?
        do {
            let allowed = request.placement == .any ? [] : try CPUPlacement.allowedCPUs()
            cpus = try request.placement.cpus(allowed: allowed)
        } catch let error as SystemError {
            throw RunError.spawn(error)
        } catch let error as PlacementError {
            throw RunError.placement(error)
        } catch {
            throw RunError.badRequest("\(error)")
        }

        let durationNanoseconds: UInt64?
        let byteBudget: UInt64?
        let cellTime: Double
        switch request.budget {
        case .duration(let seconds):
            durationNanoseconds = UInt64(seconds * 1e9)
            byteBudget = nil
            cellTime = seconds + request.timeoutGrace
        case .bytes(let bytes):
            durationNanoseconds = nil
            byteBudget = bytes
            cellTime = request.bytesTimeout
        }
        func job(_ role: WorkerRole, _ pluginPath: String?, _ spec: PluginSpec?) -> WorkerJob {
            var job = WorkerJob(role: role, pluginPath: pluginPath, descriptors: .init(report: SpawnedWorker.Slot.report))
            job.mode = spec?.mode ?? ""
            job.options = spec?.optionsString ?? ""
            job.transport = request.transport
            job.address = request.receiverAddress
            job.port = request.port
            job.messageSize = request.messageSize
            job.payloadSize = request.payloadSize
            job.durationNanoseconds = durationNanoseconds
            job.byteBudget = byteBudget
            job.verification = request.verification
            job.socketBufferSize = request.socketBufferSize
            // Far beyond the supervisor's own deadline: only an orphaned worker ever meets it.
            job.lifetimeLimitSeconds = UInt32(min(cellTime * 2 + 60, Double(UInt32.max / 2)))
            return job
        }

        let softirqBefore = SoftirqShare.sample()
        let softirqThreadsBefore = SoftirqThreads.cpuNanoseconds()
        var workers: [SpawnedWorker] = []
        var wireWorker: SpawnedWorker?
        do throws(SystemError) {
            if let wire = request.wire {
                var wireJob = job(.wire, wirePath, wire.plugin)
                wireJob.mtu = wire.mtu
                wireJob.vnetHeaderSize = wire.vnetHeaderSize
                wireJob.cpu = cpus?.wire
                wireJob.descriptors.taps = [SpawnedWorker.Slot.firstTap, SpawnedWorker.Slot.firstTap + 1]
                var inherited = [(wire.tapA, SpawnedWorker.Slot.firstTap), (wire.tapB, SpawnedWorker.Slot.firstTap + 1)]
                if let namespace = wire.namespace {
                    wireJob.descriptors.namespace = SpawnedWorker.Slot.namespace
                    inherited.append((namespace, SpawnedWorker.Slot.namespace))
                }
                let worker = try SpawnedWorker.spawn(label: "wire", executable: executable, job: wireJob, inherited: inherited)
                wireWorker = worker
                WorkerSupervisor.pump([worker], deadline: monotonicNanoseconds() + 10_000_000_000) {
                    worker.ready || WorkerSupervisor.finished(worker)
                }
            }

            var receiverJob = job(.receive, receiverPath, request.receiver)
            receiverJob.stopAfterBytes = request.receiverStopsAfter
            receiverJob.cpu = cpus?.receiver
            var listening: [(Descriptor, Int32)] = []
            if let socket = request.receiverListeningSocket {
                receiverJob.descriptors.listeningSocket = SpawnedWorker.Slot.listeningSocket
                listening.append((socket, SpawnedWorker.Slot.listeningSocket))
            }
            let receiver = try spawn("receiver", receiverJob, namespace: request.receiverNamespace, inheriting: listening)
            workers.append(receiver)
            // The sender starts only once the receiver listens, so no connect races a bind.
            let started = WorkerSupervisor.pump([receiver], deadline: monotonicNanoseconds() + 10_000_000_000) {
                receiver.ready || WorkerSupervisor.finished(receiver)
            }
            if started && receiver.ready {
                var senderJob = job(.send, senderPath, request.sender)
                senderJob.abortiveClose = request.senderResets
                senderJob.cpu = cpus?.sender
                workers.append(try spawn("sender", senderJob, namespace: request.senderNamespace))
            }
        } catch {
            WorkerSupervisor.stop(workers + (wireWorker.map { [$0] } ?? []), timedOut: false)
            throw RunError.spawn(error)
        }

        supervise(workers, cellDeadline: monotonicNanoseconds() + UInt64(cellTime * 1e9), request: request)
        if let wireWorker { WorkerSupervisor.stop([wireWorker], timedOut: false) }
        let softirqAfter = SoftirqShare.sample()
        let softirqThreadsAfter = SoftirqThreads.cpuNanoseconds()

        let receiver = workers.first
        let sender = workers.count > 1 ? workers[1] : nil
        var failures: [FlowFailure] = []
        for worker in workers + (wireWorker.map { [$0] } ?? []) { failures += Self.failures(of: worker) }
        if sender == nil, let receiver, failures.isEmpty {
            failures.append(FlowFailure(side: "receiver", kind: .setup, reason: "receiver worker never reported that it listens", log: receiver.lastLogLine))
        }
        let receiverReport = receiver?.final
        let senderReport = sender?.final
        if failures.isEmpty, let receiverReport, let senderReport, request.receiverStopsAfter == nil {
            if request.transport == .tcp, receiverReport.bytesDelivered != senderReport.counters.bytes {
                failures.append(FlowFailure(
                    side: "receiver", kind: .byteCount,
                    reason: "stream length mismatch: the receiver got \(receiverReport.bytesDelivered) bytes, the sender counted \(senderReport.counters.bytes)"
                ))
            } else if receiverReport.bytesDelivered == 0 {
                failures.append(FlowFailure(side: "receiver", kind: .byteCount, reason: "the receiver got no bytes"))
            }
        }

        let bytes = receiverReport?.bytesDelivered ?? 0
        var seconds = 0.0
        if let receiverReport, receiverReport.lastDeliveryNanoseconds > 0 {
            let start = senderReport?.transferStartNanoseconds ?? receiverReport.firstDeliveryNanoseconds
            if receiverReport.lastDeliveryNanoseconds > start {
                seconds = Double(receiverReport.lastDeliveryNanoseconds - start) / 1e9
            }
        }
        func side(_ worker: SpawnedWorker?, _ spec: PluginSpec?, _ path: String?) -> FlowSide? {
            guard let worker, let exit = worker.exit else { return nil }
            let cpu = exit.userCPUSeconds + exit.systemCPUSeconds
            return FlowSide(
                plugin: spec?.description ?? ReferencePeer.name, pid: worker.pid,
                userCPUSeconds: exit.userCPUSeconds, systemCPUSeconds: exit.systemCPUSeconds,
                microsecondsPerMB: bytes > 0 ? cpu * 1e6 / (Double(bytes) / 1e6) : nil,
                counters: worker.final?.counters ?? WorkerCounters(), report: worker.final,
                exit: exit.signal.map(FlowFailure.signalName) ?? "exit \(exit.exitCode ?? -1)"
            )
        }
        return FlowResult(
            failures: failures, bytes: bytes, bytesVerified: receiverReport?.bytesVerified ?? 0, seconds: seconds,
            goodputBitsPerSecond: seconds > 0 ? Double(bytes) * 8 / seconds : 0,
            sender: side(sender, request.sender, senderPath), receiver: side(receiver, request.receiver, receiverPath),
            wire: side(wireWorker, request.wire?.plugin, wirePath),
            softirqShare: softirqBefore.flatMap { before in softirqAfter.flatMap { SoftirqShare.share(from: before, to: $0) } },
            softirqThreadSeconds: SoftirqThreads.seconds(from: softirqThreadsBefore, to: softirqThreadsAfter),
            verification: request.verification, verificationNanoseconds: receiverReport?.verificationNanoseconds ?? 0
        )
    }

    /// The request's own limits (sizes, budget), checkable before anything is built.
    public static func validate(_ request: FlowRequest) throws(RunError) {
        guard request.messageSize > 0 else { throw .badRequest("message size must be positive") }
        guard request.messageSize <= request.payloadSize else {
            throw .badRequest("message size \(request.messageSize) exceeds the payload size \(request.payloadSize)")
        }
        if request.transport == .udp, request.messageSize > TransportProtocol.maximumDatagram {
            throw .badRequest("UDP message size \(request.messageSize) exceeds the largest datagram (\(TransportProtocol.maximumDatagram) bytes)")
        }
        if case .duration(let seconds) = request.budget, !(seconds > 0) { throw .badRequest("duration must be positive") }
        if case .bytes(let bytes) = request.budget {
            if bytes == 0 { throw .badRequest("byte budget must be positive") }
            if let problem = FlowRequest.Budget.wholeMessagesProblem(bytes: bytes, messageSize: request.messageSize) {
                throw .badRequest("byte budget: \(problem)")
            }
        }
    }

    private func spawn(
        _ label: String, _ job: WorkerJob, namespace: Descriptor?, inheriting extra: [(Descriptor, Int32)] = []
    ) throws(SystemError) -> SpawnedWorker {
        var job = job
        var inherited = extra
        if let namespace {
            job.descriptors.namespace = SpawnedWorker.Slot.namespace
            inherited.append((namespace, SpawnedWorker.Slot.namespace))
        }
        return try SpawnedWorker.spawn(label: label, executable: executable, job: job, inherited: inherited)
    }

    /// Reads reports until sender and receiver are done; ends whoever overstays:
    /// the cell's deadline, or the drain timeout once the sender finished.
    private func supervise(_ workers: [SpawnedWorker], cellDeadline: UInt64, request: FlowRequest) {
        let drain = UInt64(request.drainTimeout * 1e9)
        let interval = request.interruptInterval.map { UInt64($0 * 1e9) }
        var nextInterrupt = interval.map { monotonicNanoseconds() + $0 }
        var senderDoneAt: UInt64?
        let sender = workers.count > 1 ? workers[1] : nil
        while !workers.allSatisfy(WorkerSupervisor.finished) {
            let now = monotonicNanoseconds()
            if let sender, senderDoneAt == nil, WorkerSupervisor.finished(sender) { senderDoneAt = now }
            let limit = min(cellDeadline, senderDoneAt.map { $0 + drain } ?? .max)
            if now >= limit {
                WorkerSupervisor.stop(workers, timedOut: true)
                return
            }
            if let interval, let due = nextInterrupt, now >= due {
                // Only workers that reported ready have their SIGUSR1 handler installed.
                for worker in workers where worker.ready && !WorkerSupervisor.finished(worker) { worker.send(signal: SIGUSR1) }
                nextInterrupt = now + interval
            }
            let wake = min(limit, nextInterrupt ?? .max, now + 200_000_000)
            WorkerSupervisor.pump(workers, deadline: wake) { workers.allSatisfy(WorkerSupervisor.finished) }
        }
        WorkerSupervisor.reap(workers)
    }

    static func failures(of worker: SpawnedWorker) -> [FlowFailure] {
        let log = worker.lastLogLine
        if let error = worker.reapError {
            return [FlowFailure(side: worker.label, kind: .unreaped, reason: "\(error); how it ended is unknown", log: log)]
        }
        guard let exit = worker.exit else { return [] }
        if worker.timedOut {
            let seconds = Double((worker.terminatedAt ?? monotonicNanoseconds()) - worker.spawnedAt) / 1e9
            return [FlowFailure(side: worker.label, kind: .timeout, reason: "\(worker.label) timed out after \(Int(seconds.rounded())) s", log: log)]
        }
        if let signal = exit.signal, !(worker.askedToStop && (signal == SIGTERM || signal == SIGKILL)) {
            return [FlowFailure(side: worker.label, kind: .signal, reason: "\(worker.label) worker killed by \(FlowFailure.signalName(signal))", log: log)]
        }
        guard let final = worker.final else {
            if worker.askedToStop { return [] }
            let status = exit.exitCode.map { "exited with status \($0)" } ?? "ended"
            let detail = log.map { ": \($0)" } ?? ""
            return [FlowFailure(side: worker.label, kind: .earlyExit, reason: "\(worker.label) worker \(status) before reporting\(detail)", log: log)]
        }
        if let setup = final.setupError {
            let kind: FlowFailure.Kind = final.pluginRefused ? .pluginRefused : .setup
            return [FlowFailure(side: worker.label, kind: kind, reason: "\(worker.label) worker: \(setup)", log: log)]
        }
        var failures: [FlowFailure] = []
        if let mismatch = final.mismatch {
            failures.append(FlowFailure(side: worker.label, kind: .badBytes, reason: mismatch, log: log))
        } else if final.pluginStatus != 0 {
            let detail = final.pluginError.isEmpty ? "no reason given" : final.pluginError
            failures.append(FlowFailure(
                side: worker.label, kind: .pluginError,
                reason: "\(worker.label) plugin failed (error \(final.pluginStatus)): \(detail)", log: log
            ))
        }
        return failures
    }
}
