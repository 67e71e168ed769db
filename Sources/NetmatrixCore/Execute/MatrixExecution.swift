/// Executes a plan: one `TopologyCellExecutor` builds each topology variant once,
/// the `MatrixRunner` schedules the samples and evaluates the assertions, and
/// every topology is torn down at the end. The same for `run` and `matrix`.
extension MatrixPlan {
    public struct Execution: Sendable {
        public var outcome: MatrixOutcome
        /// What teardown could not remove, one line each.
        public var leftovers: [String]
    }

    public func execute(
        verification: VerificationLevel, ipv6: Bool = false, memoryCopyBytesPerSecond: Double?,
        progress: (MatrixRunner.Progress) -> Void = { _ in }
    ) -> Execution {
        let executor = TopologyCellExecutor(
            spec: spec, topologies: topologies, runner: FlowRunner(executable: executable, searchPath: searchPath),
            plugins: resolved, verification: verification, ipv6: ipv6)
        let outcome = runner.run(
            with: executor, memoryCopyBytesPerSecond: memoryCopyBytesPerSecond, offloadsReadBack: executor.offloadsReadBack,
            progress: progress)
        return Execution(outcome: outcome, leftovers: executor.close())
    }
}
