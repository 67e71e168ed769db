@testable import NetmatrixCore
import Foundation
import Testing

@Suite("Matrix files: cells, assertions, and every refusal with its line")
struct MatrixFileTests {
    /// A path inside Netns/, so topology names resolve to the real files.
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Netns/test-matrix.yaml").path

    static let valid = """
        name: small
        sample: {duration: 500ms}
        warmup: 1
        sampling: {initial: 3, step: 2, max: 9}
        blocks:
          - name: senders
            topology: [loopback, veth]
            send: [copy, "zerocopy:sendfile"]
            receive: copy
            size: [4K, 64KiB]
            offloads: [on, off]
        exclude:
          - {topology: loopback, offloads: off}
        assertions:
          - name: sendfile-cpu
            why: sendfile skips the user-space copy
            metric: sender_cpu_per_mb
            where: {topology: veth}
            compare: {send: "zerocopy:sendfile"}
            against: {send: copy}
            expect: "<= 0.95"
        """

    @Test func validMatrixExpandsToItsCells() throws {
        let loaded = try MatrixFile.parse(yaml: Self.valid, path: Self.path)
        let spec = loaded.spec
        #expect(spec.sampleDuration == 0.5)
        #expect(spec.sampling == AdaptiveSampling(initialRounds: 3, stepRounds: 2, maximumRounds: 9))
        // 2 topologies x 2 senders x 2 sizes x 2 offloads, minus loopback with offloads off (4).
        #expect(spec.cells.count == 12)
        #expect(spec.cells.contains { $0.id == "veth/tcp/zerocopy:sendfile->copy/64K/mtu-default/offloads-off/flows-1" })
        #expect(Set(loaded.topologies.keys) == ["loopback", "veth"])
        let assertion = try #require(spec.assertions.first)
        #expect(assertion.comparison == .atMost && assertion.threshold == 0.95)
        #expect(assertion.pairs(in: spec.cells).count == 4)
    }

    static let refusals: [(String, String, String)] = [
        ("name: m\nblocks:\n  - topology: veth\n    send: copy\n    receive: copy\n    size: 4K\n    sizes: 8K\n",
         "7: blocks[0].sizes", "did you mean 'size'?"),
        ("name: m\nblocks:\n  - topology: nowhere\n    send: copy\n    receive: copy\n    size: 4K\n",
         "3: blocks[0].topology", "topology 'nowhere' not found (looked for"),
        ("name: m\nblocks:\n  - topology: veth\n    transport: sctp\n    send: copy\n    receive: copy\n    size: 4K\n",
         "4: blocks[0].transport", "'sctp' is not a transport"),
        ("name: m\nblocks:\n  - topology: veth\n    send: copy\n    receive: copy\n    size: [4K, 4Q]\n",
         "6: blocks[0].size[1]", "'4Q' is not a size"),
        ("name: m\nblocks:\n  - topology: veth\n    send: copy\n    receive: copy\n    size: 4K\n    flows: 32\n",
         "7: blocks[0].flows", "at most 16"),
        ("name: m\nblocks:\n  - topology: veth\n    send: copy\n    receive: copy\n    size: 4K\n    mtu: 70000\n",
         "7: blocks[0].mtu", "'70000' is not an MTU"),
        ("name: m\nsample: {duration: 5}\nblocks:\n  - topology: veth\n    send: copy\n    receive: copy\n    size: 4K\n",
         "2: sample.duration", "is not a duration"),
        ("name: m\nblocks:\n  - topology: veth\n    send: copy\n    size: 4K\n",
         "3: blocks[0].receive", "missing (required)"),
        ("name: m\nblocks:\n  - {topology: veth, send: copy, receive: copy, size: 4K}\nexclude:\n  - {topology: veth}\n",
         "2: blocks", "every cell is excluded"),
        ("name: m\nblocks:\n  - {topology: veth, send: copy, receive: copy, size: 4K}\nassertions:\n  - {name: a, why: w, metric: goodput, compare: {send: x}, against: {receive: copy}, expect: '>= 1'}\n",
         "5: assertions[0].against", "must name the same axes as compare"),
        ("name: m\nblocks:\n  - {topology: veth, send: copy, receive: copy, size: 4K}\nassertions:\n  - {name: a, why: w, metric: goodput, compare: {send: x}, against: {send: y}, expect: 'at least 1'}\n",
         "5: assertions[0].expect", "is not an expectation"),
        ("name: m\nblocks:\n  - {topology: veth, send: copy, receive: copy, size: 4K}\nassertions:\n  - {name: a, why: w, metric: goodputs, compare: {send: x}, against: {send: y}, expect: '>= 1'}\n",
         "5: assertions[0].metric", "did you mean 'goodput'?"),
        ("name: m\nblocks:\n  - {topology: veth, send: copy, receive: copy, size: 4K}\nassertions:\n  - {name: a, why: w, metric: goodput, compare: {send: x}, expect: '>= 1'}\n",
         "5: assertions[0].against", "goodput is asserted only as a ratio"),
        ("name: m\nsampling: {initial: 5, max: 3}\nblocks:\n  - {topology: veth, send: copy, receive: copy, size: 4K}\n",
         "2: sampling.max", "below initial"),
    ]

    /// The plan's check of the file as a whole: a wire exactly where the topology has one, and assertions that select pairs.
    static let planRefusals: [(String, String, String)] = [
        ("name: m\nblocks:\n  - topology: loopback\n    send: copy\n    receive: copy\n    wire: [none, copy]\n    size: 4K\n",
         "6: blocks[0].wire[1]", "wire 'copy' on topology 'loopback', which has no wire"),
        ("name: m\nblocks:\n  - topology: [veth, tap]\n    send: copy\n    receive: copy\n    size: 4K\n",
         "3: blocks[0].topology[1]", "topology 'tap' joins tap0 and tap1 with a wire plugin; name one"),
        ("name: m\nblocks:\n  - {topology: veth, send: copy, receive: copy, size: [4K, 64K]}\nassertions:\n  - {name: a, why: w, metric: goodput, compare: {size: 8K}, against: {size: 64K}, expect: '>= 1'}\n",
         "5: assertions[0]", "'a' selects no pair of cells: no cell has size=8K"),
        ("name: m\nblocks:\n  - {topology: veth, send: copy, receive: copy, size: [4K, 64K]}\nassertions:\n  - name: a\n    why: w\n    metric: goodput\n    where: {topology: veth}\n    compare: {size: 4K}\n    against: {size: 1M}\n    expect: '>= 1'\n",
         "5: assertions[0]", "none of the 1 cells compare selects has a partner with size=1M"),
    ]

    @Test(arguments: refusals)
    func refusesWithLineAndField(_ refusal: (String, String, String)) {
        let (yaml, place, reason) = refusal
        do {
            _ = try MatrixFile.parse(yaml: yaml, path: Self.path)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.exitStatus == .badInput)
            let line = error.messages.first { $0.contains(place) }
            #expect(line != nil, "no problem at \(place) in: \(error.messages)")
            #expect(line?.contains(reason) == true, "\(error.messages)")
            #expect(line?.hasPrefix(Self.path + ":") == true)
        }
    }

    @Test(arguments: planRefusals)
    func planRefusesTheWholeFileWithLineAndField(_ refusal: (String, String, String)) throws {
        let (yaml, place, reason) = refusal
        let loaded = try MatrixFile.parse(yaml: yaml, path: Self.path)
        let messages = loaded.spec.refusals(topologies: loaded.topologies).map(\.description)
        let line = messages.first { $0.contains(place) }
        #expect(line != nil, "no refusal at \(place) in: \(messages)")
        #expect(line?.contains(reason) == true, "\(messages)")
        #expect(line?.hasPrefix(Self.path + ":") == true)
    }

    @Test func aWireOnATapTopologyAndNoneElsewhereIsAccepted() throws {
        let yaml = """
            name: m
            blocks:
              - {topology: veth, send: copy, receive: copy, size: 4K}
              - {topology: tap, send: copy, receive: copy, wire: [copy, csum-copy], size: 4K}
            """
        let loaded = try MatrixFile.parse(yaml: yaml, path: Self.path)
        #expect(loaded.spec.refusals(topologies: loaded.topologies).isEmpty)
        #expect(loaded.spec.cells.map { $0[.wire] } == ["none", "copy", "csum-copy"])
    }

    @Test func pluginUsesNameTheirLines() throws {
        let yaml = """
            name: m
            blocks:
              - topology: tap
                send: copy
                receive: [copy, "csum-copy,fused=0"]
                wire: copy
                size: 4K
            """
        let spec = try MatrixFile.parse(yaml: yaml, path: Self.path).spec
        let uses = spec.pluginUses(among: spec.cells, path: "m.yaml")
        #expect(uses.map(\.place) == ["m.yaml:4: blocks[0].send", "m.yaml:5: blocks[0].receive[0]", "m.yaml:5: blocks[0].receive[1]", "m.yaml:6: blocks[0].wire"])
        #expect(uses.map(\.role) == [.send, .receive, .receive, .wire])
        // Only what the selected cells use.
        let fused = spec.cells.filter { $0[.receive] != "copy" }
        #expect(spec.pluginUses(among: fused, path: "m.yaml").map(\.text) == ["copy", "csum-copy,fused=0", "copy"])
    }

    @Test func unreadableFileNamesTheFileAndReason() {
        #expect(throws: InputFileError.self) { try MatrixFile.load(path: "/nonexistent/matrix.yaml") }
        do {
            _ = try MatrixFile.load(path: "/nonexistent/matrix.yaml")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/matrix.yaml: open: No such file or directory"))
        }
    }
}
