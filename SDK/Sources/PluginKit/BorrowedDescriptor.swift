import CNetmatrixShims
#if canImport(Glibc)
import Glibc
#endif

/// A file descriptor the host owns and lends to one role call: the plugin uses
/// it and never closes it. `label` names it in error messages ("socket", "tap0").
/// Its calls go through NetmatrixSystem's `Syscall` wrappers, each of which says
/// whether it retries EINTR (all of these do: nothing happened before the signal).
public struct BorrowedDescriptor: Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public let label: String

    public init(_ rawValue: Int32, label: String) {
        self.rawValue = rawValue
        self.label = label
    }

    public var description: String { "\(label) (fd \(rawValue))" }
}

/// What one read from a socket or pipe produced.
public enum ReadResult: Equatable, Sendable {
    /// This many bytes (> 0) arrived.
    case bytes(Int)
    /// The peer shut down its side: read returned 0.
    case endOfStream
    /// Nothing within the receive timeout, or nothing ready on a non-blocking descriptor (EAGAIN).
    case wouldBlock
}

extension BorrowedDescriptor {
    /// send(2) with `MSG_NOSIGNAL` (a reset peer is an EPIPE error, never a SIGPIPE
    /// that kills the worker) plus `flags`. Returns the bytes the kernel took.
    public func send(_ bytes: UnsafeRawBufferPointer, flags: Int32 = 0) throws(SystemError) -> Int {
        try Syscall.send(rawValue, bytes, flags: flags | Int32(MSG_NOSIGNAL), object: label)
    }

    /// recv(2) into `buffer`.
    public func receive(into buffer: UnsafeMutableRawBufferPointer, flags: Int32 = 0) throws(SystemError) -> ReadResult {
        try Self.classify { () throws(SystemError) in
            try Syscall.recv(rawValue, into: buffer, flags: flags, object: label)
        }
    }

    /// read(2) into `buffer`: one frame from a TAP device, or bytes from a pipe.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> ReadResult {
        try Self.classify { () throws(SystemError) in
            try Syscall.read(rawValue, into: buffer, object: label)
        }
    }

    /// write(2) of `bytes`: one frame to a TAP device. Returns the bytes written.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        try Syscall.write(rawValue, bytes, object: label)
    }

    /// setsockopt(2) of one integer option, e.g. `(SOL_SOCKET, SO_ZEROCOPY, 1)`.
    public func setOption(level: Int32, _ name: Int32, _ value: Int32, named optionName: String) throws(SystemError) {
        var value = value
        _ = try syscall(label, "setsockopt(\(optionName))") {
            setsockopt(rawValue, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// getsockopt(2) of one integer option.
    public func option(level: Int32, _ name: Int32, named optionName: String) throws(SystemError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try syscall(label, "getsockopt(\(optionName))") { getsockopt(rawValue, level, name, &value, &length) }
        return value
    }

    /// `SO_RCVTIMEO`: a blocking receive returns `.wouldBlock` after this long,
    /// so a receiver gets to check `shouldStop` even when no bytes come.
    public func setReceiveTimeout(milliseconds: Int) throws(SystemError) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        _ = try syscall(label, "setsockopt(SO_RCVTIMEO)") {
            setsockopt(rawValue, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// poll(2) on this descriptor alone; returns the events that fired (0 on timeout).
    public func poll(_ events: Int16, timeoutMilliseconds: Int32) throws(SystemError) -> Int16 {
        var entry = [pollfd(fd: rawValue, events: events, revents: 0)]
        let ready = try Syscall.poll(&entry, timeoutMilliseconds: timeoutMilliseconds, object: label)
        return ready == 0 ? 0 : entry[0].revents
    }

    private static func classify(_ call: () throws(SystemError) -> Int) throws(SystemError) -> ReadResult {
        do {
            let count = try call()
            return count == 0 ? .endOfStream : .bytes(count)
        } catch where error.code == EAGAIN || error.code == EWOULDBLOCK {
            return .wouldBlock
        }
    }
}
