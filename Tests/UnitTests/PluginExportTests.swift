import NetmatrixABI
import PluginKit
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A plugin defined in the test image: one send mode, two receive modes, no wire role.
private enum ProbePlugin: NetmatrixPlugin {
    typealias SendMode = SingleMode
    enum ReceiveMode: String, PluginMode {
        case echo
        case fail
    }

    static let name = "probe"
    static let version = "0.1.0"
    static let description = "test plugin"
    static let options = [PluginOption("greeting", value: "text", "logged once")]

    static func send(_ context: PluginContext, mode: SingleMode) throws {
        context.counters.bytes = 42
    }

    static func receive(_ context: PluginContext, mode: ReceiveMode) throws {
        switch mode {
        case .echo:
            if let greeting = context.options.string("greeting") { context.log(greeting) }
            context.counters.variant = "echo-variant-name-longer-than-thirty-one-bytes"
            context.withAppBuffer { buffer in
                buffer.copyBytes(from: [1, 2, 3])
                context.counters.bytesCopied += 3
                _ = context.deliver(UnsafeRawBufferPointer(rebasing: buffer[0 ..< 3]))
            }
        case .fail:
            throw SystemError(object: "socket", operation: "recv", code: ECONNRESET)
        }
    }
}

@Suite("PluginExport: descriptor, C thunks, errors into ctx->error")
struct PluginExportTests {
    let descriptor = PluginExport.descriptor(for: ProbePlugin.self).assumingMemoryBound(to: nm_plugin_descriptor.self)

    @Test func descriptorDescribesThePluginOnceAndForever() throws {
        let again = PluginExport.descriptor(for: ProbePlugin.self)
        #expect(UnsafeRawPointer(descriptor) == again)
        let d = descriptor.pointee
        #expect(d.abi_version == UInt32(NETMATRIX_ABI_MAJOR) << 16 | UInt32(NETMATRIX_ABI_MINOR))
        #expect(d.struct_size == UInt32(MemoryLayout<nm_plugin_descriptor>.size))
        #expect(String(cString: try #require(d.name)) == "probe")
        #expect(String(cString: try #require(d.version)) == "0.1.0")
        #expect(d.roles == UInt32(NM_ROLE_SEND) | UInt32(NM_ROLE_RECEIVE))
        #expect(String(cString: try #require(d.send_modes)) == "")
        #expect(String(cString: try #require(d.receive_modes)) == "echo,fail")
        #expect(d.wire_modes == nil)
        #expect(d.wire == nil)
        #expect(String(cString: try #require(d.options_help)) == "greeting=<text>: logged once")
    }

    @Test func roleRunsThroughTheThunkWithOptionsModeAndCounters() throws {
        let (host, peer) = try Self.hostOnSocketPair(mode: "", options: "greeting=hello")
        defer { close(peer) }
        let receive = try #require(descriptor.pointee.receive)
        let code = receive(host.context)
        #expect(code == 0)
        #expect(host.error == "")
        #expect(host.counters.bytes_copied == 3)
        #expect(host.delivery.bytes == 3)
        #expect(host.delivery.logLines == ["hello"])
        #expect(host.variant == "echo-variant-name-longer-than-t")  // cut to 31 bytes + NUL
    }

    @Test func thrownSystemErrorBecomesItsErrnoAndOneLine() throws {
        let (host, peer) = try Self.hostOnSocketPair(mode: "fail", options: "")
        defer { close(peer) }
        let receive = try #require(descriptor.pointee.receive)
        let code = receive(host.context)
        #expect(code == ECONNRESET)
        #expect(host.error == "socket: recv: Connection reset by peer")
    }

    @Test func unknownModeAndUnknownOptionAreRefusedWithTheirNames() throws {
        let (badMode, peer1) = try Self.hostOnSocketPair(mode: "nosuch", options: "")
        defer { close(peer1) }
        let receive = try #require(descriptor.pointee.receive)
        #expect(receive(badMode.context) == EINVAL)
        #expect(badMode.error == "receive mode 'nosuch': unknown (known: echo, fail)")

        let (badOption, peer2) = try Self.hostOnSocketPair(mode: "echo", options: "colour=red")
        defer { close(peer2) }
        #expect(receive(badOption.context) == EINVAL)
        #expect(badOption.error == "options: unknown key 'colour' (known: greeting)")
        #expect(badOption.delivery.bytes == 0)
    }

    @Test func contextWithoutWhatTheRoleNeedsIsRefused() throws {
        let host = TestPluginHost(role: UInt32(NM_ROLE_SEND), socket: 0, payload: nil, messageSize: 1024)
        let send = try #require(descriptor.pointee.send)
        #expect(send(host.context) == EINVAL)
        #expect(host.error == "context: send: no payload mapped")
    }

    /// A receive host whose socket is one end of an AF_UNIX pair (no privilege needed).
    private static func hostOnSocketPair(mode: String, options: String) throws -> (TestPluginHost, Int32) {
        var ends: [Int32] = [-1, -1]
        let result = ends.withUnsafeMutableBufferPointer { socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, $0.baseAddress) }
        #expect(result == 0)
        let host = TestPluginHost(
            role: UInt32(NM_ROLE_RECEIVE), socket: ends[0], messageSize: 16, appBufferSize: 64, mode: mode, options: options
        )
        // Both ends close with the test process; each test opens one pair.
        return (host, ends[1])
    }
}
