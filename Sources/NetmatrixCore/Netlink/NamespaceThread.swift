import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Runs a closure on a dedicated pthread that has entered a network namespace.
///
/// A network namespace belongs to a thread, not a process, and Swift concurrency
/// may move a task between threads at any `await`; so namespace work never runs
/// on the caller's thread. Each call starts a fresh pthread, `setns`es it into
/// the namespace, runs the closure, and lets the thread exit: no thread of this
/// process lingers in a namespace, and the caller's namespace never changes.
/// Descriptors opened inside (netlink, ioctl and data sockets, /dev/net/tun)
/// stay bound to the namespace after the thread is gone.
public enum NamespaceThread {
    /// The error when the thread could not be started or could not enter the namespace.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let underlying: SystemError
        public var description: String { underlying.description }
    }

    /// Runs `body` inside the namespace behind `namespace` and returns its result,
    /// rethrowing what it throws. With `namespace` nil the thread stays in the
    /// caller's namespace (used to `unshare` a new one without touching the caller).
    public static func run<T>(in namespace: Descriptor?, label: String = "namespace", _ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { escapable in
            let job = Job(namespaceFD: namespace?.rawValue ?? -1, label: label) {
                Result { try escapable() }
            }
            let thread = try job.start()
            pthread_join(thread, nil)
            return try job.result()
        }
    }

    /// Runs `body(0)`, `body(1)`, ... `body(count - 1)` at the same time, each on
    /// its own fresh thread in the caller's namespace (each may `unshare`), and
    /// returns every outcome in order once all threads have exited.
    public static func runConcurrently<T>(count: Int, label: String, _ body: (Int) throws -> T) -> [Result<T, any Error>] {
        withoutActuallyEscaping(body) { escapable in
            let jobs = (0..<count).map { index in
                Job(namespaceFD: -1, label: "\(label) \(index)") { Result { try escapable(index) } }
            }
            let started = jobs.map { job in (job, Result { () throws(Failure) -> pthread_t in try job.start() }) }
            return started.map { job, thread in
                switch thread {
                case .failure(let failure):
                    return .failure(failure)
                case .success(let thread):
                    pthread_join(thread, nil)
                    return Result { try job.result() }
                }
            }
        }
    }
}

/// One closure waiting to run on a namespace thread, and what came of it.
private final class Job<T>: @unchecked Sendable {
    enum Outcome {
        case entryFailed(SystemError)
        case finished(Result<T, any Error>)
    }

    let namespaceFD: Int32
    let label: String
    let work: () -> Result<T, any Error>
    var outcome: Outcome?

    init(namespaceFD: Int32, label: String, work: @escaping () -> Result<T, any Error>) {
        self.namespaceFD = namespaceFD
        self.label = label
        self.work = work
    }

    func execute() {
        if namespaceFD >= 0 {
            do {
                _ = try syscall(label, "setns(CLONE_NEWNET)") { nm_setns_net(namespaceFD) }
            } catch {
                outcome = .entryFailed(error)
                return
            }
        }
        outcome = .finished(work())
    }

    /// Starts the job's thread; the caller must join it before the closure's
    /// `withoutActuallyEscaping` scope ends.
    func start() throws(NamespaceThread.Failure) -> pthread_t {
        let retained = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let job = Unmanaged<AnyObject>.fromOpaque(argument).takeRetainedValue()
            (job as? any NamespaceJobRunnable)?.runOnThread()
            return nil
        }, retained)
        guard created == 0 else {
            Unmanaged<Job<T>>.fromOpaque(retained).release()
            throw NamespaceThread.Failure(underlying: SystemError(object: label, operation: "pthread_create", code: created))
        }
        return thread
    }

    /// The outcome once the thread has been joined.
    func result() throws -> T {
        switch outcome {
        case .none:
            throw NamespaceThread.Failure(underlying: SystemError(object: label, operation: "namespace thread", code: ECANCELED))
        case .some(.entryFailed(let error)):
            throw NamespaceThread.Failure(underlying: error)
        case .some(.finished(let result)):
            return try result.get()
        }
    }
}

private protocol NamespaceJobRunnable { func runOnThread() }
extension Job: NamespaceJobRunnable { func runOnThread() { execute() } }
