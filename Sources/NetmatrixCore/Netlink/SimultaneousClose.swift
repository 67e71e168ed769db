import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Closes several descriptors in one close_range(2) call.
///
/// Why: each network namespace dies in the kernel's cleanup_net work item,
/// which runs one batch at a time and costs a few RCU grace periods (about
/// 30 ms here). Namespaces released in separate close(2) calls often land in
/// separate batches, and the second then waits for the first to finish; released
/// in one call, they are queued microseconds apart and torn down together.
///
/// The descriptors are first duplicated into one contiguous block (checked to
/// be ours, one by one), so close_range never touches anyone else's descriptor;
/// when no such block can be had, they are closed one by one.
enum SimultaneousClose {
    /// Where the contiguous block is looked for: high, so ordinary opens (which
    /// take the lowest free number) do not sit in it, but within the usual
    /// 1024-descriptor soft limit.
    static let blockBase: Int32 = 768

    static func close(_ descriptors: [Descriptor]) throws(SystemError) {
        let open = descriptors.filter(\.isOpen)
        guard open.count > 1, let block = contiguousDuplicates(of: open) else {
            for descriptor in open { try descriptor.close() }
            return
        }
        // The duplicates keep the files alive: closing the originals releases nothing yet.
        for descriptor in open { try descriptor.close() }
        let first = UInt32(block.lowerBound)
        let last = UInt32(block.upperBound - 1)
        _ = try syscall("descriptors \(first)-\(last)", "close_range", retryOnInterrupt: false) { nm_close_range(first, last) }
    }

    /// Duplicates into [n, n + count); nil (with every duplicate closed) when the numbers are not contiguous.
    private static func contiguousDuplicates(of descriptors: [Descriptor]) -> Range<Int32>? {
        var duplicates: [Int32] = []
        for descriptor in descriptors {
            let wanted = duplicates.last.map { $0 + 1 } ?? blockBase
            guard let duplicate = try? syscall(descriptor.label, "fcntl(F_DUPFD_CLOEXEC)", { nm_dup_cloexec_at(descriptor.rawValue, wanted) }) else {
                break
            }
            duplicates.append(duplicate)
            if duplicate != wanted && duplicates.count > 1 { break }
        }
        let start = duplicates.first ?? blockBase
        let contiguous = duplicates.count == descriptors.count
            && duplicates.enumerated().allSatisfy { $0.element == start + Int32($0.offset) }
        guard contiguous else {
            for duplicate in duplicates { _ = Descriptor(adopting: duplicate, label: "duplicate") }
            return nil
        }
        return start..<(start + Int32(duplicates.count))
    }
}
