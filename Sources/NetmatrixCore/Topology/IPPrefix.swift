#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address, stored in network byte order.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4([UInt8])  // 4 bytes
    case v6([UInt8])  // 16 bytes

    /// Parses dotted-quad or RFC 4291 text; nil if it is neither.
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(withUnsafeBytes(of: &v4) { Array($0) })
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            self = .v6(withUnsafeBytes(of: &v6) { Array($0) })
            return
        }
        return nil
    }

    public var family: Int32 {
        switch self {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    public var bytes: [UInt8] {
        switch self {
        case .v4(let b), .v6(let b): b
        }
    }

    public var bitWidth: Int { bytes.count * 8 }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first `length` bits kept, the rest zero.
    public func masked(to length: Int) -> IPAddress {
        var out = bytes
        for index in out.indices {
            let bitsBefore = index * 8
            if bitsBefore >= length {
                out[index] = 0
            } else if bitsBefore + 8 > length {
                out[index] &= UInt8(truncatingIfNeeded: 0xFF << (8 - (length - bitsBefore)))
            }
        }
        return self.family == AF_INET ? .v4(out) : .v6(out)
    }
}

/// An address with its prefix length, as in `198.18.0.1/30` or `fd00:1::1/64`.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var length: Int

    public init(address: IPAddress, length: Int) {
        self.address = address
        self.length = length
    }

    /// Parses `ADDRESS/LENGTH`; a bare address means a host prefix (/32 or /128).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = IPAddress(String(parts[0])) else { return nil }
        let length: Int
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parsed >= 0, parsed <= address.bitWidth else { return nil }
            length = parsed
        } else {
            length = address.bitWidth
        }
        self.init(address: address, length: length)
    }

    public var network: IPAddress { address.masked(to: length) }

    /// True when the two prefixes share at least one address.
    public func overlaps(_ other: IPPrefix) -> Bool {
        guard address.family == other.address.family else { return false }
        let shorter = min(length, other.length)
        return address.masked(to: shorter) == other.address.masked(to: shorter)
    }

    /// True when `other` lies entirely inside this prefix.
    public func contains(_ other: IPPrefix) -> Bool {
        other.address.family == address.family && other.length >= length
            && other.address.masked(to: length) == network
    }

    public var description: String { "\(address)/\(length)" }

    /// The ranges netmatrix may put on a link: RFC 2544's benchmarking range and
    /// IPv6 unique-local addresses. Nothing else is ever configured.
    public static let permittedRanges: [IPPrefix] = [
        IPPrefix(address: .v4([198, 18, 0, 0]), length: 15),
        IPPrefix(address: .v6([0xFD] + [UInt8](repeating: 0, count: 15)), length: 8),
    ]
}
