#if canImport(Glibc)
import Glibc
#endif
import CKernels
import NetmatrixABI
import TestSupport
import Testing

@Suite("csum-copy plugin, run through its exported descriptor", .requires(.builtPlugins))
struct CsumCopyPluginTests {
    static let pattern = TestPattern(size: 256 * 1024, seed: 0xC5)

    @Test func descriptorDeclaresReceiveAndWire() throws {
        let descriptor = try LoadedPlugin.load("csum-copy").descriptor.pointee
        #expect(descriptor.abi_version == UInt32(NETMATRIX_ABI_MAJOR << 16 | NETMATRIX_ABI_MINOR))
        #expect(Int(descriptor.struct_size) == MemoryLayout<nm_plugin_descriptor>.size)
        #expect(String(cString: descriptor.name) == "csum-copy")
        #expect(descriptor.roles == UInt32(NM_ROLE_RECEIVE | NM_ROLE_WIRE))
        #expect(descriptor.send == nil && descriptor.receive != nil && descriptor.wire != nil)
        #expect(String(cString: descriptor.options_help).contains("fused=1|0"))
    }

    /// (options, message size): messages that tile the pattern use the plugin's
    /// table of expected sums, 5000-byte ones its per-message computation.
    @Test("receive delivers the stream and verifies every message's checksum", arguments: [
        ("", 65_536), ("fused=0", 65_536), ("", 5_000), ("fused=0,nt=1", 5_000), ("nt=1", 65_536), ("variant=scalar", 4_096),
    ])
    func receiveOverStreamSocket(options: String, messageSize: Int) throws {
        let plugin = try LoadedPlugin.load("csum-copy")
        let (pluginEnd, senderEnd) = try socketPair(SOCK_STREAM, label: "receive stream")
        let total = 3 * 1024 * 1024 + 12_345 // ends inside a message
        let host = TestHost(pattern: Self.pattern)
        let senderFD = senderEnd.rawValue
        let sender = TestThread { sendStream(Self.pattern, total: total, to: senderFD) }
        var setup = RoleSetup(role: UInt32(NM_ROLE_RECEIVE))
        setup.socket = pluginEnd.rawValue
        setup.options = options
        setup.messageSize = UInt64(messageSize)
        setup.appBufferSize = 4 * messageSize
        let outcome = runRole(plugin, setup, host: host)
        sender.join()

        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(host.delivered == UInt64(total))
        #expect(host.firstBadOffset == nil)
        #expect(outcome.counters.bytes_copied == UInt64(total))
        #expect(outcome.counters.messages == UInt64((total + messageSize - 1) / messageSize))
        // "<simd>-fused" or "<simd>-two-pass", "-nt" only where asked for (a 4-message app buffer stays in cache).
        let simd = options.contains("scalar") ? "scalar" : String(cString: nm_kernels_variant())
        let pass = options.contains("fused=0") ? "two-pass" : "fused"
        #expect(outcome.variant == "\(simd)-\(pass)\(options.contains("nt=1") ? "-nt" : "")")
    }

    @Test("a corrupted byte fails the message's checksum", arguments: ["", "fused=0"])
    func corruptionFailsTheChecksum(options: String) throws {
        let plugin = try LoadedPlugin.load("csum-copy")
        let (pluginEnd, senderEnd) = try socketPair(SOCK_STREAM, label: "receive stream")
        let messageSize = 65_536, corruptAt = 5 * 65_536 + 777
        // The host does not verify here: the plugin's checksum must catch it.
        let host = TestHost(pattern: Self.pattern, verifies: false)
        let senderFD = senderEnd.rawValue
        let sender = TestThread { sendStream(Self.pattern, total: 1 << 20, to: senderFD, corruptAt: corruptAt) }
        var setup = RoleSetup(role: UInt32(NM_ROLE_RECEIVE))
        setup.socket = pluginEnd.rawValue
        setup.options = options
        setup.messageSize = UInt64(messageSize)
        setup.appBufferSize = 2 * messageSize
        let outcome = runRole(plugin, setup, host: host)
        try pluginEnd.close() // unblocks the sender if the plugin stopped early
        sender.join()

        #expect(outcome.status == EBADMSG)
        #expect(outcome.error.hasPrefix("checksum: message at stream offset \(5 * 65_536) (65536 bytes)"), "\(outcome.error)")
        #expect(outcome.counters.messages == 5)
    }

    @Test("receive over UDP checks each datagram against the pattern's start")
    func receiveDatagrams() throws {
        let plugin = try LoadedPlugin.load("csum-copy")
        let (pluginEnd, senderEnd) = try socketPair(SOCK_DGRAM, label: "receive datagrams")
        let messageSize = 1_473, count = 50
        let host = TestHost(pattern: Self.pattern, protocolNumber: Int32(NM_PROTOCOL_UDP), budget: UInt64(messageSize * count))
        let senderFD = senderEnd.rawValue
        let sender = TestThread {
            for _ in 0..<count { _ = send(senderFD, Self.pattern.base, messageSize, Int32(MSG_NOSIGNAL)) }
        }
        var setup = RoleSetup(role: UInt32(NM_ROLE_RECEIVE))
        setup.protocolNumber = Int32(NM_PROTOCOL_UDP)
        setup.socket = pluginEnd.rawValue
        setup.messageSize = UInt64(messageSize)
        setup.appBufferSize = 3 * messageSize
        let outcome = runRole(plugin, setup, host: host)
        sender.join()

        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(host.delivered == UInt64(messageSize * count))
        #expect(host.firstBadOffset == nil)
        #expect(outcome.counters.messages == UInt64(count))
    }

    @Test("an unknown option is refused, naming the key")
    func unknownOption() throws {
        let plugin = try LoadedPlugin.load("csum-copy")
        let (pluginEnd, _) = try socketPair(SOCK_STREAM, label: "receive stream")
        var setup = RoleSetup(role: UInt32(NM_ROLE_RECEIVE))
        setup.socket = pluginEnd.rawValue
        setup.options = "fused=1,x=2"
        setup.messageSize = 4_096
        setup.appBufferSize = 4_096
        let outcome = runRole(plugin, setup, host: TestHost(pattern: Self.pattern))
        #expect(outcome.status != 0)
        #expect(outcome.error == "option 'x': unknown (known: fused, nt, variant)")
        setup.options = "fused=2"
        #expect(runRole(plugin, setup, host: TestHost(pattern: Self.pattern)).error == "option 'fused': expected fused=1 or fused=0")
    }

    @Test("wire completes a NEEDS_CSUM UDP/IPv4 checksum and marks the frame DATA_VALID", arguments: [10, 12])
    func wireCompletesChecksums(vnetHeaderSize: Int) throws {
        let plugin = try LoadedPlugin.load("csum-copy")
        let (tapA, testA) = try socketPair(SOCK_SEQPACKET, label: "tap a")
        let (tapB, testB) = try socketPair(SOCK_SEQPACKET, label: "tap b")
        let host = TestHost(pattern: Self.pattern)
        var setup = RoleSetup(role: UInt32(NM_ROLE_WIRE))
        setup.taps = (tapA.rawValue, tapB.rawValue)
        setup.vnetHeaderSize = Int32(vnetHeaderSize)
        let outcomes = WireOutcomes()
        let wire = TestThread { [setup] in outcomes.record(runRole(plugin, setup, host: host)) }

        let udp = UDPFrame(payloadLength: 333)
        let needsChecksum = VirtioNetHeader(flags: 1, gsoType: 0, checksumStart: 34, checksumOffset: 6)
        try sendFrame(testA.rawValue, header: needsChecksum.bytes(size: vnetHeaderSize), frame: udp.partialChecksumFrame)
        let (outHeader, outFrame) = try receiveFrame(testB.rawValue, headerSize: vnetHeaderSize)

        // A GSO frame keeps CHECKSUM_PARTIAL; a plain frame passes untouched the other way.
        let gso = VirtioNetHeader(flags: 1, gsoType: 1, checksumStart: 34, checksumOffset: 6)
        try sendFrame(testA.rawValue, header: gso.bytes(size: vnetHeaderSize), frame: udp.partialChecksumFrame)
        let (gsoHeader, gsoFrame) = try receiveFrame(testB.rawValue, headerSize: vnetHeaderSize)
        let plain = VirtioNetHeader(flags: 0, gsoType: 0, checksumStart: 0, checksumOffset: 0).bytes(size: vnetHeaderSize)
        try sendFrame(testB.rawValue, header: plain, frame: udp.completeFrame)
        let (backHeader, backFrame) = try receiveFrame(testA.rawValue, headerSize: vnetHeaderSize)

        host.stopRequested.store(true, ordering: .relaxed)
        wire.join()
        let outcome = try #require(outcomes.take())

        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outHeader[0] == 2, "flags: DATA_VALID set, NEEDS_CSUM cleared")
        #expect(outFrame == udp.completeFrame, "the frame with the checksum the reference computes")
        #expect(udp.verifies(outFrame), "pseudo-header + UDP sum is 0xffff")
        #expect(gsoHeader == gso.bytes(size: vnetHeaderSize) && gsoFrame == udp.partialChecksumFrame)
        #expect(backHeader == plain && backFrame == udp.completeFrame)
        #expect(outcome.counters.checksums_completed == 1)
        #expect(outcome.counters.frames_a_to_b == 2 && outcome.counters.frames_b_to_a == 1)
        #expect(outcome.counters.bytes == UInt64(3 * udp.completeFrame.count))
    }
}
