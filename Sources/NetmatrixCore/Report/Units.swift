import Foundation

/// How netmatrix prints quantities, in every report the same way (sizes: `ByteCount.text`).
public enum Units {
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
