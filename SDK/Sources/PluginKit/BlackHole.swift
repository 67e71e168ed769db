internal import CPluginSupport

/// Keeps work from being optimised away. In release builds the optimiser deletes
/// a pass whose result nobody reads and merges identical passes over a buffer
/// (four copies out and back leave it as one does), so a plugin's `slow` mode or
/// extra-work option would measure nothing. After each pass that must happen:
///
///     BlackHole.keep(UnsafeRawBufferPointer(buffer))
///
/// The compiler must then assume the buffer is read (and may have changed) at
/// that point: every store before it is done and every load after it repeated.
/// It costs no instruction: an empty asm statement (`nm_keep` in
/// CPluginSupport's nm_keep.h, the C counterpart) that takes the pointer and
/// clobbers memory, which Swift cannot write itself.
public enum BlackHole {
    /// Every byte of `bytes` counts as read here.
    @inline(__always)
    public static func keep(_ bytes: UnsafeRawBufferPointer) {
        nm_keep(bytes.baseAddress, bytes.count)
    }

    /// Every byte of `bytes` counts as read here.
    @inline(__always)
    public static func keep(_ bytes: UnsafeMutableRawBufferPointer) {
        nm_keep(bytes.baseAddress, bytes.count)
    }

    /// A value computed only to be kept (a checksum of the passes) counts as
    /// used: its computation stays.
    @inline(__always)
    public static func keep<Value: BitwiseCopyable>(_ value: Value) {
        withUnsafeBytes(of: value) { nm_keep($0.baseAddress, $0.count) }
    }
}
