import Foundation
import NetmatrixCore
import Testing

/// What a test needs from the machine it runs on, and the one place that decides
/// what happens without it: the test is skipped, saying why, unless
/// NETMATRIX_REQUIRE_ALL_TESTS=1 (as `.ci/run` sets), which turns that skip into
/// a failure, so a green CI run means every test ran. A kernel feature a machine
/// may really lack (dummy, netem) is no requirement: the test that needs it checks
/// for the skip reason netmatrix itself gives.
public struct TestRequirement: Sendable {
    /// Why a test needs it: the skip's comment, e.g. "needs root: network namespaces".
    public let need: String
    public let isMet: @Sendable () -> Bool

    public init(_ need: String, isMet: @escaping @Sendable () -> Bool) {
        self.need = need
        self.isMet = isMet
    }

    /// The environment switch that makes a missing requirement a failure.
    public static let strictVariable = "NETMATRIX_REQUIRE_ALL_TESTS"
    public static let isStrict = ProcessInfo.processInfo.environment[strictVariable] == "1"

    /// Effective uid 0: namespaces, netlink writes, chown, /dev/net/tun. The one privilege check of the tests.
    public static let isRoot = geteuid() == 0

    public static let root = TestRequirement("needs root: network namespaces, netlink writes") { isRoot }
    public static let tun = TestRequirement("needs root and a usable /dev/net/tun for TAP devices") {
        isRoot && access("/dev/net/tun", R_OK | W_OK) == 0
    }
    public static let netmatrixBinary = TestRequirement("needs the netmatrix executable built next to the tests (swift build)") {
        WorkerExecutable.locate() != nil
    }
    public static let builtPlugins = TestRequirement("needs the plugins built next to the tests (swift build)") { BuiltPlugins.allBuilt }
    /// TestPluginBuilder's compiler.
    public static let compiler = TestRequirement("needs /usr/bin/cc to build test plugins") {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/cc")
    }
    public static let make = TestRequirement("needs /usr/bin/make") { FileManager.default.isExecutableFile(atPath: "/usr/bin/make") }
    /// A program on PATH (or in the usual folders), e.g. setpriv or chromium.
    public static func program(_ name: String, why: String) -> TestRequirement {
        TestRequirement("needs \(name): \(why)") { ChildProcess.which(name) != nil }
    }

    struct Unmet: Error, CustomStringConvertible {
        var need: String
        var description: String { "\(need); \(TestRequirement.strictVariable)=1 makes a missing requirement a failure, not a skip" }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test where `requirement` is met; otherwise skips it with the need as
    /// the reason, or, under NETMATRIX_REQUIRE_ALL_TESTS=1, fails it.
    public static func requires(_ requirement: TestRequirement) -> Self {
        .enabled(Comment(rawValue: requirement.need)) {
            if requirement.isMet() { return true }
            if TestRequirement.isStrict { throw TestRequirement.Unmet(need: requirement.need) }
            return false
        }
    }
}
