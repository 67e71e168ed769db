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

/// One side of a peer tool: a program spawned inside a namespace, its output
/// kept in memory files, reaped with its CPU time.
final class PeerProcess {
    let label: String
    let pid: pid_t
    private let output: Descriptor
    private let errors: Descriptor
    private(set) var ended: Ended?

    struct Ended {
        var exitCode: Int32
        var cpu: CPUTime
        var output: String
        var errors: String
    }

    /// Spawns `program` with `arguments` from a thread inside `namespace`: a child
    /// starts in its parent thread's network namespace.
    init(label: String, program: String, arguments: [String], namespace: Descriptor) throws {
        self.label = label
        let output = Descriptor(adopting: try syscall(label, "memfd_create") { nm_memfd_create("peer-output") }, label: "\(label) output")
        let errors = Descriptor(adopting: try syscall(label, "memfd_create") { nm_memfd_create("peer-errors") }, label: "\(label) errors")
        let devNull = try Descriptor.open("/dev/null", O_RDONLY)
        defer { devNull.closeOrWarn() }
        let cArguments = ([program] + arguments).map { strdup($0) }
        defer { for argument in cArguments { free(argument) } }
        let sources = [devNull.rawValue, output.rawValue, errors.rawValue]
        let targets: [Int32] = [0, 1, 2]
        var pid: pid_t = 0
        let spawned = try NamespaceThread.run(in: namespace, label: label) {
            (cArguments + [nil]).withUnsafeBufferPointer { argv in
                nm_spawn(program, argv.baseAddress, nil, sources, targets, Int32(sources.count), &pid)
            }
        }
        guard spawned == 0 else { throw SystemError(object: program, operation: "posix_spawn", code: spawned) }
        self.pid = pid
        self.output = output
        self.errors = errors
    }

    /// Waits until the program ends or `deadline` (monotonic ns) passes, then
    /// ends it (SIGTERM, then SIGKILL a second later) and reaps it.
    @discardableResult
    func finish(by deadline: UInt64) throws -> Ended {
        if let ended { return ended }
        var reaped = try Syscall.wait4IfEnded(pid, object: label)
        while reaped == nil, monotonicNanoseconds() < deadline {
            usleep(5_000)
            reaped = try Syscall.wait4IfEnded(pid, object: label)
        }
        if reaped == nil {
            kill(pid, SIGTERM)
            let grace = monotonicNanoseconds() + 1_000_000_000
            while reaped == nil, monotonicNanoseconds() < grace {
                usleep(5_000)
                reaped = try Syscall.wait4IfEnded(pid, object: label)
            }
            if reaped == nil {
                kill(pid, SIGKILL)
                reaped = try Syscall.wait4(pid, object: label)
            }
        }
        guard let (status, usage) = reaped else { throw SystemError(object: label, operation: "wait4", code: ECHILD) }
        let code = nm_wait_exited(status) != 0 ? nm_wait_exit_code(status) : 128 + nm_wait_term_signal(status)
        let cpu = CPUTime(user: Self.seconds(usage.ru_utime), system: Self.seconds(usage.ru_stime))
        let result = Ended(exitCode: code, cpu: cpu, output: Self.contents(of: output), errors: Self.contents(of: errors))
        output.closeOrWarn()
        errors.closeOrWarn()
        ended = result
        return result
    }

    /// Ends a server that outlives its client (sockperf's serves until told).
    @discardableResult
    func stop() throws -> Ended {
        if let ended { return ended }
        kill(pid, SIGTERM)
        return try finish(by: monotonicNanoseconds() + 2_000_000_000)
    }

    static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }

    /// A memory file's whole contents, read from its start.
    static func contents(of file: Descriptor) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(file.rawValue, $0.baseAddress, $0.count, offset) }
            guard count > 0 else { break }
            bytes += chunk[0 ..< count]
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
