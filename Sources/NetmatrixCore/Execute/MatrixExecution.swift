/// Executes a plan: one `TopologyCellExecutor` builds each topology variant once,
/// the `MatrixRunner` schedules the samples and evaluates the assertions, and
/// every topology is torn down at the end. The same for `run` and `matrix`; a
/// same-run gate runs a second executor, with the other build's workers, on the
/// same topologies.
extension MatrixPlan {
    public struct Execution<Outcome: Sendable>: Sendable {
        public var outcome: Outcome
        /// What teardown could not remove, one line each.
        public var leftovers: [String]
    }

    public func execute(
        verification: VerificationLevel, ipv6: Bool = false, injection: SlowdownInjection? = nil, showLogs: Bool = false,
        memoryCopyBytesPerSecond: Double?, progress: (MatrixRunner.Progress) -> Void = { _ in }
    ) -> Execution<MatrixOutcome> {
        let variants = TopologyVariants(topologies: topologies)
        let executor = TopologyCellExecutor(
            spec: spec, variants: variants, runner: FlowRunner(executable: executable, searchPath: searchPath),
            plugins: resolved, verification: verification, ipv6: ipv6, injection: injection)
        executor.showLogs = showLogs
        let outcome = runner.run(
            with: executor, memoryCopyBytesPerSecond: memoryCopyBytesPerSecond, offloadsReadBack: executor.offloadsReadBack,
            progress: progress)
        return Execution(outcome: outcome, leftovers: variants.close())
    }

    /// Runs every cell with this build's workers and with `other`'s, paired
    /// and interleaved, and compares them; `injection` slows cells of this build.
    public func executeGate(
        against other: OtherBuild, comparison: GateComparison, injection: SlowdownInjection? = nil,
        verification: VerificationLevel, progress: (SameRunGate.Progress) -> Void = { _ in }
    ) -> Execution<SameRunGate.Outcome> {
        let variants = TopologyVariants(topologies: topologies)
        let now = TopologyCellExecutor(
            spec: spec, variants: variants, runner: FlowRunner(executable: executable, searchPath: searchPath),
            plugins: resolved, verification: verification, injection: injection)
        let before = TopologyCellExecutor(
            spec: spec, variants: variants, runner: FlowRunner(executable: other.executable, searchPath: other.searchPath),
            plugins: other.resolved, verification: verification)
        before.unavailable = other.unavailable
        let gate = SameRunGate(cells: cells, warmupRounds: spec.warmupRounds, sampling: spec.sampling, seed: seed, comparison: comparison)
        let outcome = gate.run(now: now, before: before, progress: progress)
        return Execution(outcome: outcome, leftovers: variants.close())
    }
}
