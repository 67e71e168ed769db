import Foundation
import PluginKit
import TestSupport
import Testing

/// nm_keep (and PluginKit's BlackHole, the same asm statement) keeps extra passes
/// from being merged or deleted. The proof is counted, not timed: a fixture makes
/// four out-and-back copies, as the copy plugin's app_copies does, built at -O2 by
/// the toolchain's clang (the LLVM optimiser Swift uses) and linked with a memcpy
/// that counts its calls, built apart so the optimiser cannot see into it.
@Suite("BlackHole and nm_keep keep extra work from being optimised away")
struct BlackHoleTests {
    static let fixture = Repository.root.appendingPathComponent("Tests/Fixtures/keep_passes.c").path
    static let include = Repository.root.appendingPathComponent("SDK/Sources/CPluginSupport/include").path

    /// How many copies the fixture's passes made, built at -O2 with `defines`.
    func copiesMade(defines: [String]) throws -> Int {
        let clang = try #require(ChildProcess.which("clang"))
        let scratch = try TestPluginBuilder()  // its folder lives as long as it does
        let folder = scratch.folder
        for (arguments, what) in [
            (["-O0", "-fno-builtin", "-DCOUNTING_MEMCPY", "-c", Self.fixture, "-o", folder + "/counter.o"], "the counting memcpy"),
            (["-O2", "-I", Self.include] + defines + ["-c", Self.fixture, "-o", folder + "/passes.o"], "the passes"),
            ([folder + "/passes.o", folder + "/counter.o", "-o", folder + "/passes"], "the program"),
        ] {
            let built = try ChildProcess.run(clang, arguments)
            try #require(built.status == 0, "clang failed to build \(what): \(built.errors)")
        }
        let ran = try ChildProcess.run(folder + "/passes", ["65536"])
        try #require(ran.status == 0, "\(ran.errors)")
        return try withExtendedLifetime(scratch) { try #require(Int(ran.output.trimmingCharacters(in: .whitespacesAndNewlines))) }
    }

    @Test(.requires(.program("clang", why: "builds the passes with the optimiser Swift uses")))
    func everyKeptPassRunsAtO2() throws {
        // 4 passes, each a copy out and a copy back.
        #expect(try copiesMade(defines: ["-DKEEP"]) == 8)
        // The hazard is real: without nm_keep clang deletes or merges them (today all of
        // them: nothing reads the buffers afterwards), so the count above can fail.
        #expect(try copiesMade(defines: []) < 8)
    }

    @Test func keepLeavesWhatItKeepsAsItWas() {
        var bytes: [UInt8] = [1, 2, 3, 4]
        bytes.withUnsafeMutableBytes { buffer in
            BlackHole.keep(buffer)
            BlackHole.keep(UnsafeRawBufferPointer(buffer))
        }
        let sum = bytes.reduce(0, &+)
        BlackHole.keep(sum)
        #expect(bytes == [1, 2, 3, 4])
        #expect(sum == 10)
    }
}
