import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Whole small text files: topology YAML, /proc and /sys entries.
public enum TextFile {
    /// The file's bytes as UTF-8 (invalid sequences repaired). Reads until EOF, so
    /// /proc files whose size reads as 0 work too.
    public static func read(_ path: String) throws(SystemError) -> String {
        let file = try Descriptor.open(path, O_RDONLY)
        defer { file.closeOrWarn() }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { bytes in
                Result { () throws(SystemError) in try Syscall.read(file.rawValue, into: bytes, object: path) }
            }.get()
            if count == 0 { break }
            contents.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: contents, as: UTF8.self)
    }

    /// The first line, trimmed; nil when the file cannot be read (absent sysctl, no permission).
    public static func firstLine(_ path: String) -> String? {
        guard let text = try? read(path) else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false).first
            .map { $0.trimming(" \t") }
    }
}

extension Substring {
    /// Without leading and trailing characters from `set` (no Foundation needed).
    func trimming(_ set: String) -> String {
        var slice = self
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
