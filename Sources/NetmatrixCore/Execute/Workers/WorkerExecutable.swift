#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Finds the netmatrix executable that worker processes re-execute: this process
/// when it is netmatrix, else NETMATRIX_EXECUTABLE, else a `netmatrix` next to this
/// process's executable (the test runner sits beside it in `.build/<config>/`).
public enum WorkerExecutable {
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["NETMATRIX_EXECUTABLE"], !explicit.isEmpty { return explicit }
        guard let current = currentExecutable() else { return nil }
        if current.hasSuffix("/netmatrix") { return current }
        let sibling = PluginFile.directoryOf(current) + "/netmatrix"
        return access(sibling, X_OK) == 0 ? sibling : nil
    }

    /// readlink("/proc/self/exe").
    public static func currentExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.baseAddress.map { readlink("/proc/self/exe", $0, pointer.count - 1) } ?? -1
        }
        guard count > 0 else { return nil }
        return buffer.withUnsafeBufferPointer { pointer in
            String(decoding: UnsafeRawBufferPointer(start: pointer.baseAddress, count: count), as: UTF8.self)
        }
    }
}
