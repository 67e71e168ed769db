import CNetmatrixShims
#if canImport(Glibc)
import Glibc
#endif

/// A file descriptor this process owns and closes exactly once.
///
/// `close()` reports the kernel's answer; `take()` hands the raw number to
/// someone else (a child process, a C library) who then owns it. One still open
/// when the object goes away is closed then, so an error path leaks nothing; a
/// close that fails where nobody can be told (`closeOrWarn`, deinit) writes one
/// line to standard error naming the descriptor and the errno.
/// Not shared between threads while it is being closed or taken.
public final class Descriptor: @unchecked Sendable, CustomStringConvertible {
    public private(set) var rawValue: Int32
    /// What the descriptor refers to, for error messages, e.g. `/dev/net/tun`.
    public let label: String

    public init(adopting rawValue: Int32, label: String) {
        self.rawValue = rawValue
        self.label = label
    }

    /// Opens `path` with close-on-exec set.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemError) -> Descriptor {
        let fd = try syscall(path, "open") { Glibc.open(path, flags | O_CLOEXEC, mode) }
        return Descriptor(adopting: fd, label: path)
    }

    public var isOpen: Bool { rawValue >= 0 }

    /// Closes, reporting the kernel's answer. Never retried: Linux has released the
    /// descriptor even when close returns EINTR. Closed either way afterwards.
    public func close() throws(SystemError) {
        guard rawValue >= 0 else { return }
        let name = description
        let fd = rawValue
        rawValue = -1
        try Syscall.close(fd, object: name)
    }

    /// Closes where a failure cannot be handed to anyone (cleanup after an error,
    /// a pipe at end of file): a failure becomes one warning line on standard error.
    public func closeOrWarn() {
        do {
            try close()
        } catch {
            StandardError.warn("\(error) (errno \(error.code))")
        }
    }

    /// Gives up ownership without closing.
    public func take() -> Int32 {
        let fd = rawValue
        rawValue = -1
        return fd
    }

    /// A new descriptor for the same open file, close-on-exec.
    public func duplicate() throws(SystemError) -> Descriptor {
        let fd = try syscall(label, "fcntl(F_DUPFD_CLOEXEC)") { nm_dup_cloexec(rawValue) }
        return Descriptor(adopting: fd, label: label)
    }

    public var description: String { "\(label) (fd \(rawValue))" }

    deinit {
        closeOrWarn()
    }
}
