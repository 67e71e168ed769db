import Foundation

/// Runs a program to completion and keeps what it said: the one way tests run
/// the built netmatrix binary, compilers and helper scripts.
public enum ChildProcess {
    public struct Outcome: Sendable {
        /// The exit code, or the signal's number when `killedBySignal`.
        public var status: Int32
        public var killedBySignal = false
        public var output: String
        public var errors: String
        /// Wall-clock time from start to exit.
        public var seconds: Double = 0
    }

    /// `environment` is added to this process's own.
    public static func run(
        _ path: String, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let started = Date()
        // Standard error goes to a file, so a child that fills it cannot block
        // while we read standard output to its end.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("nm-child-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errors.close()
        let err = (try? Data(contentsOf: errorFile)) ?? Data()
        return Outcome(
            status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
            output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self),
            seconds: Date().timeIntervalSince(started))
    }

    /// The first executable `name` on PATH, then in the usual system folders.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map(String.init) ?? []
        for folder in path + ["/usr/bin", "/usr/local/bin", "/bin"]
        where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        return nil
    }
}
