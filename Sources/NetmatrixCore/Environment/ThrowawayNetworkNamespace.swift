import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Runs probes in a network namespace that exists only while they run.
///
/// A fresh pthread unshares CLONE_NEWNET (a network namespace belongs to a
/// thread), runs the closure, and exits; with it goes the last reference to the
/// namespace and every link made there. The host's namespace and the calling
/// thread are never touched. Descriptors opened inside must be closed inside.
enum ThrowawayNetworkNamespace {
    /// The closure's result, or why the thread or the namespace could not be made.
    static func run<T>(_ body: () -> T) -> Result<T, SystemError> {
        withoutActuallyEscaping(body) { escapable in
            var result: T?
            let job = ThrowawayJob { result = escapable() }
            // The thread owns one reference until it has run; joined below, so
            // the closure never outlives this scope.
            let retained = Unmanaged.passRetained(job).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { argument in
                guard let argument else { return nil }
                Unmanaged<ThrowawayJob>.fromOpaque(argument).takeRetainedValue().execute()
                return nil
            }, retained)
            guard created == 0 else {
                Unmanaged<ThrowawayJob>.fromOpaque(retained).release()
                return .failure(SystemError(object: "probe thread", operation: "pthread_create", code: created))
            }
            pthread_join(thread, nil)
            if let error = job.unshareError { return .failure(error) }
            guard let result else {
                return .failure(SystemError(object: "probe thread", operation: "run", code: ECANCELED))
            }
            return .success(result)
        }
    }
}

private final class ThrowawayJob: @unchecked Sendable {
    let work: () -> Void
    var unshareError: SystemError?

    init(work: @escaping () -> Void) { self.work = work }

    func execute() {
        do {
            _ = try syscall("network namespace", "unshare(CLONE_NEWNET)") { nm_probe_unshare_net() }
        } catch {
            unshareError = error
            return
        }
        work()
    }
}
