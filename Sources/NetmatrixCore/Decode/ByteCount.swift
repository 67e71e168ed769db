import Foundation

/// Sizes as people write them: 4096, 4K, 64KiB, 1M.
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
}
