import CNetmatrixShims
#if canImport(Glibc)
import Glibc
#endif

/// Runs one raw system call, turning a `-1` return into a `SystemError` that names
/// `object` and `operation`. `EINTR` is retried here and nowhere else; never pass
/// `close` through with `retryOnInterrupt` (Linux closes the descriptor anyway).
@inlinable
public func syscall<T: FixedWidthInteger>(
    _ object: @autoclosure () -> String,
    _ operation: @autoclosure () -> String,
    retryOnInterrupt: Bool = true,
    _ body: () -> T
) throws(SystemError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = nm_errno()
        if code == EINTR && retryOnInterrupt { continue }
        throw SystemError(object: object(), operation: operation(), code: code)
    }
}
