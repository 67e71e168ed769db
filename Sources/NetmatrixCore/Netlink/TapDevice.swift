import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// A TAP device and the descriptor that drives it.
///
/// Opened on a namespace thread so the device is created inside that namespace.
/// Without `persist` the kernel removes the device when the last descriptor closes.
public final class TapDevice: @unchecked Sendable {
    public let name: String
    /// The /dev/net/tun descriptor a wire worker reads and writes frames on
    /// (blocking; a worker that wants O_NONBLOCK sets it on its own copy).
    public let descriptor: Descriptor
    /// IFF_VNET_HDR: each frame starts with a struct virtio_net_hdr.
    public let vnetHeader: Bool
    public let offloads: TunOffloads
    /// TUNSETPERSIST was set: the device outlives the descriptor.
    public let isPersistent: Bool

    /// The size of struct virtio_net_hdr_v1 that TUNSETVNETHDRSZ announces.
    public static let vnetHeaderSize: Int32 = 12

    /// Opens /dev/net/tun in the calling thread's namespace and attaches it to
    /// `name` with IFF_TAP|IFF_NO_PI[|IFF_VNET_HDR], then TUNSETVNETHDRSZ,
    /// TUNSETOFFLOAD and (with `persist`) TUNSETPERSIST.
    public static func openInCurrentNamespace(
        name: String, vnetHeader: Bool, offloads: TunOffloads, persist: Bool
    ) throws(SystemError) -> TapDevice {
        let object = "tap \(name)"
        let descriptor = try Descriptor.open("/dev/net/tun", O_RDWR)
        var flags = Int32(NM_IFF_TAP | NM_IFF_NO_PI)
        if vnetHeader { flags |= Int32(NM_IFF_VNET_HDR) }
        let raw = descriptor.rawValue
        _ = try syscall(object, "TUNSETIFF") { nm_tun_set_iff(raw, name, Int16(truncatingIfNeeded: flags)) }
        if vnetHeader {
            _ = try syscall(object, "TUNSETVNETHDRSZ") { nm_tun_set_vnet_header_size(raw, vnetHeaderSize) }
        }
        _ = try syscall(object, "TUNSETOFFLOAD") { nm_tun_set_offload(raw, offloads.rawValue) }
        if persist {
            _ = try syscall(object, "TUNSETPERSIST") { nm_tun_set_persist(raw, 1) }
        }
        return TapDevice(name: name, descriptor: descriptor, vnetHeader: vnetHeader, offloads: offloads, isPersistent: persist)
    }

    private init(name: String, descriptor: Descriptor, vnetHeader: Bool, offloads: TunOffloads, isPersistent: Bool) {
        self.name = name
        self.descriptor = descriptor
        self.vnetHeader = vnetHeader
        self.offloads = offloads
        self.isPersistent = isPersistent
    }

    /// TUNSETPERSIST on: closing the descriptor then leaves the device to its
    /// namespace, which removes it with everything else when it is torn down
    /// (cheaper than the synchronous unregister a close would do).
    public func leaveToNamespace() throws(SystemError) {
        let raw = descriptor.rawValue
        _ = try syscall("tap \(name)", "TUNSETPERSIST") { nm_tun_set_persist(raw, 1) }
    }

    /// Closes the descriptor; a non-persistent device is unregistered by the kernel
    /// before close returns.
    public func close() throws(SystemError) {
        try descriptor.close()
    }
}
