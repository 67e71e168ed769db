#if canImport(Glibc)
import Glibc
#endif
import CKernels
import NetmatrixABI
import TestSupport
import Testing

@Suite("sse-copy plugin, run through its exported descriptor", .requires(.builtPlugins))
struct SSECopyPluginTests {
    static let pattern = TestPattern(size: 256 * 1024, seed: 0x55E)
    static let best = String(cString: nm_kernels_variant())

    @Test func descriptorDeclaresReceiveAndWire() throws {
        let descriptor = try LoadedPlugin.load("sse-copy").descriptor.pointee
        #expect(descriptor.abi_version == UInt32(NETMATRIX_ABI_MAJOR << 16 | NETMATRIX_ABI_MINOR))
        #expect(Int(descriptor.struct_size) == MemoryLayout<nm_plugin_descriptor>.size)
        #expect(String(cString: descriptor.name) == "sse-copy")
        #expect(descriptor.roles == UInt32(NM_ROLE_RECEIVE | NM_ROLE_WIRE))
        #expect(descriptor.send == nil && descriptor.receive != nil && descriptor.wire != nil)
    }

    /// (options, the counters.variant it must report).
    static let receiveCases: [(String, String)] = [
        // The default is nt=auto: a 1 MiB app buffer stays in cache, so ordinary stores.
        ("", best == "scalar" ? "scalar" : best + "-temporal"), ("nt=1", best),
        ("nt=0", best == "scalar" ? "scalar" : best + "-temporal"), ("nt=auto", best == "scalar" ? "scalar" : best + "-temporal"),
        ("variant=sse2,nt=1", "sse2"), ("variant=scalar", "scalar"),
    ]

    @Test("receive delivers the exact stream through the SIMD copy", arguments: receiveCases)
    func receiveOverStreamSocket(options: String, expectedVariant: String) throws {
        let plugin = try LoadedPlugin.load("sse-copy")
        let (pluginEnd, senderEnd) = try socketPair(SOCK_STREAM, label: "receive stream")
        let total = 3 * 1024 * 1024 + 4_099
        let host = TestHost(pattern: Self.pattern)
        let senderFD = senderEnd.rawValue
        let sender = TestThread { sendStream(Self.pattern, total: total, to: senderFD) }
        var setup = RoleSetup(role: UInt32(NM_ROLE_RECEIVE))
        setup.socket = pluginEnd.rawValue
        setup.options = options
        setup.messageSize = 131_072
        setup.appBufferSize = 1 << 20
        let outcome = runRole(plugin, setup, host: host)
        sender.join()

        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(host.delivered == UInt64(total))
        #expect(host.firstBadOffset == nil)
        #expect(outcome.counters.bytes_copied == UInt64(total))
        #expect(outcome.variant == expectedVariant)
    }

    @Test("an unknown option is refused, naming the key")
    func unknownOption() throws {
        let plugin = try LoadedPlugin.load("sse-copy")
        let (pluginEnd, _) = try socketPair(SOCK_STREAM, label: "receive stream")
        var setup = RoleSetup(role: UInt32(NM_ROLE_RECEIVE))
        setup.socket = pluginEnd.rawValue
        setup.options = "fused=0"
        setup.messageSize = 4_096
        setup.appBufferSize = 4_096
        let outcome = runRole(plugin, setup, host: TestHost(pattern: Self.pattern))
        #expect(outcome.status != 0)
        #expect(outcome.error == "option 'fused': unknown (known: nt, variant)")
    }

    @Test("wire moves frames of every size both ways unchanged", arguments: [0, 12])
    func wireMovesFrames(vnetHeaderSize: Int) throws {
        let plugin = try LoadedPlugin.load("sse-copy")
        let (tapA, testA) = try socketPair(SOCK_SEQPACKET, label: "tap a")
        let (tapB, testB) = try socketPair(SOCK_SEQPACKET, label: "tap b")
        let host = TestHost(pattern: Self.pattern)
        var setup = RoleSetup(role: UInt32(NM_ROLE_WIRE))
        setup.taps = (tapA.rawValue, tapB.rawValue)
        setup.vnetHeaderSize = Int32(vnetHeaderSize)
        let outcomes = WireOutcomes()
        let wire = TestThread { [setup] in outcomes.record(runRole(plugin, setup, host: host)) }

        var random = SplitMix64(state: 9)
        let header = VirtioNetHeader(flags: 0, gsoType: 0, checksumStart: 0, checksumOffset: 0).bytes(size: vnetHeaderSize)
        let sizes = [60, 61, 1_514, 9_014, 65_000]
        var mismatches: [String] = []
        for size in sizes {
            let frame = random.bytes(size)
            try sendFrame(testA.rawValue, header: header, frame: frame)
            let forward = try receiveFrame(testB.rawValue, headerSize: vnetHeaderSize)
            if forward.header != header || forward.frame != frame { mismatches.append("a->b \(size)") }
            try sendFrame(testB.rawValue, header: header, frame: frame)
            let back = try receiveFrame(testA.rawValue, headerSize: vnetHeaderSize)
            if back.header != header || back.frame != frame { mismatches.append("b->a \(size)") }
        }
        host.stopRequested.store(true, ordering: .relaxed)
        wire.join()
        let outcome = try #require(outcomes.take())

        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(outcome.counters.frames_a_to_b == UInt64(sizes.count) && outcome.counters.frames_b_to_a == UInt64(sizes.count))
        #expect(outcome.counters.bytes == UInt64(2 * sizes.reduce(0, +)))
        // Frames are small, so nt=auto copies them with ordinary stores.
        #expect(outcome.variant == (Self.best == "scalar" ? "scalar" : Self.best + "-temporal"))
    }
}
