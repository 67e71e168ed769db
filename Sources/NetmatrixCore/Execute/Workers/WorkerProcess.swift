import CNetmatrixShims
import NetmatrixABI
import NetmatrixSystem
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The body of `netmatrix worker`: runs one role of one cell in this process.
///
/// Order matters: enter the namespace first (on the main thread, before any
/// plugin code runs or any socket exists), then load the plugin, set up the
/// socket, build the context, call the role, report one JSON line, exit.
public enum WorkerProcess {
    /// Extra time a receiver waits beyond the sender's duration to drain the stream.
    static let drainAllowance: UInt64 = 3_000_000_000

    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
        /// The loader refused the plugin, or it lacks the role or mode asked for.
        public var pluginRefused = false
    }

    /// Runs the job; returns the process exit code (0 when a report was written).
    public static func run(jobJSON: String) -> Int32 {
        guard let job = try? JSONDecoder().decode(WorkerJob.self, from: Data(jobJSON.utf8)) else {
            StandardError.write("netmatrix worker: the --job argument is not a valid job description")
            return ExitStatus.badInput.rawValue
        }
        var final = WorkerReport(kind: .final)
        final.strayDescriptors = strayDescriptors(expected: job.descriptors)
        let report = Descriptor(adopting: job.descriptors.report, label: "report pipe")
        do {
            try run(job, report: report, into: &final)
        } catch {
            final.setupError = error.description
            final.pluginRefused = error.pluginRefused
        }
        do {
            try send(final, to: report)
        } catch {
            return ExitStatus.infrastructure.rawValue
        }
        return final.setupError == nil ? 0 : ExitStatus.infrastructure.rawValue
    }

    /// The body of `netmatrix worker --describe PATH`: loads the plugin (all the
    /// loader's checks) in this throwaway process and reports its descriptor, so a
    /// plugin that crashes while loading takes only this process down.
    public static func describe(pluginPath: String) -> Int32 {
        let report = Descriptor(adopting: SpawnedWorker.Slot.report, label: "report pipe")
        var final = WorkerReport(kind: .final)
        do {
            final.plugin = try PluginLoader.load(path: pluginPath).info
        } catch {
            final.setupError = error.reasonText
            final.pluginRefused = true
        }
        do {
            try send(final, to: report)
        } catch {
            return ExitStatus.infrastructure.rawValue
        }
        return 0
    }

    static func run(_ job: WorkerJob, report: Descriptor, into final: inout WorkerReport) throws(SetupError) {
        if job.lifetimeLimitSeconds > 0 { alarm(job.lifetimeLimitSeconds) }
        guard nm_worker_install_signal_handlers() == 0 else { throw SetupError(description: "sigaction: \(String(cString: strerror(nm_errno())))") }
        if let cpu = job.cpu {
            do {
                try CPUPlacement.pin(to: cpu)
                final.allowedCPUs = try CPUPlacement.allowedCPUs()
            } catch {
                throw SetupError(description: error.description)
            }
        }
        if let namespace = job.descriptors.namespace {
            let namespaceFile = Descriptor(adopting: namespace, label: "namespace fd \(namespace)")
            do {
                _ = try syscall(namespaceFile.label, "setns(CLONE_NEWNET)") { nm_setns_net(namespaceFile.rawValue) }
                try namespaceFile.close()
            } catch {
                throw SetupError(description: error.description)
            }
        }
        let function: nm_role_fn
        if let path = job.pluginPath {
            let plugin: LoadedPlugin
            do {
                plugin = try PluginLoader.load(path: path)
                try plugin.checkUsage(role: job.role, mode: job.mode)
            } catch {
                throw SetupError(description: "\(error)", pluginRefused: true)
            }
            guard let roleFunction = plugin.function(for: job.role) else {
                throw SetupError(description: "plugin \(plugin.path): no \(job.role.rawValue) function")
            }
            function = roleFunction
        } else {
            switch job.role {
            case .send: function = ReferencePeer.send
            case .receive: function = ReferencePeer.receive
            case .wire: throw SetupError(description: "the reference peer has no wire role")
            }
        }
        // Every failure below (a system call, an address that does not parse) ends setup with its one line.
        do {
            let payload = try Payload(size: job.payloadSize)
            let context = WorkerContext()
            let verifier = StreamVerifier(
                pattern: payload.bytes, patternSize: payload.size, level: job.verification, datagrams: job.transport == .udp
            )
            let host = WorkerHost(role: job.role, transport: job.transport, verifier: verifier)
            host.byteBudget = job.byteBudget
            host.stopAfterBytes = job.stopAfterBytes
            let fields = context.pointer
            fields.pointee.role = job.role.bit.rawValue
            fields.pointee.protocol = job.transport.abiValue
            fields.pointee.mode = context.cString(job.mode)
            fields.pointee.options = context.cString(job.options)
            fields.pointee.payload = payload.bytes.assumingMemoryBound(to: UInt8.self)
            fields.pointee.payload_size = UInt64(payload.size)
            fields.pointee.payload_memfd = payload.memfd.rawValue
            fields.pointee.message_size = UInt64(job.messageSize)
            fields.pointee.mtu = job.mtu
            fields.pointee.host = UnsafePointer(WorkerHost.api)
            fields.pointee.host_data = Unmanaged.passUnretained(host).toOpaque()
            let appBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(job.messageSize, 4096), alignment: 4096)
            defer { appBuffer.deallocate() }

            var connection: Descriptor?
            var taps: [Descriptor] = []
            switch job.role {
            case .receive:
                let listener: Descriptor
                if let inherited = job.descriptors.listeningSocket {
                    listener = Descriptor(adopting: inherited, label: "inherited listening socket")
                } else {
                    let endpoint = try WorkerSockets.endpoint(job.address, port: job.port)
                    listener = try WorkerSockets.listen(on: endpoint, transport: job.transport, bufferSize: job.socketBufferSize)
                }
                try send(WorkerReport(kind: .ready), to: report)
                let startBudget = (job.durationNanoseconds ?? 60_000_000_000) + drainAllowance + job.connectTimeoutNanoseconds
                if job.transport == .tcp {
                    connection = try WorkerSockets.accept(on: listener, deadline: monotonicNanoseconds() + startBudget)
                    try listener.close()
                } else {
                    connection = listener
                }
                host.deadline = monotonicNanoseconds() + startBudget
                fields.pointee.app_buffer = appBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
                fields.pointee.app_buffer_size = UInt64(appBuffer.count)
            case .send:
                let endpoint = try WorkerSockets.endpoint(job.address, port: job.port)
                connection = try WorkerSockets.connect(
                    to: endpoint, transport: job.transport, bufferSize: job.socketBufferSize, timeout: job.connectTimeoutNanoseconds
                )
                if let duration = job.durationNanoseconds { host.deadline = monotonicNanoseconds() + duration }
            case .wire:
                taps = job.descriptors.taps.enumerated().map { Descriptor(adopting: $1, label: "tap fd \($0)") }
                guard taps.count == 2 else { throw SystemError(object: "wire worker", operation: "inherit TAP fds", code: EBADF) }
                fields.pointee.tap_fd = (taps[0].rawValue, taps[1].rawValue)
                fields.pointee.vnet_hdr_size = job.vnetHeaderSize
                host.deadline = monotonicNanoseconds() + (job.durationNanoseconds ?? 60_000_000_000) + drainAllowance
            }
            if job.role != .receive { try send(WorkerReport(kind: .ready), to: report) }
            if let connection {
                fields.pointee.socket_fd = connection.rawValue
                if job.abortiveClose { try WorkerSockets.setAbortiveClose(connection) }
            }

            final.transferStartNanoseconds = monotonicNanoseconds()
            final.pluginStatus = function(fields)
            final.transferEndNanoseconds = monotonicNanoseconds()

            if job.role == .send, job.transport == .tcp, let connection {
                let retransmits = nm_tcp_total_retransmits(connection.rawValue)
                if retransmits >= 0 { final.retransmits = UInt64(retransmits) }
                if !job.abortiveClose {
                    let shut = Result { () throws(SystemError) in
                        try syscall(connection.label, "shutdown(SHUT_WR)") { shutdown(connection.rawValue, Int32(SHUT_WR)) }
                    }
                    // ENOTCONN: the peer already reset the connection, nothing left to shut down.
                    if case .failure(let error) = shut, error.code != ENOTCONN { throw error }
                }
            }
            try connection?.close()
            for tap in taps { try tap.close() }
            final.pluginError = context.error
            final.counters = context.counters
            final.bytesDelivered = host.bytesDelivered
            final.bytesVerified = host.verifier.bytesVerified
            final.datagrams = host.verifier.datagramCount
            final.verificationNanoseconds = host.verifier.nanoseconds
            final.firstDeliveryNanoseconds = host.firstDelivery
            final.lastDeliveryNanoseconds = host.lastDelivery
            final.stopReason = host.stopReason
            final.pluginCounters = host.pluginCounters.isEmpty ? nil : host.pluginCounters
            if let mismatch = host.verifier.mismatch {
                final.mismatch = mismatch.description
                final.firstBadOffset = mismatch.offset
            }
        } catch {
            throw SetupError(description: "\(error)")
        }
    }

    /// Open descriptors other than stdio and the job's slots, with what they refer to.
    static func strayDescriptors(expected: WorkerJob.Descriptors) -> [String] {
        var allowed: Set<Int32> = [0, 1, 2, expected.report]
        if let namespace = expected.namespace { allowed.insert(namespace) }
        if let listening = expected.listeningSocket { allowed.insert(listening) }
        allowed.formUnion(expected.taps)
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var stray: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let fd = Int32(name), fd != own, !allowed.contains(fd) else { continue }
            var target = [CChar](repeating: 0, count: 256)
            let length = target.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { readlink("/proc/self/fd/\(name)", $0, buffer.count - 1) } ?? -1
            }
            let text = length > 0 ? target.prefix(length).map { String(UnicodeScalar(UInt8(bitPattern: $0))) }.joined() : "?"
            stray.append("\(fd) -> \(text)")
        }
        return stray
    }

    static func send(_ report: WorkerReport, to pipe: Descriptor) throws(SystemError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(report) else {
            preconditionFailure("a WorkerReport holds only strings, integers and booleans, which JSON always encodes")
        }
        let line = Array(data) + [0x0a]
        try line.withUnsafeBytes { bytes in
            Result { () throws(SystemError) in try Syscall.writeAll(pipe.rawValue, bytes, object: pipe.label) }
        }.get()
    }
}
