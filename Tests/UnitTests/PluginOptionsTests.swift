import PluginKit
import Testing

@Suite("PluginKit options: key=value parsing, checked against declared keys")
struct PluginOptionsTests {
    let declared = [
        PluginOption("chunk", value: "bytes", "region size"),
        PluginOption("count", value: "count", "how many"),
        PluginOption("verify", value: "flag", "check"),
    ]

    @Test func parsesValuesAndTypedAccessors() throws {
        let options = try PluginOptions(parsing: "chunk=256K, count=12 ,verify=yes", declared: declared)
        #expect(try options.byteCount("chunk", default: 0) == 256 << 10)
        #expect(try options.integer("count", default: 0) == 12)
        #expect(try options.flag("verify", default: false))
        #expect(try PluginOptions(parsing: "", declared: declared).integer("count", default: 7) == 7)
        #expect(try PluginOptions(parsing: "chunk=1M", declared: declared).byteCount("chunk", default: 0) == 1 << 20)
    }

    @Test func unknownKeyIsAnErrorNamingIt() {
        #expect(throws: PluginError.unknownOption(key: "chunky", known: ["chunk", "count", "verify"])) {
            try PluginOptions(parsing: "chunk=1,chunky=2", declared: declared)
        }
        let error = PluginError.unknownOption(key: "zz", known: [])
        #expect(error.description == "options: unknown key 'zz' (this plugin takes no options)")
        #expect(error.code == 22)  // EINVAL
    }

    @Test func malformedDuplicateAndBadValuesAreErrors() throws {
        #expect(throws: PluginError.malformedOptions("'chunk' is not key=value")) {
            try PluginOptions(parsing: "chunk", declared: declared)
        }
        #expect(throws: PluginError.malformedOptions("'count' given twice")) {
            try PluginOptions(parsing: "count=1,count=2", declared: declared)
        }
        let options = try PluginOptions(parsing: "count=-3,chunk=12Q,verify=maybe", declared: declared)
        #expect(throws: PluginError.self) { try options.integer("count", default: 0, in: 0...10) }
        #expect(throws: PluginError.self) { try options.byteCount("chunk", default: 0) }
        #expect(throws: PluginError.self) { try options.flag("verify", default: false) }
    }
}
