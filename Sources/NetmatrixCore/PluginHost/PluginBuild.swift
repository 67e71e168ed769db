import Foundation

/// `netmatrix plugins build DIR`: builds a plugin package as `plugins new` writes
/// it, in release mode (a debug build measures unoptimised code), and finds the
/// `libnetmatrix-plugin-*.so` it made. A Swift package is built by SwiftPM, a C
/// scaffold by its Makefile; the tool is looked up on PATH.
public struct PluginBuild: Sendable {
    public enum Kind: Sendable {
        /// Package.swift: `swift build -c release --package-path DIR`, output in DIR/.build/release.
        case swiftPackage
        /// Makefile: `make -C DIR`, output in DIR.
        case makefile
    }

    public struct Failure: Error, CustomStringConvertible, ExitCoded {
        public enum Reason: Sendable, Equatable {
            /// Neither Package.swift nor Makefile, or a build that made no plugin file.
            case notAPluginPackage
            /// The compiler refused the plugin's code: the code under test failed.
            case buildFailed
            /// The build tool could not be started.
            case toolUnavailable
        }

        public var reason: Reason
        public var description: String

        public var exitStatus: ExitStatus {
            switch reason {
            case .notAPluginPackage: .badInput
            case .buildFailed: .assertionFailed
            case .toolUnavailable: .infrastructure
            }
        }
    }

    /// How many of the tool's last lines a failure shows: the compiler's error
    /// and its context, not the whole log.
    public static let failureLines = 20

    /// Absolute, so the printed plugin path works from any folder.
    public let folder: String
    public let kind: Kind

    public init(folder: String) throws(Failure) {
        let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        self.folder = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if access(self.folder + "/Package.swift", R_OK) == 0 {
            kind = .swiftPackage
        } else if access(self.folder + "/Makefile", R_OK) == 0 {
            kind = .makefile
        } else {
            throw Failure(
                reason: .notAPluginPackage,
                description: "\(self.folder): not a plugin package (no Package.swift or Makefile); make one with netmatrix plugins new NAME --lang c|swift")
        }
    }

    /// The command line, as the user could type it.
    public var command: [String] {
        switch kind {
        case .swiftPackage: ["swift", "build", "-c", "release", "--package-path", folder]
        case .makefile: ["make", "-C", folder]
        }
    }

    /// Where the build leaves its plugin files.
    public var outputFolder: String {
        switch kind {
        case .swiftPackage: folder + "/.build/release"
        case .makefile: folder
        }
    }

    /// Runs the build and returns the plugin files in `outputFolder`, sorted: one
    /// for a scaffold. The tool's output is kept, and its last lines are the
    /// failure's description, so stdout carries only the paths.
    public func run() throws(Failure) -> [String] {
        let process = Process()
        // env finds the tool on PATH as a shell would, and exits 127 when it cannot.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(reason: .toolUnavailable, description: "\(command.joined(separator: " ")): \(error)")
        }
        // Read to the end before waiting: a chatty build would otherwise block on a full pipe.
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let status = process.terminationStatus
        guard process.terminationReason == .exit, status == 0 else {
            let tail = log.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: "\n", omittingEmptySubsequences: false).suffix(Self.failureLines).joined(separator: "\n")
            let tool = command.first ?? "build"
            if process.terminationReason == .exit && status == 127 {
                throw Failure(reason: .toolUnavailable, description: "\(tool): not found on PATH\n\(tail)")
            }
            let ended = process.terminationReason == .exit ? "exited with \(status)" : "killed by signal \(status)"
            throw Failure(reason: .buildFailed, description: "\(command.joined(separator: " ")) \(ended):\n\(tail)")
        }
        let built = Self.pluginFiles(in: outputFolder)
        guard !built.isEmpty else {
            throw Failure(
                reason: .notAPluginPackage,
                description: "\(command.joined(separator: " ")) built no libnetmatrix-plugin-*.so in \(outputFolder)")
        }
        return built
    }

    /// The `libnetmatrix-plugin-*.so` files directly in `folder`, as absolute paths.
    static func pluginFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("libnetmatrix-plugin-") && $0.hasSuffix(".so") }.sorted().map { folder + "/" + $0 }
    }
}
