import CNetmatrixShims
import NetmatrixSystem
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One worker process as the supervisor sees it: its pid, the read ends of its
/// report pipe and its log (stdout+stderr) pipe, what it reported, how it ended.
public final class SpawnedWorker {
    /// Descriptor numbers inside every worker.
    public enum Slot {
        public static let report: Int32 = 3
        public static let namespace: Int32 = 4
        public static let listeningSocket: Int32 = 5
        public static let firstTap: Int32 = 6
    }

    /// "sender", "receiver" or "wire": the word failure reasons use.
    public let label: String
    public let pid: pid_t
    public let spawnedAt: UInt64
    let report: Descriptor
    let log: Descriptor
    var reportOpen = true
    var logOpen = true
    private var pendingLine: [UInt8] = []
    public private(set) var reports: [WorkerReport] = []
    public private(set) var unreadableLines: [String] = []
    /// The last few KiB the worker wrote to stderr.
    public private(set) var logTail: [UInt8] = []
    /// Set once reaped.
    public internal(set) var exit: Exit?
    /// Set when wait4 failed: how the worker ended is unknown, never taken for exit 0.
    public private(set) var reapError: SystemError?
    /// SIGTERM sent because the cell was over (wire) rather than because time ran out.
    var askedToStop = false
    var timedOut = false
    var terminatedAt: UInt64?

    public struct Exit: Sendable {
        public var status: Int32
        public var userCPUSeconds: Double
        public var systemCPUSeconds: Double

        public var exitCode: Int32? { nm_wait_exited(status) != 0 ? nm_wait_exit_code(status) : nil }
        public var signal: Int32? { nm_wait_signaled(status) != 0 ? nm_wait_term_signal(status) : nil }
    }

    init(label: String, pid: pid_t, report: Descriptor, log: Descriptor) {
        self.label = label
        self.pid = pid
        self.report = report
        self.log = log
        spawnedAt = monotonicNanoseconds()
    }

    public var ready: Bool { reports.contains { $0.kind == .ready } }
    public var final: WorkerReport? { reports.last { $0.kind == .final } }
    public var isRunning: Bool { exit == nil }
    /// The last non-empty line of the worker's log, for failure reasons.
    public var lastLogLine: String? {
        String(decoding: logTail, as: UTF8.self).split(separator: "\n").last.map(String.init)
    }

    /// Starts `executable worker --job JSON` with the given descriptors placed at their slots.
    static func spawn(
        label: String, executable: String, job: WorkerJob, inherited: [(Descriptor, Int32)]
    ) throws(SystemError) -> SpawnedWorker {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let jobData = try? encoder.encode(job) else {
            preconditionFailure("a WorkerJob holds only strings, integers and booleans, which JSON always encodes")
        }
        return try spawn(
            label: label, executable: executable, arguments: ["worker", "--job", String(decoding: jobData, as: UTF8.self)],
            inherited: inherited
        )
    }

    /// Starts `executable arguments...` with its report pipe at `Slot.report`, stdout
    /// and stderr into its log pipe, and `inherited` descriptors at their slots.
    static func spawn(
        label: String, executable: String, arguments: [String], inherited: [(Descriptor, Int32)]
    ) throws(SystemError) -> SpawnedWorker {
        var reportPipe: [Int32] = [-1, -1]
        var logPipe: [Int32] = [-1, -1]
        _ = try syscall("\(label) report pipe", "pipe2") { nm_pipe_cloexec(&reportPipe) }
        let reportRead = Descriptor(adopting: reportPipe[0], label: "\(label) report pipe")
        let reportWrite = Descriptor(adopting: reportPipe[1], label: "\(label) report pipe")
        _ = try syscall("\(label) log pipe", "pipe2") { nm_pipe_cloexec(&logPipe) }
        let logRead = Descriptor(adopting: logPipe[0], label: "\(label) log pipe")
        let logWrite = Descriptor(adopting: logPipe[1], label: "\(label) log pipe")

        let arguments = [executable] + arguments
        var sources: [Int32] = [logWrite.rawValue, logWrite.rawValue, reportWrite.rawValue]
        var targets: [Int32] = [1, 2, Slot.report]
        for (descriptor, slot) in inherited {
            sources.append(descriptor.rawValue)
            targets.append(slot)
        }
        var pid: pid_t = 0
        let cArguments = arguments.map { strdup($0) }
        defer { for argument in cArguments { free(argument) } }
        let result = (cArguments + [nil]).withUnsafeBufferPointer { argv in
            nm_spawn(executable, argv.baseAddress, nil, sources, targets, Int32(sources.count), &pid)
        }
        guard result == 0 else { throw SystemError(object: "\(label) worker \(executable)", operation: "posix_spawn", code: result) }
        // The child holds the write ends now; ours must go so EOF means the child is done.
        try reportWrite.close()
        try logWrite.close()
        return SpawnedWorker(label: label, pid: pid, report: reportRead, log: logRead)
    }

    /// Reads what is available on `descriptor` (poll said it is readable).
    func drain(_ descriptor: Descriptor) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let result = buffer.withUnsafeMutableBytes { bytes in
            Result { () throws(SystemError) in try Syscall.read(descriptor.rawValue, into: bytes, object: descriptor.label) }
        }
        let count: Int
        switch result {
        case .success(let read):
            count = read
        case .failure(let error) where error.code == EAGAIN:
            return
        case .failure(let error):
            // An unreadable pipe is as good as closed; what the worker still had to say is lost, so say why.
            StandardError.warn("\(label) worker: \(error)")
            count = 0
        }
        if count == 0 {
            closePipe(descriptor)
            return
        }
        let bytes = buffer.prefix(count)
        if descriptor === report {
            pendingLine.append(contentsOf: bytes)
            while let newline = pendingLine.firstIndex(of: 0x0a) {
                let line = Array(pendingLine[..<newline])
                pendingLine.removeSubrange(...newline)
                if let decoded = try? JSONDecoder().decode(WorkerReport.self, from: Data(line)) {
                    reports.append(decoded)
                } else {
                    unreadableLines.append(String(decoding: line, as: UTF8.self))
                }
            }
        } else {
            logTail.append(contentsOf: bytes)
            if logTail.count > 8192 { logTail.removeFirst(logTail.count - 8192) }
        }
    }

    private func closePipe(_ descriptor: Descriptor) {
        if descriptor === report { reportOpen = false } else { logOpen = false }
        descriptor.closeOrWarn()
    }

    /// Sends `signal` to this worker's pid while it has not been reaped.
    func send(signal: Int32) {
        // Once reaped (or lost), the pid may belong to someone else.
        guard exit == nil, reapError == nil else { return }
        _ = kill(pid, signal)
    }

    /// wait4 for this pid, blocking; records its status and CPU times. A failed
    /// wait4 is recorded in `reapError` (the worker's end stays unknown) and returned.
    @discardableResult
    func reap() -> Result<Exit, SystemError> {
        if let exit { return .success(exit) }
        if let reapError { return .failure(reapError) }
        do {
            let (status, usage) = try Syscall.wait4(pid, object: "\(label) worker (pid \(pid))")
            return .success(ended(status: status, usage: usage))
        } catch {
            reapError = error
            return .failure(error)
        }
    }

    /// As `reap`, without waiting (WNOHANG): nil while the worker still runs.
    func reapIfEnded() -> Result<Exit, SystemError>? {
        if let exit { return .success(exit) }
        if let reapError { return .failure(reapError) }
        do {
            guard let (status, usage) = try Syscall.wait4IfEnded(pid, object: "\(label) worker (pid \(pid))") else { return nil }
            return .success(ended(status: status, usage: usage))
        } catch {
            reapError = error
            return .failure(error)
        }
    }

    private func ended(status: Int32, usage: rusage) -> Exit {
        let ended = Exit(status: status, userCPUSeconds: seconds(usage.ru_utime), systemCPUSeconds: seconds(usage.ru_stime))
        exit = ended
        if reportOpen { reportOpen = false; report.closeOrWarn() }
        if logOpen { logOpen = false; log.closeOrWarn() }
        return ended
    }

    private func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }

    deinit {
        if exit == nil, reapError == nil {
            // A worker must not outlive its supervisor's view of it.
            _ = kill(pid, SIGKILL)
            if case .failure(let error) = reap() { StandardError.warn("\(error)") }
        }
    }
}
