import Synchronization

/// A test seam in the spirit of swift-system's mocking: while `run` is on the
/// stack, a wrapped system call made by that task answers the next errno value the
/// script holds for its operation ("read", "connect", "wait4", ...) instead of
/// calling the kernel; once an operation's values run out, its real call runs.
/// Every wrapped call is traced, so a test checks the calls as well as the outcome
/// (EINTR three times, then the real read; one connect and no second).
public final class SyscallScript: Sendable {
    /// One wrapped call made while the script ran.
    public struct Call: Equatable, Sendable, CustomStringConvertible {
        public var operation: String
        /// The errno the script answered with; nil when the real call ran.
        public var injected: Int32?

        public init(_ operation: String, injected: Int32? = nil) {
            self.operation = operation
            self.injected = injected
        }

        public var description: String { injected.map { "\(operation) -> errno \($0)" } ?? operation }
    }

    private struct State {
        var pending: [String: [Int32]]
        var trace: [Call] = []
    }

    private let state: Mutex<State>

    /// `answers`: per operation, the errno values its next calls fail with, in order.
    public init(_ answers: [String: [Int32]]) {
        state = Mutex(State(pending: answers))
    }

    /// The calls made so far, in order.
    public var trace: [Call] { state.withLock { $0.trace } }

    /// Runs `body` with this script answering the wrapped calls its task makes.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        Self.active.add(1, ordering: .relaxed)
        defer { Self.active.subtract(1, ordering: .relaxed) }
        return try Self.$current.withValue(self, operation: body)
    }

    @TaskLocal static var current: SyscallScript?

    /// How many scripts run anywhere: one relaxed load keeps the real path free of
    /// task-local lookups when no test is scripting.
    @usableFromInline static let active = Atomic<Int>(0)

    /// The scripted errno for the call about to be made, or nil to make the real call.
    @inlinable
    static func answer(_ operation: @autoclosure () -> String) -> Int32? {
        guard active.load(ordering: .relaxed) > 0 else { return nil }
        return scripted(operation())
    }

    @usableFromInline
    static func scripted(_ operation: String) -> Int32? {
        guard let script = current else { return nil }
        return script.state.withLock { state in
            let injected = state.pending[operation]?.first
            if injected != nil { state.pending[operation]?.removeFirst() }
            state.trace.append(Call(operation, injected: injected))
            return injected
        }
    }
}
