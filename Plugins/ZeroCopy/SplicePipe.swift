import CNetmatrixShims
import PluginKit
#if canImport(Glibc)
import Glibc
#endif

/// The pipe splice moves page references through, sized with F_SETPIPE_SZ.
struct SplicePipe {
    let readEnd: Descriptor
    let writeEnd: Descriptor
    /// What the kernel granted (it rounds up to a power-of-two number of pages).
    let capacity: Int

    init(requestedCapacity: Int) throws(SystemError) {
        var ends: [Int32] = [-1, -1]
        _ = try syscall("pipe", "pipe2") { ends.withUnsafeMutableBufferPointer { nm_pipe_cloexec($0.baseAddress) } }
        let readEnd = Descriptor(adopting: ends[0], label: "pipe (read end)")
        let writeEnd = Descriptor(adopting: ends[1], label: "pipe (write end)")
        let granted = try syscall("pipe", "F_SETPIPE_SZ(\(requestedCapacity))") { nm_pipe_set_size(writeEnd.rawValue, Int32(clamping: requestedCapacity)) }
        self.readEnd = readEnd
        self.writeEnd = writeEnd
        self.capacity = Int(granted)
    }

    /// Moves `count` bytes now in the pipe into `destination` (a socket), however many
    /// splice calls that takes. Returns when all are in, or throws.
    func drain(_ count: Int, into destination: BorrowedDescriptor) throws(SystemError) {
        var left = count
        while left > 0 {
            let moved = try syscall(destination.label, "splice(pipe -> socket)") { nm_splice(readEnd.rawValue, nil, destination.rawValue, left, 0) }
            left -= moved
        }
    }
}
