#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Where the files netmatrix ships beside its executable are: the topologies and the
/// plugin SDK. `make install` puts them in `<prefix>/share/netmatrix/` and the
/// executable in `<prefix>/lib/netmatrix/` (one copied into `<prefix>/bin/` finds
/// them too); a build in a checkout finds them in the checkout above its executable.
public enum ShippedFiles {
    public enum Item: Sendable, CaseIterable {
        /// The shipped topologies and matrices: `Netns/`.
        case topologies
        /// The plugin SDK package (PluginKit, the ABI header, the C helpers): `SDK/`.
        case sdk

        /// The folder's name in a checkout.
        var checkoutName: String {
            switch self {
            case .topologies: "Netns"
            case .sdk: "SDK"
            }
        }

        /// The folder's name under `<prefix>/share/netmatrix/`.
        public var installedName: String {
            switch self {
            case .topologies: "Netns"
            case .sdk: "sdk"
            }
        }

        /// A file whose presence marks the folder as the real thing.
        var marker: String {
            switch self {
            case .topologies: "veth.yaml"
            case .sdk: "Sources/NetmatrixABI/include/netmatrix_plugin.h"
            }
        }

        /// The variable that names the folder explicitly, before any search.
        public var environmentVariable: String? {
            switch self {
            case .topologies: nil
            case .sdk: "NETMATRIX_SDK"
            }
        }
    }

    /// The item's folder: the environment variable's, else the installed one beside
    /// the executable, else the checkout's above it; nil when none holds the item.
    public static func folder(
        _ item: Item,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String? = WorkerExecutable.currentExecutable()
    ) -> String? {
        if let variable = item.environmentVariable, let explicit = environment[variable] {
            return holds(explicit, item) ? explicit : nil
        }
        guard let executable else { return nil }
        let binFolder = PluginFile.directoryOf(executable)
        let prefixes = [PluginFile.directoryOf(binFolder), PluginFile.directoryOf(PluginFile.directoryOf(binFolder))]
        for prefix in prefixes {
            let installed = prefix + "/share/netmatrix/" + item.installedName
            if holds(installed, item) { return installed }
        }
        var folder = binFolder
        for _ in 0..<6 {
            let inCheckout = folder + "/" + item.checkoutName
            if access(folder + "/Package.swift", R_OK) == 0, holds(inCheckout, item) { return inCheckout }
            folder = PluginFile.directoryOf(folder)
        }
        return nil
    }

    /// What `folder` returns nil for, said in one line, for an error message.
    public static func notFound(_ item: Item) -> String {
        let variable = item.environmentVariable.map { "; set \($0) to its folder" } ?? ""
        return "cannot find netmatrix's \(item.checkoutName) (looked in <prefix>/share/netmatrix/\(item.installedName) "
            + "beside the executable and in the checkout above it)\(variable)"
    }

    static func holds(_ folder: String, _ item: Item) -> Bool {
        access(folder + "/" + item.marker, R_OK) == 0
    }
}
