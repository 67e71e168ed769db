import ArgumentParser
import NetmatrixCore
import Foundation

/// The gate every command that builds namespaces passes first.
enum PrivilegedExecution {
    /// Returns when this process may build namespaces (root, or already the
    /// rootless child). Otherwise re-executes netmatrix rootless and exits with
    /// the child's status, or exits `nothingRan` saying why the kernel refused.
    static func enter() throws(ExitCode) {
        let status: Int32?
        do {
            status = try Rootless.reexecIfNeeded()
        } catch {
            printError("netmatrix: \(error)")
            throw ExitCode(error.exitStatus.rawValue)
        }
        if let status { throw ExitCode(status) }
    }
}
