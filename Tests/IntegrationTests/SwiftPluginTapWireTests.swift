import NetmatrixABI
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The Swift plugins' wire roles between two real TAP devices in a private
/// namespace, whose own IPv6 frames (DAD, MLD) are the traffic.
@Suite("Swift plugins' wire roles over real TAP devices")
struct SwiftPluginTapWireTests {
    @Test(.requires(.tun), arguments: ["copy", "zerocopy"])
    func realTapDevicesExchangeTheKernelsOwnFrames(plugin name: String) throws {
        let plugin = try PluginLibrary.load("netmatrix-plugin-\(name)")
        let taps = try PrivateNetworkNamespace.tapPair()
        let host = TestPluginHost(role: UInt32(NM_ROLE_WIRE), taps: (taps.a.rawValue, taps.b.rawValue), messageSize: 0, mtu: 1500)
        let wire = RoleThread { plugin.run(UInt32(NM_ROLE_WIRE), host) }
        // IPv6 duplicate address detection and MLD reports leave each TAP within a second or two of going up.
        let deadline = ContinuousClock.now + .seconds(8)
        while ContinuousClock.now < deadline, host.counters.frames_a_to_b == 0 || host.counters.frames_b_to_a == 0 {
            usleep(50_000)
        }
        host.requestStop()
        #expect(wire.wait(seconds: 10), "wire role did not return after should_stop")
        #expect(wire.returnCode == 0, "wire: \(host.error)")
        #expect(host.counters.frames_a_to_b > 0)
        #expect(host.counters.frames_b_to_a > 0)
        #expect(host.counters.bytes >= 60 * (host.counters.frames_a_to_b + host.counters.frames_b_to_a))
        try taps.a.close()
        try taps.b.close()
    }
}
