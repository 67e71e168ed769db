import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Runs probes in a network namespace that exists only while they run.
///
/// A fresh namespace thread unshares CLONE_NEWNET (a network namespace belongs
/// to a thread), runs the closure, and exits; with it goes the last reference to
/// the namespace and every link made there. The host's namespace and the calling
/// thread are never touched. Descriptors opened inside must be closed inside.
enum ThrowawayNetworkNamespace {
    /// The closure's result, or why the thread or the namespace could not be made.
    static func run<T>(_ body: () -> T) -> Result<T, SystemError> {
        do {
            let value = try NamespaceThread.run(in: nil, label: "probe namespace") { () throws -> T in
                _ = try syscall("network namespace", "unshare(CLONE_NEWNET)") { nm_unshare_net() }
                return body()
            }
            return .success(value)
        } catch let error as SystemError {
            return .failure(error)
        } catch let failure as NamespaceThread.Failure {
            return .failure(failure.underlying)
        } catch {
            return .failure(SystemError(object: "probe namespace", operation: "run", code: ECANCELED))
        }
    }
}
