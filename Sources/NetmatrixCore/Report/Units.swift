import Foundation

/// How netmatrix prints quantities, in every report the same way.
public enum Units {
    /// 4096 -> "4K", 65536 -> "64K", 1048576 -> "1M", 1500 -> "1500".
    public static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20)M" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10)K" }
        return "\(bytes)"
    }

    /// "17.7 Gbit/s"
    public static func rate(_ bitsPerSecond: Double) -> String {
        let units: [(Double, String)] = [(1e9, "Gbit/s"), (1e6, "Mbit/s"), (1e3, "kbit/s")]
        for (scale, name) in units where bitsPerSecond >= scale {
            return String(format: "%.2f %@", bitsPerSecond / scale, name)
        }
        return String(format: "%.0f bit/s", bitsPerSecond)
    }

    /// "123.4 µs/MB"
    public static func serviceDemand(_ microsPerMB: Double) -> String {
        String(format: "%.1f µs/MB", microsPerMB)
    }

    /// "1.234"
    public static func ratio(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// "95.0%"
    public static func percent(_ share: Double) -> String {
        String(format: "%.1f%%", share * 100)
    }
}
