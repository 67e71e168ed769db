// swift-tools-version: 6.1
import PackageDescription

/// Data-path plugins: each is its own `.dynamic` library, loaded only by worker
/// processes, never linked into the core.
let dataPathPlugins: [(product: String, target: String, path: String, swift: Bool)] = [
    ("netmatrix-plugin-copy", "CopyPlugin", "Plugins/Copy", true),
    ("netmatrix-plugin-zerocopy", "ZeroCopyPlugin", "Plugins/ZeroCopy", true),
    ("netmatrix-plugin-csum-copy", "CsumCopyPlugin", "Plugins/CsumCopy", false),
    ("netmatrix-plugin-sse-copy", "SSECopyPlugin", "Plugins/SSECopy", false),
]

/// A product of the plugin SDK (SDK/), the package plugins build against.
func sdk(_ product: String) -> Target.Dependency {
    .product(name: product, package: "SDK")
}

let package = Package(
    name: "netmatrix",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "netmatrix", targets: ["netmatrix"]),
        .executable(name: "netmatrix-kernel-bench", targets: ["netmatrix-kernel-bench"]),
    ] + dataPathPlugins.map { .library(name: $0.product, type: .dynamic, targets: [$0.target]) },
    dependencies: [
        .package(path: "SDK"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNetlink",
            pkgConfig: "libnl-3.0 libnl-route-3.0",
            providers: [.apt(["libnl-3-dev", "libnl-route-3-dev"])]
        ),
        .target(
            name: "NetmatrixCore",
            dependencies: [
                "CNetlink", sdk("CNetmatrixShims"), sdk("NetmatrixABI"), sdk("NetmatrixSystem"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "netmatrix",
            dependencies: [
                "NetmatrixCore", sdk("NetmatrixSystem"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "netmatrix-kernel-bench", dependencies: [sdk("CKernels")], path: "Benchmarks/KernelBench"),
        .target(name: "TestSupport", dependencies: ["NetmatrixCore", sdk("NetmatrixABI"), sdk("NetmatrixSystem"), sdk("CNetmatrixShims")], path: "Tests/TestSupport"),
        .testTarget(name: "UnitTests", dependencies: ["TestSupport", "NetmatrixCore", sdk("PluginKit"), sdk("CKernels")]),
        .testTarget(name: "IntegrationTests", dependencies: ["TestSupport", "NetmatrixCore"]),
    ] + dataPathPlugins.map { plugin in
        plugin.swift
            ? .target(name: plugin.target, dependencies: [sdk("PluginKit")], path: plugin.path)
            : .target(name: plugin.target, dependencies: [sdk("NetmatrixABI"), sdk("CKernels"), sdk("CPluginSupport")], path: plugin.path, publicHeadersPath: ".")
    }
)
