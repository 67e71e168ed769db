#if canImport(Glibc)
import Glibc
#endif

/// Compares delivered bytes against the pattern. TCP: the stream continues the
/// pattern across deliveries; UDP: each delivery is one datagram from offset 0.
/// Records the first mismatch and the time spent comparing.
public struct StreamVerifier {
    public struct Mismatch: Equatable, Sendable {
        /// Stream offset (TCP) or offset within the datagram (UDP).
        public var offset: UInt64
        public var datagram: UInt64?
        public var expected: UInt8
        public var actual: UInt8

        public var description: String {
            let bytes = "expected 0x\(hex(expected)) got 0x\(hex(actual))"
            if let datagram { return "bad byte at datagram \(datagram) offset \(offset): \(bytes)" }
            return "bad byte at stream offset \(offset): \(bytes)"
        }

        private func hex(_ value: UInt8) -> String {
            let digits = String(value, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
    }

    let pattern: UnsafeRawPointer
    let patternSize: Int
    public let level: VerificationLevel
    public let datagrams: Bool
    public private(set) var streamOffset: UInt64 = 0
    public private(set) var datagramCount: UInt64 = 0
    public private(set) var bytesVerified: UInt64 = 0
    public private(set) var nanoseconds: UInt64 = 0
    public private(set) var mismatch: Mismatch?

    public init(pattern: UnsafeRawPointer, patternSize: Int, level: VerificationLevel, datagrams: Bool) {
        self.pattern = pattern
        self.patternSize = patternSize
        self.level = level
        self.datagrams = datagrams
    }

    /// Checks one delivery; false once a mismatch is found (then `mismatch` says where).
    public mutating func verify(_ data: UnsafeRawBufferPointer) -> Bool {
        let start = datagrams ? 0 : streamOffset
        defer {
            if datagrams { datagramCount += 1 } else { streamOffset += UInt64(data.count) }
        }
        guard level != .off, mismatch == nil, data.count > 0 else { return mismatch == nil }
        let began = monotonicNanoseconds()
        defer { nanoseconds += monotonicNanoseconds() - began }
        if datagrams, data.count > patternSize {
            return record(at: patternSize, in: data, start: start)
        }
        switch level {
        case .off:
            return true
        case .full:
            return compare(data, from: 0, count: data.count, start: start)
        case .sampled:
            let window = VerificationLevel.sampleWindow
            let stride = UInt64(VerificationLevel.sampleStride)
            if !compare(data, from: 0, count: min(window, data.count), start: start) { return false }
            // The window at each 4 KiB boundary of the stream inside this delivery.
            var boundary = (start + stride - 1) / stride * stride
            let end = start + UInt64(data.count)
            while boundary < end {
                let index = Int(boundary - start)
                if !compare(data, from: index, count: min(window, data.count - index), start: start) { return false }
                boundary += stride
            }
            let tail = max(0, data.count - window)
            return compare(data, from: tail, count: data.count - tail, start: start)
        }
    }

    /// memcmp against the pattern (which wraps at patternSize), then the exact byte on a mismatch.
    private mutating func compare(_ data: UnsafeRawBufferPointer, from index: Int, count: Int, start: UInt64) -> Bool {
        guard let base = data.baseAddress else { return true }
        var done = 0
        while done < count {
            let position = Int((start + UInt64(index + done)) % UInt64(patternSize))
            let chunk = min(count - done, patternSize - position)
            if memcmp(base + index + done, pattern + position, chunk) != 0 {
                for offset in 0..<chunk where base.load(fromByteOffset: index + done + offset, as: UInt8.self)
                    != pattern.load(fromByteOffset: position + offset, as: UInt8.self)
                {
                    return record(at: index + done + offset, in: data, start: start)
                }
            }
            done += chunk
        }
        bytesVerified += UInt64(count)
        return true
    }

    private mutating func record(at index: Int, in data: UnsafeRawBufferPointer, start: UInt64) -> Bool {
        let expected = index < patternSize
            ? pattern.load(fromByteOffset: Int((start + UInt64(index)) % UInt64(patternSize)), as: UInt8.self) : 0
        mismatch = Mismatch(
            offset: start + UInt64(index), datagram: datagrams ? datagramCount : nil,
            expected: expected, actual: data[index]
        )
        return false
    }
}

/// CLOCK_MONOTONIC in nanoseconds: one clock for every process of a cell.
public func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
