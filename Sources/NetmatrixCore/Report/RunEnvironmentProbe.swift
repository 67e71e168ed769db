import Foundation

/// The run's environment, probed once per run for results.json: what a reader
/// needs to compare two runs' numbers (kernel, CPU, SIMD level, memcpy bandwidth,
/// plugins, revision, kernel features).
extension RunEnvironment {
    /// - Parameters:
    ///   - plugins: the plugins the plan described.
    ///   - copyBandwidth: memcpy bandwidth measured for this run (`MemoryCopyProbe`), bytes per second.
    public static func probe(plugins found: [PluginInfo], copyBandwidth: Double?) -> RunEnvironment {
        let kernel = KernelFeatures.probe()
        let cpu = CPUFeatures.detect()
        var features: [String: String] = [:]
        for feature in kernel.all {
            features[feature.name] = feature.probe.available ? "yes: \(feature.probe.how)" : "no: \(feature.probe.reason ?? feature.probe.how)"
        }
        let plugins = found.map { PluginRecord(name: $0.name, version: $0.version, abi: $0.abi, file: $0.file) }
        return RunEnvironment(
            kernel: kernel.release, cpuModel: cpu.model ?? "unknown", cpuCount: ProcessInfo.processInfo.activeProcessorCount,
            simdLevel: "\(cpu.simd)", gitRevision: GitRevision.current(), plugins: plugins,
            memoryCopyBytesPerSecond: copyBandwidth, features: features)
    }
}
