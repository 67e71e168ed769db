import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with posix_spawn and wait4, timed on the
/// monotonic clock. Foundation's `Process.waitUntilExit` polls on a run-loop
/// tick of tens of milliseconds, which would round every short child up.
public enum TimedCommand {
    /// The child's exit code (128 + signal when a signal ended it) and its wall time in seconds.
    public static func run(_ path: String, _ arguments: [String]) throws(SystemError) -> (status: Int32, seconds: Double) {
        let cArguments = ([path] + arguments).map { strdup($0) }
        defer { for argument in cArguments { free(argument) } }
        // The child keeps this process's standard output and error; nothing else.
        let sources: [Int32] = [1, 2]
        let targets: [Int32] = [1, 2]
        var pid: pid_t = 0
        let clock = ContinuousClock()
        let start = clock.now
        let spawned = (cArguments + [nil]).withUnsafeBufferPointer { argv in
            nm_spawn(path, argv.baseAddress, nil, sources, targets, Int32(sources.count), &pid)
        }
        guard spawned == 0 else { throw SystemError(object: path, operation: "posix_spawn", code: spawned) }
        let (status, _) = try Syscall.wait4(pid, object: path)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let code = nm_wait_exited(status) != 0 ? nm_wait_exit_code(status) : 128 + nm_wait_term_signal(status)
        return (code, seconds)
    }
}
