#if canImport(Glibc)
import Glibc
#endif

/// Lines to standard error from code below the CLI (workers, descriptors), with a
/// plain write(2): no buffering, safe in a worker about to exit.
public enum StandardError {
    /// Writes `line` and `terminator`. A failed write has nowhere left to go: dropped.
    public static func write(_ line: String, terminator: String = "\n") {
        let bytes = Array((line + terminator).utf8)
        let written = bytes.withUnsafeBytes { raw in
            Result { () throws(SystemError) in try Syscall.writeAll(STDERR_FILENO, raw, object: "stderr") }
        }
        _ = written
    }

    /// "netmatrix: warning: " + `message`.
    public static func warn(_ message: String) {
        write("netmatrix: warning: \(message)")
    }
}
