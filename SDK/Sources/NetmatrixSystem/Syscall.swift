import CNetmatrixShims
#if canImport(Glibc)
import Glibc
#endif

/// Runs one raw system call, turning a `-1` return into a `SystemError` that names
/// `object` and `operation` and carries the kernel's errno. Every wrapper below
/// goes through here, so a `SyscallScript` can answer any of them in a test.
///
/// `retryOnInterrupt` is the call's EINTR rule; the default (retry) is right only
/// for a call that did nothing before the signal, so that calling it again makes
/// the same request. Calls without a named wrapper below use this directly: they
/// never fail with EINTR (socket, bind, ioctl, setsockopt...) or are safe to repeat.
@inlinable
public func syscall<T: FixedWidthInteger>(
    _ object: @autoclosure () -> String,
    _ operation: @autoclosure () -> String,
    retryOnInterrupt: Bool = true,
    _ body: () -> T
) throws(SystemError) -> T {
    while true {
        let code: Int32
        if let scripted = SyscallScript.answer(operation()) {
            code = scripted
        } else {
            let result = body()
            if result != -1 { return result }
            code = nm_errno()
        }
        if code == EINTR && retryOnInterrupt { continue }
        throw SystemError(object: object(), operation: operation(), code: code)
    }
}

/// The system calls of the worker plumbing and of PluginKit, one wrapper each,
/// each with its EINTR rule:
/// - retried: read, write, send, recv, poll, accept4, wait4. Interrupted before
///   they did anything, they make the same request when called again (poll's
///   timeout then starts over; every caller loops on its own deadline anyway).
/// - never retried: connect (the attempt goes on in the kernel; a second call
///   answers EALREADY or EINPROGRESS, not the outcome) and close (Linux has
///   released the descriptor even when it says EINTR, so a retry could close a
///   number another thread was just given).
public enum Syscall {
    /// read(2) into `buffer`. EINTR: retried.
    @inlinable
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, object: @autoclosure () -> String) throws(SystemError) -> Int {
        try syscall(object(), "read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// write(2) of `bytes`; returns how many the kernel took. EINTR: retried.
    @inlinable
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, object: @autoclosure () -> String) throws(SystemError) -> Int {
        try syscall(object(), "write") { Glibc.write(fd, bytes.baseAddress, bytes.count) }
    }

    /// write(2) until every byte of `bytes` is taken (a pipe may take fewer per call).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, object: @autoclosure () -> String) throws(SystemError) {
        var written = 0
        while written < bytes.count {
            written += try write(fd, UnsafeRawBufferPointer(rebasing: bytes[written...]), object: object())
        }
    }

    /// send(2) with `flags`; returns how many bytes the kernel took. EINTR: retried.
    @inlinable
    public static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, flags: Int32, object: @autoclosure () -> String) throws(SystemError) -> Int {
        try syscall(object(), "send") { Glibc.send(fd, bytes.baseAddress, bytes.count, flags) }
    }

    /// recv(2) into `buffer`; 0 is the end of the stream. EINTR: retried.
    @inlinable
    public static func recv(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, flags: Int32, object: @autoclosure () -> String) throws(SystemError) -> Int {
        try syscall(object(), "recv") { Glibc.recv(fd, buffer.baseAddress, buffer.count, flags) }
    }

    /// poll(2) on `entries`; returns how many have events (0: the timeout passed). EINTR: retried.
    @inlinable
    public static func poll(_ entries: inout [pollfd], timeoutMilliseconds: Int32, object: @autoclosure () -> String) throws(SystemError) -> Int32 {
        try entries.withUnsafeMutableBufferPointer { buffer throws(SystemError) in
            try syscall(object(), "poll") { Glibc.poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMilliseconds) }
        }
    }

    /// accept4(2) with SOCK_CLOEXEC; returns the connection's descriptor. EINTR: retried.
    public static func accept(_ fd: Int32, object: @autoclosure () -> String) throws(SystemError) -> Int32 {
        try syscall(object(), "accept4") { nm_accept_cloexec(fd) }
    }

    /// connect(2). EINTR: not retried (see above); the caller gets the error.
    public static func connect(_ fd: Int32, to address: UnsafePointer<sockaddr>, length: socklen_t, object: @autoclosure () -> String) throws(SystemError) {
        _ = try syscall(object(), "connect", retryOnInterrupt: false) { Glibc.connect(fd, address, length) }
    }

    /// close(2). EINTR: not retried (see above); reported, though the descriptor is gone.
    public static func close(_ fd: Int32, object: @autoclosure () -> String) throws(SystemError) {
        _ = try syscall(object(), "close", retryOnInterrupt: false) { Glibc.close(fd) }
    }

    /// wait4(2) for `pid`, blocking until it ends: its wait status and resource usage.
    /// EINTR: retried (nothing was reaped). Any other failure (ECHILD: not our
    /// child, or already reaped) is thrown: the child's end is then unknown.
    public static func wait4(_ pid: pid_t, object: @autoclosure () -> String) throws(SystemError) -> (status: Int32, usage: rusage) {
        var status: Int32 = 0
        var usage = rusage()
        _ = try syscall(object(), "wait4") { nm_wait4(pid, &status, 0, &usage) }
        return (status, usage)
    }

    /// wait4(2) with WNOHANG: nil while `pid` still runs. EINTR: retried. A
    /// failure is thrown as by `wait4`.
    public static func wait4IfEnded(_ pid: pid_t, object: @autoclosure () -> String) throws(SystemError) -> (status: Int32, usage: rusage)? {
        var status: Int32 = 0
        var usage = rusage()
        let ended = try syscall(object(), "wait4") { nm_wait4(pid, &status, WNOHANG, &usage) }
        return ended == 0 ? nil : (status, usage)
    }
}
