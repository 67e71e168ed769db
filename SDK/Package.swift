// swift-tools-version: 6.1
import PackageDescription

/// The netmatrix plugin SDK: what a plugin builds against and the host shares with it.
/// A package of its own, with no dependencies, so a plugin package depends on this
/// alone rather than on netmatrix's command line, YAML reader and tests.
let package = Package(
    name: "netmatrix-sdk",
    platforms: [.macOS(.v13)],
    products: [
        // What plugin authors use.
        .library(name: "PluginKit", targets: ["PluginKit"]),
        .library(name: "NetmatrixABI", targets: ["NetmatrixABI"]),
        .library(name: "CPluginSupport", targets: ["CPluginSupport"]),
        .library(name: "CKernels", targets: ["CKernels"]),
        // What the host shares with PluginKit.
        .library(name: "NetmatrixSystem", targets: ["NetmatrixSystem"]),
        .library(name: "CNetmatrixShims", targets: ["CNetmatrixShims"]),
    ],
    targets: [
        .target(name: "CNetmatrixShims"),
        .target(name: "CKernels"),
        .target(name: "NetmatrixABI"),
        .target(name: "CPluginSupport", dependencies: ["NetmatrixABI", "CKernels"]),
        .target(name: "NetmatrixSystem", dependencies: ["CNetmatrixShims"]),
        .target(name: "PluginKit", dependencies: ["NetmatrixABI", "NetmatrixSystem", "CNetmatrixShims", "CPluginSupport"]),
    ]
)
