import CNetmatrixShims
import PluginKit
#if canImport(Glibc)
import Glibc
#endif

/// MSG_ZEROCOPY bookkeeping: every successful send gets the next 32-bit id, and
/// the error queue later reports ranges of ids as done, each range either sent
/// from our pages or copied by the kernel (SO_EE_CODE_ZEROCOPY_COPIED).
struct ZerocopyCompletions {
    let socket: BorrowedDescriptor
    private(set) var issued: UInt64 = 0
    private(set) var completedWithoutCopy: UInt64 = 0
    private(set) var completedByCopy: UInt64 = 0

    init(socket: BorrowedDescriptor) { self.socket = socket }

    var completed: UInt64 { completedWithoutCopy + completedByCopy }
    var outstanding: UInt64 { issued - completed }

    mutating func recordSend() { issued += 1 }

    /// Reads every notification queued now, without blocking. Returns how many sends they completed.
    @discardableResult
    mutating func collect() throws(SystemError) -> UInt64 {
        var total: UInt64 = 0
        var completion = nm_zerocopy_completion()
        while try syscall(socket.label, "recvmsg(MSG_ERRQUEUE)", { nm_zerocopy_read_completion(socket.rawValue, &completion) }) == 1 {
            // Ids are a wrapping u32 counter; a range never spans more than 2^32 sends.
            let count = UInt64(completion.last_id &- completion.first_id) + 1
            if completion.copied != 0 { completedByCopy += count } else { completedWithoutCopy += count }
            total += count
        }
        return total
    }

    /// Waits up to `timeoutMilliseconds` for the error queue to signal, then collects.
    /// A pending socket error (POLLERR without a notification) is thrown.
    @discardableResult
    mutating func wait(timeoutMilliseconds: Int32) throws(SystemError) -> UInt64 {
        let events = try socket.poll(Int16(POLLERR), timeoutMilliseconds: timeoutMilliseconds)
        let gathered = try collect()
        if gathered == 0, events & Int16(POLLERR) != 0 {
            let pending = try socket.option(level: SOL_SOCKET, SO_ERROR, named: "SO_ERROR")
            if pending != 0 { throw SystemError(object: socket.label, operation: "send(MSG_ZEROCOPY)", code: pending) }
        }
        return gathered
    }
}
