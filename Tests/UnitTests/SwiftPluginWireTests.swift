import NetmatrixABI
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The wire roles over two AF_UNIX SOCK_SEQPACKET pairs standing in for TAP
/// devices (like a TAP fd, each read returns one whole frame and each write sends
/// one; no privilege needed). Real TAPs: IntegrationTests' SwiftPluginTapWireTests.
@Suite("Swift plugins' wire roles move frames both ways")
struct SwiftPluginWireTests {
    static let vnetHeaderSize = 12  // sizeof(struct virtio_net_hdr_mrg_rxbuf)

    @Test(arguments: ["copy", "zerocopy"])
    func framesCrossIntactInBothDirections(plugin name: String) throws {
        let plugin = try PluginLibrary.load("netmatrix-plugin-\(name)")
        let a = try Self.seqpacketPair()  // a.0 is "tap A" for the plugin, a.1 the test's side of it
        let b = try Self.seqpacketPair()
        defer { [a.0, a.1, b.0, b.1].forEach { close($0) } }
        let host = TestPluginHost(role: UInt32(NM_ROLE_WIRE), taps: (a.0, b.0), vnetHeaderSize: Int32(Self.vnetHeaderSize), messageSize: 0, mtu: 9000)
        let wire = RoleThread { plugin.run(UInt32(NM_ROLE_WIRE), host) }

        let sizes = [Self.vnetHeaderSize + 60, Self.vnetHeaderSize + 1514, Self.vnetHeaderSize + 9014, Self.vnetHeaderSize + 65535]
        var forwardedBytes = 0
        for (index, size) in sizes.enumerated() {
            let frame = (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
            #expect(Self.exchange(frame, into: a.1, outOf: b.1) == frame, "A->B frame of \(size) bytes")
            let reply = frame.reversed().map { $0 }
            #expect(Self.exchange(reply, into: b.1, outOf: a.1) == reply, "B->A frame of \(size) bytes")
            forwardedBytes += 2 * (size - Self.vnetHeaderSize)
        }
        host.requestStop()
        #expect(wire.wait(seconds: 10), "wire role did not return after should_stop")
        #expect(wire.returnCode == 0, "wire: \(host.error)")
        #expect(host.counters.frames_a_to_b == UInt64(sizes.count))
        #expect(host.counters.frames_b_to_a == UInt64(sizes.count))
        #expect(host.counters.messages == UInt64(2 * sizes.count))
        #expect(host.counters.bytes == UInt64(forwardedBytes))
        #expect(host.variant == (name == "copy" ? "memcpy" : "pass-through"))
    }

    private static func seqpacketPair() throws -> (Int32, Int32) {
        var ends: [Int32] = [-1, -1]
        let result = ends.withUnsafeMutableBufferPointer {
            socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, $0.baseAddress)
        }
        #expect(result == 0)
        // Room for a 64 KiB frame in flight each way.
        for end in ends {
            var size: Int32 = 1 << 20
            setsockopt(end, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        return (ends[0], ends[1])
    }

    /// Writes one frame into one stand-in TAP and reads what comes out of the other (5 s at most).
    private static func exchange(_ frame: [UInt8], into source: Int32, outOf destination: Int32) -> [UInt8]? {
        guard frame.withUnsafeBytes({ write(source, $0.baseAddress, $0.count) }) == frame.count else { return nil }
        var entry = pollfd(fd: destination, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 5000) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 70_000)
        let count = buffer.withUnsafeMutableBytes { read(destination, $0.baseAddress, $0.count) }
        return count > 0 ? Array(buffer[0 ..< count]) : nil
    }
}
