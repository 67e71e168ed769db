import NetmatrixCore
import Testing

@Suite("Plugin spec: name[:mode][,key=value...]")
struct PluginSpecTests {
    @Test func parsesNameModeAndOptions() throws {
        let spec = try PluginSpec(parsing: "zerocopy:sendfile,chunk=64K,pin=1")
        #expect(spec.plugin == .name("zerocopy"))
        #expect(spec.mode == "sendfile")
        #expect(spec.options == [.init(key: "chunk", value: "64K"), .init(key: "pin", value: "1")])
        #expect(spec.optionsString == "chunk=64K,pin=1")
        #expect(spec.description == "zerocopy:sendfile,chunk=64K,pin=1")
    }

    @Test func parsesABareName() throws {
        let spec = try PluginSpec(parsing: "copy")
        #expect(spec == PluginSpec(plugin: .name("copy")))
    }

    @Test func recognisesPaths() throws {
        #expect(try PluginSpec(parsing: "./libx.so:mode") == PluginSpec(plugin: .path("./libx.so"), mode: "mode"))
        #expect(try PluginSpec(parsing: "/opt/p/libx.so").plugin == .path("/opt/p/libx.so"))
        #expect(try PluginSpec(parsing: "libx.so,a=1").options == [.init(key: "a", value: "1")])
    }

    @Test func optionValuesMayBeEmpty() throws {
        #expect(try PluginSpec(parsing: "copy,flag=").options == [.init(key: "flag", value: "")])
    }

    @Test(arguments: ["", ":mode", "copy,noequals", "copy,=1", "copy:bad mode"])
    func refusesMalformedSpecs(text: String) {
        #expect(throws: PluginSpec.ParseError.self) { try PluginSpec(parsing: text) }
    }
}
