import NetmatrixABI
import TestSupport
import Testing

@Suite("Swift plugins load from the build directory and describe themselves")
struct SwiftPluginDescriptorTests {
    @Test(arguments: [
        ("netmatrix-plugin-copy", "copy", "", "", ""),
        ("netmatrix-plugin-zerocopy", "zerocopy", "sendfile,msg_zerocopy,splice", "tcp_zerocopy_receive,splice", ""),
    ])
    func descriptor(product: String, name: String, sendModes: String, receiveModes: String, wireModes: String) throws {
        let plugin = try PluginLibrary.load(product)
        let d = plugin.descriptor.pointee
        #expect(d.abi_version == UInt32(NETMATRIX_ABI_MAJOR) << 16 | UInt32(NETMATRIX_ABI_MINOR))
        #expect(d.struct_size == UInt32(MemoryLayout<nm_plugin_descriptor>.size))
        #expect(plugin.name == name)
        #expect(d.roles == UInt32(NM_ROLE_SEND) | UInt32(NM_ROLE_RECEIVE) | UInt32(NM_ROLE_WIRE))
        #expect(String(cString: try #require(d.send_modes)) == sendModes)
        #expect(String(cString: try #require(d.receive_modes)) == receiveModes)
        #expect(String(cString: try #require(d.wire_modes)) == wireModes)
        #expect(d.send != nil && d.receive != nil && d.wire != nil)
        // Loading twice gives the same immortal descriptor.
        #expect(try PluginLibrary.load(product).descriptor == plugin.descriptor)
    }

    @Test func eachImageKeepsItsOwnRegistry() throws {
        // Both images link their own PluginKit; a role call must reach its own plugin's code.
        let copy = try PluginLibrary.load("netmatrix-plugin-copy")
        let zerocopy = try PluginLibrary.load("netmatrix-plugin-zerocopy")
        let host = TestPluginHost(role: UInt32(NM_ROLE_RECEIVE), socket: 0, messageSize: 16, appBufferSize: 16, mode: "nosuch")
        #expect(copy.run(UInt32(NM_ROLE_RECEIVE), host) == 22)
        #expect(host.error == "receive mode 'nosuch': unknown (known: \"\")")
        #expect(zerocopy.run(UInt32(NM_ROLE_RECEIVE), host) == 22)
        #expect(host.error == "receive mode 'nosuch': unknown (known: tcp_zerocopy_receive, splice)")
    }
}
