import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Watches worker pipes with poll(2) and ends workers by pid: SIGTERM first (the
/// worker's should_stop turns true), SIGKILL after a grace period.
enum WorkerSupervisor {
    /// Time between SIGTERM and SIGKILL.
    static let killGrace: UInt64 = 2_000_000_000

    /// Reads every open pipe of `workers` until `done()` holds or `deadline` passes.
    /// Returns whether `done()` held.
    @discardableResult
    static func pump(_ workers: [SpawnedWorker], deadline: UInt64, until done: () -> Bool) -> Bool {
        while !done() {
            let now = monotonicNanoseconds()
            if now >= deadline { return false }
            var watched: [(SpawnedWorker, Bool)] = []
            var pollers: [pollfd] = []
            for worker in workers {
                if worker.reportOpen {
                    watched.append((worker, true))
                    pollers.append(pollfd(fd: worker.report.rawValue, events: Int16(POLLIN), revents: 0))
                }
                if worker.logOpen {
                    watched.append((worker, false))
                    pollers.append(pollfd(fd: worker.log.rawValue, events: Int16(POLLIN), revents: 0))
                }
            }
            if pollers.isEmpty { return done() }
            let timeout = Int32(min(200, (deadline - now) / 1_000_000 + 1))
            let ready: Int32
            do {
                ready = try Syscall.poll(&pollers, timeoutMilliseconds: timeout, object: "worker pipes")
            } catch {
                // Only our own pipes are polled, so this should never happen; say so, and
                // wait as a timeout would, so the deadlines above still end the workers.
                StandardError.warn("\(error)")
                usleep(UInt32(timeout) * 1000)
                continue
            }
            guard ready > 0 else { continue }
            for (index, poller) in pollers.enumerated() where poller.revents != 0 {
                let (worker, isReport) = watched[index]
                worker.drain(isReport ? worker.report : worker.log)
            }
        }
        return true
    }

    /// A throwaway worker (`executable ARGUMENTS`) run to its end, reaped: SIGKILL
    /// once `timeout` seconds pass. `finished` is false when it had to be killed.
    static func runToEnd(
        label: String, executable: String, arguments: [String], timeout: Double
    ) throws(SystemError) -> (worker: SpawnedWorker, finished: Bool) {
        let worker = try SpawnedWorker.spawn(label: label, executable: executable, arguments: arguments, inherited: [])
        let done = pump([worker], deadline: monotonicNanoseconds() + UInt64(timeout * 1e9)) { finished(worker) }
        if !done { worker.send(signal: SIGKILL) }
        reap([worker])
        return (worker, done)
    }

    /// True once every pipe of `worker` reached end of file (the process is done or closed them).
    static func finished(_ worker: SpawnedWorker) -> Bool { !worker.reportOpen && !worker.logOpen }

    /// SIGTERM, wait up to the grace period for the pipes to close, SIGKILL, reap.
    static func stop(_ workers: [SpawnedWorker], timedOut: Bool) {
        let running = workers.filter { $0.isRunning && !finished($0) }
        for worker in running {
            if timedOut { worker.timedOut = true } else { worker.askedToStop = true }
            worker.terminatedAt = monotonicNanoseconds()
            worker.send(signal: SIGTERM)
        }
        pump(running, deadline: monotonicNanoseconds() + killGrace) { running.allSatisfy(finished) }
        for worker in running where !finished(worker) {
            worker.send(signal: SIGKILL)
        }
        reap(workers)
    }

    /// Reaps `workers` once their pipes are closed. End of file is not the end of
    /// the process: a plugin that closes its descriptors and then hangs would hold
    /// a blocking wait4 forever. So a worker gets the kill grace to exit, then
    /// SIGKILL, and counts as timed out.
    static func reap(_ workers: [SpawnedWorker]) {
        let deadline = monotonicNanoseconds() + killGrace
        while workers.contains(where: { $0.reapIfEnded() == nil }), monotonicNanoseconds() < deadline {
            usleep(1_000)
        }
        // A failed wait4 stays on the worker (reapError) and fails its cell.
        for worker in workers where worker.isRunning && worker.reapError == nil {
            worker.timedOut = true
            worker.terminatedAt = monotonicNanoseconds()
            worker.send(signal: SIGKILL)
        }
        for worker in workers { worker.reap() }
    }
}
