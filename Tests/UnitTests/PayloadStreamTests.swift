import PluginKit
import Testing

@Suite("PayloadStream: which payload bytes the next send call offers")
struct PayloadStreamTests {
    @Test func tcpContinuesAfterShortWritesAndWrapsAtThePayloadEnd() {
        var stream = PayloadStream(payloadSize: 10, messageSize: 4, transport: .tcp)
        #expect(stream.nextRange == 0 ..< 4)
        stream.advance(by: 3)  // short write: the rest of the message comes next
        #expect(stream.nextRange == 3 ..< 4)
        stream.advance(by: 1)
        #expect(stream.nextRange == 4 ..< 8)
        stream.advance(by: 4)
        #expect(stream.nextRange == 8 ..< 10)  // cut at the payload end
        stream.advance(by: 2)
        #expect(stream.nextRange == 0 ..< 2)  // the message's last two bytes wrap to offset 0
        stream.advance(by: 2)
        #expect(stream.nextRange == 2 ..< 6)
    }

    @Test func udpAlwaysSendsTheFirstMessageSizeBytes() {
        var stream = PayloadStream(payloadSize: 4096, messageSize: 1400, transport: .udp)
        #expect(stream.nextRange == 0 ..< 1400)
        stream.advance(by: 1400)
        #expect(stream.nextRange == 0 ..< 1400)
    }
}
