@testable import NetmatrixCore
import Testing

@Suite("Option values as options_help declares them: ranges, byte counts, words, free text")
struct DeclaredOptionValueTests {
    @Test func placeholdersParseToWhatTheHostChecks() {
        #expect(DeclaredOptionValue(placeholder: "1..60000") == .integer(1...60_000))
        #expect(DeclaredOptionValue(placeholder: "4096..1073741824 bytes") == .byteCount(4096...1_073_741_824))
        #expect(DeclaredOptionValue(placeholder: "auto|0|1") == .choice(["auto", "0", "1"]))
        #expect(DeclaredOptionValue(placeholder: "milliseconds") == .unchecked)
        #expect(DeclaredOptionValue(placeholder: "9..1") == .unchecked)
        #expect(DeclaredOptionValue(placeholder: "a||b") == .unchecked)
    }

    @Test func valuesAreCheckedAgainstTheirPlaceholder() {
        #expect(DeclaredOptionValue.integer(0...1000).problem(with: "1000") == nil)
        #expect(DeclaredOptionValue.integer(0...1000).problem(with: "1001") == "an integer in 0...1000")
        #expect(DeclaredOptionValue.integer(0...1000).problem(with: "abc") == "an integer in 0...1000")
        #expect(DeclaredOptionValue.byteCount(4096...(1 << 30)).problem(with: "64K") == nil)
        #expect(DeclaredOptionValue.byteCount(4096...(1 << 30)).problem(with: "1k") != nil)
        #expect(DeclaredOptionValue.byteCount(4096...(1 << 30)).problem(with: "2G") != nil)
        #expect(DeclaredOptionValue.choice(["memfd", "vmsplice"]).problem(with: "mmap") == "one of memfd, vmsplice")
        #expect(DeclaredOptionValue.unchecked.problem(with: "anything") == nil)
    }

    @Test func aDescriptorsHelpLinesGiveEachKeyItsValue() {
        let info = PluginInfo(
            name: "p", version: "1", abi: "1.0", roles: ["receive"], modes: .init(send: [], receive: [""], wire: []),
            file: "/p.so", description: "",
            optionsHelp: "rcvtimeo_ms=<1..60000>: wake-up period\nnt=auto|0|1: streaming stores\nnote: free text\nlabel=<text>: a name")
        #expect(info.optionValues == ["rcvtimeo_ms": .integer(1...60_000), "nt": .choice(["auto", "0", "1"]), "label": .unchecked])
    }
}
