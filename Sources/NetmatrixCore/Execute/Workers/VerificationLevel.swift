/// How much of the received stream the host compares against the pattern.
public enum VerificationLevel: String, Codable, Sendable, CaseIterable {
    /// A 64-byte window at each 4 KiB stream boundary plus both ends of every delivery.
    case sampled
    /// Every byte.
    case full
    /// Count only.
    case off

    /// Bytes checked at each sampled position.
    public static let sampleWindow = 64
    /// Distance between sampled windows.
    public static let sampleStride = 4096
}
