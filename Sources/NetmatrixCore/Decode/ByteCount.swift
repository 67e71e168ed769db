import Foundation

/// Sizes as people write them: 4096, 4K, 64KiB, 1M. The one reader and writer
/// of byte-size text, for files, flags, cell ids and reports alike.
public enum ByteCount {
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30),
        ]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let value = Int(trimmed.dropLast(suffix.count)), value > 0 else { return nil }
            return value * scale
        }
        guard let value = Int(trimmed), value > 0 else { return nil }
        return value
    }

    /// 4096 -> "4K", 65536 -> "64K", 1048576 -> "1M", 1500 -> "1500": the shortest
    /// exact form, so a size written either way names the same cell.
    public static func text(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20)M" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10)K" }
        return "\(bytes)"
    }
}
