#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import NetmatrixSystem
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A minimal wire for tests: a thread that copies frames between two TAP
/// descriptors (no virtio-net header) until stopped.
final class TestWire: @unchecked Sendable {
    private let left: Int32
    private let right: Int32
    private let stopping = Atomic<Bool>(false)
    private let moved = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)

    init(_ left: Descriptor, _ right: Descriptor) throws {
        self.left = left.rawValue
        self.right = right.rawValue
        let thread = Thread { [self] in pump() }
        thread.start()
    }

    var framesMoved: Int { moved.load(ordering: .relaxed) }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        finished.wait()
    }

    private func pump() {
        var frame = [UInt8](repeating: 0, count: 65536)
        var fds = [pollfd(fd: left, events: Int16(POLLIN), revents: 0), pollfd(fd: right, events: Int16(POLLIN), revents: 0)]
        while !stopping.load(ordering: .relaxed) {
            guard let ready = try? syscall("test wire", "poll", { poll(&fds, 2, 10) }), ready > 0 else { continue }
            for index in 0..<2 where fds[index].revents & Int16(POLLIN) != 0 {
                let from = fds[index].fd
                let to = index == 0 ? right : left
                let count = frame.withUnsafeMutableBytes { raw in (try? syscall("tap", "read") { read(from, raw.baseAddress, raw.count) }) ?? 0 }
                guard count > 0 else { continue }
                _ = frame.withUnsafeBytes { raw in try? syscall("tap", "write") { write(to, raw.baseAddress, count) } }
                moved.add(1, ordering: .relaxed)
            }
        }
        finished.signal()
    }
}
