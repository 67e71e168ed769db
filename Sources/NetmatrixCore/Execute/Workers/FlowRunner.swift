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

    /// Plans the flow's workers, starts them, supervises them to the end, then
    /// judges and measures what they reported.
    public func run(_ request: FlowRequest) throws(RunError) -> FlowResult {
        let jobs = try jobs(for: request)
        let softirqBefore = SoftirqShare.sample()
        let softirqThreadsBefore = SoftirqThreads.cpuNanoseconds()
        let workers = try start(jobs)
        supervise(workers, deadline: monotonicNanoseconds() + UInt64(jobs.timeAllowed * 1e9), request: request)
        if let wire = workers.wire { WorkerSupervisor.stop([wire], timedOut: false) }
        let softirqAfter = SoftirqShare.sample()
        let softirqThreadsAfter = SoftirqThreads.cpuNanoseconds()
        var result = Self.measure(workers, request: request, failures: Self.failures(of: workers, request: request))
        result.softirqShare = softirqBefore.flatMap { before in softirqAfter.flatMap { SoftirqShare.share(from: before, to: $0) } }
        result.softirqThreadSeconds = SoftirqThreads.seconds(from: softirqThreadsBefore, to: softirqThreadsAfter)
        return result
    }

    /// Each role's job, decided before anything is spawned: its plugin file, CPU,
    /// budget and limits.
    struct Jobs {
        var receiver: WorkerJob
        var sender: WorkerJob
        var wire: WorkerJob?
        /// Seconds the flow may take before its workers are ended.
        var timeAllowed: Double
        /// The descriptors each worker inherits (namespaces, TAP devices, a listening socket).
        var request: FlowRequest
    }

    /// The workers a flow started; the sender only once the receiver listens.
    struct Workers {
        var receiver: SpawnedWorker?
        var sender: SpawnedWorker?
        var wire: SpawnedWorker?

        /// Receiver and sender, the workers whose end ends the flow.
        var flow: [SpawnedWorker] { [receiver, sender].compactMap { $0 } }
        var all: [SpawnedWorker] { flow + [wire].compactMap { $0 } }
    }

    func jobs(for request: FlowRequest) throws(RunError) -> Jobs {
        try Self.validate(request)
        // A planned plugin is already `.path(file)`, which `file(for:)` hands back unsearched;
        // only a name (a caller that planned nothing, e.g. a test) is looked up here.
        func path(_ spec: PluginSpec?) throws(RunError) -> String? {
            guard let spec else { return nil }
            do { return try searchPath.file(for: spec.plugin) } catch { throw RunError.plugin(error) }
        }
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
        let timeAllowed: Double
        switch request.budget {
        case .duration(let seconds): timeAllowed = seconds + request.timeoutGrace
        case .bytes: timeAllowed = request.bytesTimeout
        }
        func job(_ role: WorkerRole, _ spec: PluginSpec?) throws(RunError) -> WorkerJob {
            var job = WorkerJob(role: role, pluginPath: try path(spec), descriptors: .init(report: SpawnedWorker.Slot.report))
            job.mode = spec?.mode ?? ""
            job.options = spec?.optionsString ?? ""
            job.transport = request.transport
            job.address = request.receiverAddress
            job.port = request.port
            job.messageSize = request.messageSize
            job.payloadSize = request.payloadSize
            switch request.budget {
            case .duration(let seconds): job.durationNanoseconds = UInt64(seconds * 1e9)
            case .bytes(let bytes): job.byteBudget = bytes
            }
            job.verification = request.verification
            job.socketBufferSize = request.socketBufferSize
            // Far beyond the supervisor's own deadline: only an orphaned worker ever meets it.
            job.lifetimeLimitSeconds = UInt32(min(timeAllowed * 2 + 60, Double(UInt32.max / 2)))
            return job
        }
        var receiver = try job(.receive, request.receiver)
        receiver.stopAfterBytes = request.receiverStopsAfter
        receiver.cpu = cpus?.receiver
        var sender = try job(.send, request.sender)
        sender.abortiveClose = request.senderResets
        sender.cpu = cpus?.sender
        var wire: WorkerJob?
        if let setup = request.wire {
            var job = try job(.wire, setup.plugin)
            job.mtu = setup.mtu
            job.vnetHeaderSize = setup.vnetHeaderSize
            job.cpu = cpus?.wire
            job.descriptors.taps = [SpawnedWorker.Slot.firstTap, SpawnedWorker.Slot.firstTap + 1]
            wire = job
        }
        return Jobs(receiver: receiver, sender: sender, wire: wire, timeAllowed: timeAllowed, request: request)
    }

    /// The wire first, then the receiver, then (once the receiver listens, so no
    /// connect races a bind) the sender. A spawn failure stops whoever started.
    func start(_ jobs: Jobs) throws(RunError) -> Workers {
        let request = jobs.request
        var workers = Workers()
        do throws(SystemError) {
            if let wireJob = jobs.wire, let wire = request.wire {
                let taps = [(wire.tapA, SpawnedWorker.Slot.firstTap), (wire.tapB, SpawnedWorker.Slot.firstTap + 1)]
                let worker = try spawn("wire", wireJob, namespace: wire.namespace, inheriting: taps)
                workers.wire = worker
                WorkerSupervisor.pump([worker], deadline: monotonicNanoseconds() + 10_000_000_000) {
                    worker.ready || WorkerSupervisor.finished(worker)
                }
            }
            var receiverJob = jobs.receiver
            var listening: [(Descriptor, Int32)] = []
            if let socket = request.receiverListeningSocket {
                receiverJob.descriptors.listeningSocket = SpawnedWorker.Slot.listeningSocket
                listening.append((socket, SpawnedWorker.Slot.listeningSocket))
            }
            let receiver = try spawn("receiver", receiverJob, namespace: request.receiverNamespace, inheriting: listening)
            workers.receiver = receiver
            let started = WorkerSupervisor.pump([receiver], deadline: monotonicNanoseconds() + 10_000_000_000) {
                receiver.ready || WorkerSupervisor.finished(receiver)
            }
            if started && receiver.ready {
                workers.sender = try spawn("sender", jobs.sender, namespace: request.senderNamespace)
            }
        } catch {
            WorkerSupervisor.stop(workers.all, timedOut: false)
            throw RunError.spawn(error)
        }
        return workers
    }

    /// Every worker's failures, then the flow's own: a receiver that never
    /// listened, or byte counts the two ends disagree on.
    static func failures(of workers: Workers, request: FlowRequest) -> [FlowFailure] {
        var failures = workers.all.flatMap { Self.failures(of: $0) }
        if workers.sender == nil, let receiver = workers.receiver, failures.isEmpty {
            failures.append(FlowFailure(side: "receiver", kind: .setup, reason: "receiver worker never reported that it listens", log: receiver.lastLogLine))
        }
        guard failures.isEmpty, let received = workers.receiver?.final, let sent = workers.sender?.final, request.receiverStopsAfter == nil
        else { return failures }
        if request.transport == .tcp, received.bytesDelivered != sent.counters.bytes {
            failures.append(FlowFailure(
                side: "receiver", kind: .byteCount,
                reason: "stream length mismatch: the receiver got \(received.bytesDelivered) bytes, the sender counted \(sent.counters.bytes)"
            ))
        } else if received.bytesDelivered == 0 {
            failures.append(FlowFailure(side: "receiver", kind: .byteCount, reason: "the receiver got no bytes"))
        }
        return failures
    }

    /// Bytes, time and goodput from the reports, CPU per side from wait4.
    static func measure(_ workers: Workers, request: FlowRequest, failures: [FlowFailure]) -> FlowResult {
        let received = workers.receiver?.final
        let bytes = received?.bytesDelivered ?? 0
        var seconds = 0.0
        if let received, received.lastDeliveryNanoseconds > 0 {
            let start = workers.sender?.final?.transferStartNanoseconds ?? received.firstDeliveryNanoseconds
            if received.lastDeliveryNanoseconds > start {
                seconds = Double(received.lastDeliveryNanoseconds - start) / 1e9
            }
        }
        func side(_ worker: SpawnedWorker?, _ spec: PluginSpec?) -> FlowSide? {
            guard let worker, let exit = worker.exit else { return nil }
            let cpu = exit.userCPUSeconds + exit.systemCPUSeconds
            return FlowSide(
                plugin: spec?.description ?? ReferencePeer.name, pid: worker.pid,
                userCPUSeconds: exit.userCPUSeconds, systemCPUSeconds: exit.systemCPUSeconds,
                microsecondsPerMB: bytes > 0 ? cpu * 1e6 / (Double(bytes) / 1e6) : nil,
                counters: worker.final?.counters ?? WorkerCounters(), report: worker.final,
                exit: exit.signal.map(FlowFailure.signalName) ?? "exit \(exit.exitCode ?? -1)",
                log: String(decoding: worker.logTail, as: UTF8.self).split(separator: "\n").map(String.init)
            )
        }
        return FlowResult(
            failures: failures, bytes: bytes, bytesVerified: received?.bytesVerified ?? 0, seconds: seconds,
            goodputBitsPerSecond: seconds > 0 ? Double(bytes) * 8 / seconds : 0,
            sender: side(workers.sender, request.sender), receiver: side(workers.receiver, request.receiver),
            wire: side(workers.wire, request.wire?.plugin), softirqShare: nil,
            verification: request.verification, verificationNanoseconds: received?.verificationNanoseconds ?? 0
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
    /// the flow's deadline, or the drain timeout once the sender finished.
    private func supervise(_ started: Workers, deadline: UInt64, request: FlowRequest) {
        let workers = started.flow
        let drain = UInt64(request.drainTimeout * 1e9)
        let interval = request.interruptInterval.map { UInt64($0 * 1e9) }
        var nextInterrupt = interval.map { monotonicNanoseconds() + $0 }
        var senderDoneAt: UInt64?
        let sender = started.sender
        while !workers.allSatisfy(WorkerSupervisor.finished) {
            let now = monotonicNanoseconds()
            if let sender, senderDoneAt == nil, WorkerSupervisor.finished(sender) { senderDoneAt = now }
            let limit = min(deadline, senderDoneAt.map { $0 + drain } ?? .max)
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
