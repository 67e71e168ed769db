import CNetmatrixShims
import Testing

/// The extended-ack walker, on NLMSG_ERROR messages built byte by byte as the kernel lays them out.
@Suite("netlink extended ack")
struct NetlinkExtackTests {
    /// struct nlmsghdr: length, type, flags, sequence, port id (host order).
    static func header(length: Int, type: UInt16, flags: UInt16) -> [UInt8] {
        withUnsafeBytes(of: UInt32(length)) { Array($0) } + withUnsafeBytes(of: type) { Array($0) }
            + withUnsafeBytes(of: flags) { Array($0) } + [UInt8](repeating: 0, count: 8)
    }

    /// NLMSG_ERROR (2) for a capped request (NLM_F_CAPPED 0x100), with NLMSGERR_ATTR_MSG when `text` is given.
    static func errorMessage(text: String?, tlvs: Bool = true) -> [UInt8] {
        var attribute: [UInt8] = []
        if let text {
            let payload = Array(text.utf8) + [0]
            attribute = withUnsafeBytes(of: UInt16(4 + payload.count)) { Array($0) } + withUnsafeBytes(of: UInt16(1)) { Array($0) } + payload
            while attribute.count % 4 != 0 { attribute.append(0) }
        }
        let errno = withUnsafeBytes(of: Int32(-2)) { Array($0) }
        let echoed = header(length: 36, type: 36, flags: 0x405)  // the request's header, capped
        let flags: UInt16 = 0x100 | (tlvs ? 0x200 : 0)
        let body = errno + echoed + attribute
        return header(length: 16 + body.count, type: 2, flags: flags) + body
    }

    static func extract(_ message: [UInt8]) -> String? {
        message.withUnsafeBytes { raw -> String? in
            guard let base = raw.baseAddress else { return nil }
            return nm_netlink_extack_message(base + 16).map { String(cString: $0) }
        }
    }

    @Test("the kernel's text is found after a capped request")
    func findsMessage() {
        #expect(Self.extract(Self.errorMessage(text: "Specified qdisc kind is unknown.")) == "Specified qdisc kind is unknown.")
    }

    @Test("no TLV flag or no attribute means no text")
    func noMessage() {
        #expect(Self.extract(Self.errorMessage(text: "ignored", tlvs: false)) == nil)
        #expect(Self.extract(Self.errorMessage(text: nil)) == nil)
    }
}
