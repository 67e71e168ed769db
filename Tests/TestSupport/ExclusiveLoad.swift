import Foundation

/// Keeps two kinds of test from overlapping: one that loads every CPU for many
/// seconds (building plugins, checking and measuring them) and one whose verdict
/// depends on timing (a slowed path asserted slower). Suites run in parallel, and
/// on two CPUs the first can turn the second's clear verdict inconclusive.
public enum ExclusiveLoad {
    private static let lock = NSLock()

    public static func run<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
