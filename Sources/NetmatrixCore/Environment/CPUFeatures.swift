import CNetmatrixShims

/// The widest SIMD the CPU and kernel support, as the runtime dispatch of the
/// SIMD kernels sees it.
public enum SIMDLevel: String, Equatable, Sendable, Codable, Comparable {
    case scalar, sse2, avx2, avx512

    public static func < (lhs: SIMDLevel, rhs: SIMDLevel) -> Bool {
        let order: [SIMDLevel] = [.scalar, .sse2, .avx2, .avx512]
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// The CPU's model and SIMD support.
public struct CPUFeatures: Equatable, Sendable, Codable {
    /// `model name` from /proc/cpuinfo, if there is one.
    public var model: String?
    public var simd: SIMDLevel
    public var probe: FeatureProbe

    public static func detect() -> CPUFeatures {
        let how = "__builtin_cpu_supports (CPUID and XSAVE state)"
        let simd: SIMDLevel
        if nm_cpu_has_avx512f() != 0 && nm_cpu_has_avx512bw() != 0 {
            simd = .avx512
        } else if nm_cpu_has_avx2() != 0 {
            simd = .avx2
        } else if nm_cpu_has_sse2() != 0 {
            simd = .sse2
        } else {
            simd = .scalar
        }
        let model = (try? TextFile.read("/proc/cpuinfo")).flatMap { cpuinfo in
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
                .flatMap { $0.split(separator: ":", maxSplits: 1).last }
                .map { $0.trimming(" \t") }
        }
        return CPUFeatures(model: model, simd: simd, probe: .yes(how, model))
    }
}
