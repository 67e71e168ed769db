import Foundation

/// Runs a closure on its own thread and lets the test wait for it with a deadline.
public final class RoleThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    public private(set) var returnCode: Int32 = -1

    public init(_ body: @escaping @Sendable () -> Int32) {
        let thread = Thread { [self] in
            returnCode = body()
            done.signal()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// True when the thread finished within `seconds`.
    public func wait(seconds: Double) -> Bool { done.wait(timeout: .now() + seconds) == .success }
}
