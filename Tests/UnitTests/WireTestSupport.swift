#if canImport(Glibc)
import Glibc
#endif
import NetmatrixSystem
import Synchronization

/// Hands a wire role's outcome from its thread back to the test.
final class WireOutcomes: Sendable {
    private let outcome = Mutex<RoleOutcome?>(nil)

    func record(_ value: RoleOutcome) { outcome.withLock { $0 = value } }
    func take() -> RoleOutcome? { outcome.withLock { value in defer { value = nil }; return value } }
}

/// struct virtio_net_hdr as bytes in host (little-endian) order, padded to the
/// TAP's vnet header size (12 adds num_buffers; 0 means no header).
struct VirtioNetHeader {
    var flags: UInt8
    var gsoType: UInt8
    var checksumStart: UInt16
    var checksumOffset: UInt16

    func bytes(size: Int) -> [UInt8] {
        var bytes = [flags, gsoType, 0, 0, 0, 0]
        bytes += [UInt8(checksumStart & 0xFF), UInt8(checksumStart >> 8), UInt8(checksumOffset & 0xFF), UInt8(checksumOffset >> 8)]
        return Array((bytes + [UInt8](repeating: 0, count: max(0, size - bytes.count))).prefix(size))
    }
}

/// An Ethernet + IPv4 + UDP frame between two benchmark-range addresses
/// (198.18.0.1 -> 198.19.0.2), with the UDP checksum either complete or, as a
/// CHECKSUM_PARTIAL sender leaves it, holding the folded pseudo-header sum.
struct UDPFrame {
    let completeFrame: [UInt8]
    let partialChecksumFrame: [UInt8]
    private let pseudoHeader: [UInt8]

    init(payloadLength: Int) {
        var random = SplitMix64(state: UInt64(payloadLength))
        let payload = random.bytes(payloadLength)
        let source: [UInt8] = [198, 18, 0, 1], destination: [UInt8] = [198, 19, 0, 2]
        let udpLength = 8 + payloadLength
        func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

        var ip: [UInt8] = [0x45, 0] + be16(20 + udpLength) + [0x12, 0x34, 0x40, 0, 64, 17, 0, 0] + source + destination
        let ipChecksum = ~networkOrderChecksum(ip)
        ip[10] = UInt8(ipChecksum >> 8)
        ip[11] = UInt8(ipChecksum & 0xFF)
        let ethernet: [UInt8] = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]
        pseudoHeader = source + destination + [0, 17] + be16(udpLength)

        let udpWithoutChecksum = be16(40_000) + be16(9) + be16(udpLength) + [0, 0] + payload
        var complete = ~networkOrderChecksum(pseudoHeader + udpWithoutChecksum)
        if complete == 0 { complete = 0xFFFF }
        let partial = networkOrderChecksum(pseudoHeader)
        var udp = udpWithoutChecksum
        udp[6] = UInt8(complete >> 8)
        udp[7] = UInt8(complete & 0xFF)
        completeFrame = ethernet + ip + udp
        udp[6] = UInt8(partial >> 8)
        udp[7] = UInt8(partial & 0xFF)
        partialChecksumFrame = ethernet + ip + udp
    }

    /// The receiver's check: pseudo-header plus UDP segment sum to 0xffff.
    func verifies(_ frame: [UInt8]) -> Bool {
        frame.count == completeFrame.count && networkOrderChecksum(pseudoHeader + frame[34...]) == 0xFFFF
    }
}

func sendFrame(_ fd: Int32, header: [UInt8], frame: [UInt8]) throws {
    let packet = header + frame
    _ = try packet.withUnsafeBytes { bytes throws(SystemError) in
        try syscall("test tap", "send") { send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }
}

/// Reads one frame (waiting up to the socket's receive timeout) and splits off its vnet header.
func receiveFrame(_ fd: Int32, headerSize: Int) throws -> (header: [UInt8], frame: [UInt8]) {
    var buffer = [UInt8](repeating: 0, count: 70_000)
    let count = try buffer.withUnsafeMutableBytes { bytes throws(SystemError) in
        try syscall("test tap", "recv") { recv(fd, bytes.baseAddress, bytes.count, 0) }
    }
    return (Array(buffer[0..<min(headerSize, count)]), Array(buffer[min(headerSize, count)..<count]))
}
