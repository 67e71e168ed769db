import Foundation
@testable import NetmatrixCore
import Testing

@Suite("plugins list: modes per role and options with their help, JSON without empty entries")
struct PluginListingTests {
    static let receiveOnly = PluginInfo(
        name: "p", version: "1.2.0", abi: "1.0", roles: ["receive", "wire"],
        modes: .init(send: [""], receive: ["fast", "slow"], wire: [""]),
        file: "/plugins/libnetmatrix-plugin-p.so", description: "",
        optionsHelp: "rcvtimeo_ms=<1..60000>: wake-up period\nnote: free text\nnt=auto|0|1: streaming stores\nflag=on\nbare=\n")

    @Test func jsonListsOfferedRolesOnlyAndNoEmptyStrings() throws {
        let listing = PluginListing(Self.receiveOnly)
        #expect(listing.modes == ["receive": ["fast", "slow"], "wire": []])
        #expect(listing.description == nil)
        #expect(listing.options == [
            DeclaredOption(key: "rcvtimeo_ms", placeholder: "1..60000", help: "wake-up period"),
            DeclaredOption(key: "nt", placeholder: "auto|0|1", help: "streaming stores"),
            DeclaredOption(key: "flag", placeholder: nil, help: "on"),
            DeclaredOption(key: "bare", placeholder: nil, help: ""),
        ])
        #expect(listing.options.last?.help == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(listing), as: UTF8.self)
        #expect(!json.contains(#""""#), "\(json)")
        #expect(!json.contains(#""send""#), "\(json)")
        #expect(!json.contains("description"), "\(json)")
        #expect(try JSONDecoder().decode(PluginListing.self, from: Data(json.utf8)) == listing)
    }

    @Test func textShowsModesPerRoleAndEachOptionWithItsHelp() {
        let text = PluginListing.text([PluginListing(Self.receiveOnly)], width: 60)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "p 1.2.0  (ABI 1.0)  /plugins/libnetmatrix-plugin-p.so")
        #expect(lines.contains("  receive  modes: fast, slow"))
        #expect(lines.contains("  wire     one unnamed mode"))
        #expect(!lines.contains { $0.contains("send") })
        #expect(lines.contains("    rcvtimeo_ms=<1..60000>  wake-up period"))
        #expect(lines.contains("    nt=<auto|0|1>           streaming stores"))
        #expect(lines.contains("    flag=                   on"))
        #expect(lines.last == "    bare=")
    }

    @Test func longHelpWrapsUnderItsColumn() {
        var info = Self.receiveOnly
        info.optionsHelp = "k=<0..9>: " + Array(repeating: "word", count: 30).joined(separator: " ")
        let lines = PluginListing.text([PluginListing(info)], width: 40).split(separator: "\n")
        let option = lines.drop { !$0.hasPrefix("    k=") }
        #expect(option.count > 3)
        #expect(option.allSatisfy { $0.count <= 40 })
        // The help's column: the longest `key=<value>` form (8) and six spaces.
        #expect(option.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 14)) && !$0.hasPrefix(String(repeating: " ", count: 15)) })
    }

    @Test func aPluginWithoutOptionsSaysSo() {
        var info = Self.receiveOnly
        info.optionsHelp = ""
        #expect(PluginListing.text([PluginListing(info)]).hasSuffix("  options: none"))
    }
}
