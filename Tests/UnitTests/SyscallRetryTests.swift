@testable import NetmatrixCore
import NetmatrixSystem
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Each wrapper's EINTR rule and the wait4 failure path, driven by a
/// SyscallScript: no privilege needed, every call checked in the trace.
@Suite("System call wrappers: one EINTR rule per call, real errnos, failed wait4")
struct SyscallRetryTests {
    static let interruptedThrice: [Int32] = [EINTR, EINTR, EINTR]

    static func expectRetried(_ operation: String, _ trace: [SyscallScript.Call]) {
        let injected = interruptedThrice.map { SyscallScript.Call(operation, injected: $0) }
        #expect(trace == injected + [SyscallScript.Call(operation)], "\(trace)")
    }

    @Test func readWriteSendRecvAndPollRetryEINTRThenMakeTheRealCall() throws {
        let (a, b) = try socketPair(SOCK_STREAM, label: "pair")
        let message: [UInt8] = [1, 2, 3, 4]
        var buffer = [UInt8](repeating: 0, count: 16)

        let write = SyscallScript(["write": Self.interruptedThrice])
        let written = try write.run { try message.withUnsafeBytes { try Syscall.write(a.rawValue, $0, object: "a") } }
        #expect(written == 4)
        Self.expectRetried("write", write.trace)

        let poll = SyscallScript(["poll": Self.interruptedThrice])
        var entries = [pollfd(fd: b.rawValue, events: Int16(POLLIN), revents: 0)]
        let ready = try poll.run { try Syscall.poll(&entries, timeoutMilliseconds: 1000, object: "b") }
        #expect(ready == 1 && entries[0].revents & Int16(POLLIN) != 0)
        Self.expectRetried("poll", poll.trace)

        let read = SyscallScript(["read": Self.interruptedThrice])
        let count = try read.run { try buffer.withUnsafeMutableBytes { try Syscall.read(b.rawValue, into: $0, object: "b") } }
        #expect(Array(buffer.prefix(count)) == message)
        Self.expectRetried("read", read.trace)

        let send = SyscallScript(["send": Self.interruptedThrice])
        #expect(try send.run { try message.withUnsafeBytes { try Syscall.send(b.rawValue, $0, flags: 0, object: "b") } } == 4)
        Self.expectRetried("send", send.trace)

        let receive = SyscallScript(["recv": Self.interruptedThrice])
        let received = try receive.run { try buffer.withUnsafeMutableBytes { try Syscall.recv(a.rawValue, into: $0, flags: 0, object: "a") } }
        #expect(Array(buffer.prefix(received)) == message)
        Self.expectRetried("recv", receive.trace)
    }

    @Test func acceptRetriesEINTR() throws {
        let listener = try Self.listener()
        let client = try Self.unixSocket("client")
        try Self.connect(client, toAddressOf: listener)
        let script = SyscallScript(["accept4": Self.interruptedThrice])
        let accepted = Descriptor(adopting: try script.run { try Syscall.accept(listener.rawValue, object: "listener") }, label: "accepted")
        #expect(accepted.isOpen)
        Self.expectRetried("accept4", script.trace)
    }

    @Test func connectIsNotRetriedAfterEINTR() throws {
        let listener = try Self.listener()
        let client = try Self.unixSocket("client")
        let script = SyscallScript(["connect": [EINTR]])
        #expect(throws: SystemError(object: "client", operation: "connect", code: EINTR)) {
            try script.run { try Self.connect(client, toAddressOf: listener) }
        }
        #expect(script.trace.filter { $0.operation == "connect" } == [SyscallScript.Call("connect", injected: EINTR)], "one call, no second")
    }

    @Test func closeIsNotRetriedAfterEINTRAndTheDescriptorCountsAsClosed() throws {
        let file = try Descriptor.open("/dev/null", O_RDONLY)
        let raw = file.rawValue
        let script = SyscallScript(["close": [EINTR]])
        #expect(throws: SystemError(object: "/dev/null (fd \(raw))", operation: "close", code: EINTR)) {
            try script.run { try file.close() }
        }
        #expect(script.trace == [SyscallScript.Call("close", injected: EINTR)])
        #expect(!file.isOpen, "Linux released it even on EINTR: never closed twice")
        _ = Glibc.close(raw)  // the script stood in for the kernel: the number is still ours
    }

    @Test func wait4RetriesEINTRAndRecordsTheRealExit() throws {
        let worker = try SpawnedWorker.spawn(label: "true", executable: "/bin/true", arguments: [], inherited: [])
        let script = SyscallScript(["wait4": Self.interruptedThrice])
        let ended = try script.run { try worker.reap().get() }
        #expect(ended.exitCode == 0)
        #expect(worker.exit?.exitCode == 0 && worker.reapError == nil)
        // Reaped once, then its two pipes closed.
        Self.expectRetried("wait4", Array(script.trace.prefix(4)))
        #expect(script.trace.dropFirst(4).map(\.operation) == ["close", "close"])
    }

    @Test func aFailedWait4IsAnErrorAndFailsTheCellNeverExitZero() throws {
        let worker = try SpawnedWorker.spawn(label: "receiver", executable: "/bin/false", arguments: [], inherited: [])
        let script = SyscallScript(["wait4": [ECHILD]])
        let outcome = script.run { worker.reap() }
        guard case .failure(let error) = outcome else {
            Issue.record("wait4 failed, yet reap returned \(outcome)")
            return
        }
        #expect(error.code == ECHILD)
        #expect(error.operation == "wait4")
        #expect(worker.exit == nil, "an unknown end is not recorded as an exit")
        #expect(worker.reapError == error)
        let failures = FlowRunner.failures(of: worker)
        #expect(failures.map(\.kind) == [.unreaped])
        #expect(failures.first?.reason == "receiver worker (pid \(worker.pid)): wait4: No child processes; how it ended is unknown")
        #expect(try #require(failures.first).kind.exitStatus == .infrastructure)
        // The script stood in for the kernel: the child is still ours to reap.
        var status: Int32 = 0
        #expect(waitpid(worker.pid, &status, 0) == worker.pid)
    }

    @Test func aFailedPollOfTheWorkerPipesIsSaidAndTheDeadlinesStillHold() throws {
        let worker = try SpawnedWorker.spawn(label: "true", executable: "/bin/true", arguments: [], inherited: [])
        let script = SyscallScript(["poll": [ENOMEM]])
        let finished = script.run {
            WorkerSupervisor.pump([worker], deadline: monotonicNanoseconds() + 10_000_000_000) { WorkerSupervisor.finished(worker) }
        }
        #expect(finished, "the next poll read both pipes to their end")
        #expect(script.trace.first == SyscallScript.Call("poll", injected: ENOMEM))
        #expect(script.trace.filter { $0.operation == "poll" && $0.injected == nil }.count >= 1)
        #expect(try worker.reap().get().exitCode == 0)
    }

    @Test func errorsCarryTheKernelsErrno() throws {
        // Real failures, nothing injected: the kernel's own reason comes through.
        #expect(throws: SystemError(object: "/nonexistent/netmatrix", operation: "open", code: ENOENT)) {
            try Descriptor.open("/nonexistent/netmatrix", O_RDONLY)
        }
        let (a, b) = try socketPair(SOCK_STREAM, label: "pair")
        try b.close()
        #expect(throws: SystemError(object: "a", operation: "send", code: EPIPE)) {
            try [UInt8(1)].withUnsafeBytes { try Syscall.send(a.rawValue, $0, flags: Int32(MSG_NOSIGNAL), object: "a") }
        }
    }

    static func unixSocket(_ label: String) throws(SystemError) -> Descriptor {
        Descriptor(adopting: try syscall(label, "socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0) }, label: label)
    }

    /// A listening AF_UNIX socket at an address the kernel picks (autobind: abstract, nothing on disk).
    static func listener() throws(SystemError) -> Descriptor {
        let listener = try unixSocket("listener")
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        try withUnsafePointer(to: &address) { pointer in
            Result { () throws(SystemError) in
                _ = try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic throws(SystemError) in
                    try syscall("listener", "bind") { bind(listener.rawValue, generic, socklen_t(MemoryLayout<sa_family_t>.size)) }
                }
            }
        }.get()
        _ = try syscall("listener", "listen") { listen(listener.rawValue, 1) }
        return listener
    }

    /// connect(2) to the abstract address `listener` is bound to.
    static func connect(_ client: Descriptor, toAddressOf listener: Descriptor) throws(SystemError) {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        _ = try withUnsafeMutablePointer(to: &address) { pointer in
            Result { () throws(SystemError) in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic throws(SystemError) in
                    try syscall("listener", "getsockname") { getsockname(listener.rawValue, generic, &length) }
                }
            }
        }.get()
        try withUnsafePointer(to: &address) { pointer in
            Result { () throws(SystemError) in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic throws(SystemError) in
                    try Syscall.connect(client.rawValue, to: generic, length: length, object: client.label)
                }
            }
        }.get()
    }
}
