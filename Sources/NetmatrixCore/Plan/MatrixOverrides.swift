/// What the command line changes in a matrix before it is planned: the short
/// `--quick` form and a `--cpus` placement for every cell.
extension MatrixSpec {
    /// 0.3 s samples, one warm-up round, 3 rounds and at most 5: a fast check, not a measurement to publish.
    public func quick() -> MatrixSpec {
        var spec = self
        spec.sampleDuration = min(spec.sampleDuration, 0.3)
        spec.sampleBytes = nil
        spec.warmupRounds = min(spec.warmupRounds, 1)
        spec.sampling = AdaptiveSampling(initialRounds: 3, stepRounds: 2, maximumRounds: 5)
        return spec
    }

    /// Every cell's workers placed as `cpus`, whatever the file's cpus axis says.
    public func pinned(_ cpus: CPUPlacement) -> MatrixSpec {
        var spec = self
        spec.blocks = blocks.map { block in
            var pinned = block
            pinned.axes[.cpus] = [cpus.rawValue]
            return pinned
        }
        return spec
    }
}
