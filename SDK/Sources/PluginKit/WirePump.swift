#if canImport(Glibc)
import Glibc
#endif

/// One direction of the wire role.
public enum WireDirection: Sendable, CustomStringConvertible {
    case aToB
    case bToA

    public var description: String { self == .aToB ? "A->B" : "B->A" }
}

/// Polls both TAP descriptors until the host says stop, and hands each readable
/// one to the plugin, which moves one frame. Counting stays here so every wire
/// plugin counts the same way.
public struct WirePump {
    public let context: PluginContext
    /// How often `shouldStop` is checked when no frames come.
    public var idleCheckMilliseconds: Int32 = 50

    public init(_ context: PluginContext) { self.context = context }

    /// Buffer size that holds any frame: 64 KiB (GSO) plus Ethernet header and vnet header.
    public var frameBufferSize: Int { max(65536, context.mtu + 14) + 14 + context.vnetHeaderSize }

    /// Runs until `shouldStop` (or a device hangs up). `forward(source, destination, direction)` moves one
    /// frame and returns its length including the vnet header (0 when none was
    /// ready after all); the pump counts frames and frame bytes without the header.
    public func run(
        _ forward: (_ source: BorrowedDescriptor, _ destination: BorrowedDescriptor, _ direction: WireDirection) throws -> Int
    ) throws {
        let (a, b) = context.taps
        var entries = [pollfd(fd: a.rawValue, events: Int16(POLLIN), revents: 0), pollfd(fd: b.rawValue, events: Int16(POLLIN), revents: 0)]
        let header = context.vnetHeaderSize
        while !context.shouldStop {
            entries[0].revents = 0
            entries[1].revents = 0
            let ready = try Syscall.poll(&entries, timeoutMilliseconds: idleCheckMilliseconds, object: "taps")
            if ready == 0 { continue }
            for (index, direction) in [(0, WireDirection.aToB), (1, WireDirection.bToA)] {
                let events = entries[index].revents
                let tap = index == 0 ? a : b
                if events & Int16(POLLNVAL) != 0 {
                    // POLLNVAL is poll's way of saying what any call on it would: EBADF.
                    throw SystemError(object: tap.label, operation: "poll", code: EBADF)
                }
                // On POLLERR or POLLHUP the plugin's read reports the kernel's own errno (a
                // detached TAP: EBADFD); a hang-up that reads nothing is a closed peer, which
                // ends the run, as in CPluginSupport's nm_wire_pump.
                let hungUp = events & Int16(POLLIN) == 0 && events & Int16(POLLERR | POLLHUP) != 0
                guard events & Int16(POLLIN) != 0 || hungUp else { continue }
                let length = direction == .aToB ? try forward(a, b, .aToB) : try forward(b, a, .bToA)
                if length == 0, hungUp { return }
                guard length > 0 else { continue }
                context.counters.messages += 1
                context.counters.bytes += UInt64(max(0, length - header))
                if direction == .aToB { context.counters.framesAToB += 1 } else { context.counters.framesBToA += 1 }
            }
        }
    }
}
