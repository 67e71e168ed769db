import Foundation
import NetmatrixABI
#if canImport(Glibc)
import Glibc
#endif

/// A built plugin `.so`, dlopen'ed from the build directory next to the test
/// binary (RTLD_LOCAL, as the real host does) and never closed.
public struct PluginLibrary: @unchecked Sendable {
    public let path: String
    public let descriptor: UnsafePointer<nm_plugin_descriptor>

    public enum LoadError: Error, CustomStringConvertible {
        case notFound(String)
        case dlopen(String, String)
        case noEntry(String)
        public var description: String {
            switch self {
            case .notFound(let path): "\(path): not built (swift build builds every product)"
            case .dlopen(let path, let reason): "\(path): dlopen: \(reason)"
            case .noEntry(let path): "\(path): no \(NETMATRIX_PLUGIN_ENTRY_SYMBOL) or it returned NULL"
            }
        }
    }

    /// The build directory: where SwiftPM puts both the test binary and the plugin products.
    public static var buildDirectory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // On Linux the tests run from <build>/<name>PackageTests.xctest; on a bundle layout walk up out of it.
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        return directory
    }

    public static func path(of product: String) -> String {
        buildDirectory.appendingPathComponent("lib\(product).so").path
    }

    public static func load(_ product: String) throws -> PluginLibrary {
        let path = path(of: product)
        guard FileManager.default.fileExists(atPath: path) else { throw LoadError.notFound(path) }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw LoadError.dlopen(path, dlerror().map { String(cString: $0) } ?? "unknown")
        }
        typealias Entry = @convention(c) () -> UnsafeRawPointer?
        guard let symbol = dlsym(handle, NETMATRIX_PLUGIN_ENTRY_SYMBOL),
              let raw = unsafeBitCast(symbol, to: Entry.self)()
        else { throw LoadError.noEntry(path) }
        return PluginLibrary(path: path, descriptor: raw.assumingMemoryBound(to: nm_plugin_descriptor.self))
    }

    public var name: String { descriptor.pointee.name.map { String(cString: $0) } ?? "" }

    /// Runs one role function on the calling thread.
    public func run(_ role: UInt32, _ host: TestPluginHost) -> Int32 {
        let function: nm_role_fn?
        switch role {
        case UInt32(NM_ROLE_SEND): function = descriptor.pointee.send
        case UInt32(NM_ROLE_RECEIVE): function = descriptor.pointee.receive
        default: function = descriptor.pointee.wire
        }
        guard let function else { return -1 }
        return function(host.context)
    }
}
