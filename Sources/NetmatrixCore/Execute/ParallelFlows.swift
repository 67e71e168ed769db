import Foundation

/// Runs a cell's parallel flows side by side, each on a thread of its own
/// (not a pool: a pool no wider than the cores would serialise flows on this
/// 2-core machine), and returns their results in order.
enum ParallelFlows {
    static func run(_ requests: [FlowRequest], with runner: FlowRunner) -> [Result<FlowResult, FlowRunner.RunError>] {
        guard requests.count > 1 else {
            return requests.map { request in Result { () throws(FlowRunner.RunError) in try runner.run(request) } }
        }
        let slots = Slots(count: requests.count)
        let group = DispatchGroup()
        for (index, request) in requests.enumerated() {
            // Each request and its descriptors are used by exactly one thread.
            let job = Job(request: request, runner: runner)
            group.enter()
            let thread = Thread {
                slots.store(Result { () throws(FlowRunner.RunError) in try job.runner.run(job.request) }, at: index)
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return slots.results
    }

    private struct Job: @unchecked Sendable {
        let request: FlowRequest
        let runner: FlowRunner
    }

    private final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Result<FlowResult, FlowRunner.RunError>?]

        init(count: Int) {
            values = Array(repeating: nil, count: count)
        }

        func store(_ value: Result<FlowResult, FlowRunner.RunError>, at index: Int) {
            lock.withLock { values[index] = value }
        }

        var results: [Result<FlowResult, FlowRunner.RunError>] {
            lock.withLock {
                values.map { $0 ?? .failure(.badRequest("a flow thread returned no result")) }
            }
        }
    }
}
