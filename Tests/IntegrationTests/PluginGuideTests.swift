import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// Docs/plugins.md followed as written, so the guide cannot drift from the code:
/// its `guide` blocks, in order, in a fresh folder outside the checkout, with the
/// netmatrix built beside the tests installed the way `make install` lays it out.
@Suite(
    "Docs/plugins.md, followed literally",
    .requires(.root),
    .requires(.make),
    .requires(.compiler),
    .requires(.netmatrixBinary),
    .requires(.builtPlugins),
    .requires(.program("swift", why: "the guide builds a Swift plugin"))
)
struct PluginGuideTests {
    static let guide = Repository.root.appendingPathComponent("Docs/plugins.md")

    @Test func theStepsParseAsTheGuideSaysTheyAre() throws {
        let steps = try GuideStep.steps(in: String(contentsOf: Self.guide, encoding: .utf8))
        let commands = steps.compactMap { if case .shell(let text) = $0.action { text } else { nil } }
        let files = steps.compactMap { if case .file(let name, _) = $0.action { name } else { nil } }
        // Both languages: scaffold, build, check, run, matrix; the install block is not a step.
        for language in ["swift", "c"] {
            for verb in ["plugins new hello-\(language)", "plugins build", "plugins check", "run --topology", "matrix hello-\(language).yaml"] {
                #expect(commands.contains { $0.hasPrefix("netmatrix ") && $0.contains(verb) && $0.contains("hello-\(language)") }, "\(verb)")
            }
        }
        #expect(files == ["hello-swift.yaml", "hello-c.yaml"])
        #expect(!commands.contains { $0.contains("make install") })
    }

    @Test func everyStepWorksAndBothMatricesPass() throws {
        let steps = try GuideStep.steps(in: String(contentsOf: Self.guide, encoding: .utf8))
        let executable = try #require(WorkerExecutable.locate())
        let temporary = try TestPluginBuilder()  // a private folder outside the checkout, removed with it
        let prefix = temporary.folder + "/prefix", work = temporary.folder + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

        // The guide's install block, without its release build.
        let install = try ChildProcess.run("/usr/bin/make", [
            "-s", "-C", Repository.root.path, "install-built",
            "FROM=" + URL(fileURLWithPath: executable).deletingLastPathComponent().path, "DESTDIR=" + prefix, "PREFIX=/usr",
        ])
        try #require(install.status == 0, "make install-built: \(install.output) \(install.errors)")
        let path = prefix + "/usr/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

        // Both CPUs busy for half a minute: kept apart from tests whose verdicts are timing.
        try ExclusiveLoad.run { try follow(steps, in: work, path: path) }

        for language in ["swift", "c"] {
            let file = URL(fileURLWithPath: work + "/hello-\(language)-results/results.json")
            let results = try JSONDecoder().decode(RunResults.self, from: Data(contentsOf: file))
            #expect(results.cells.count == 3 && results.cells.allSatisfy { $0.status == .passed }, "\(results.cells.map(\.id))")
            #expect(results.assertions.map(\.name) == ["hello-\(language)-keeps-up-with-copy", "hello-\(language)-passes-cost-cpu"])
            // The plugin's own counter, per sample, from the scaffold's passes.
            let folded = results.cells.first { $0.id.contains("hello-\(language),passes=4") }?.samples.compactMap { $0.pluginCounters?["receive.words_folded"] }
            #expect(folded?.isEmpty == false && folded?.allSatisfy { $0 > 0 } == true, "\(String(describing: folded))")
            #expect(results.assertions.allSatisfy { $0.verdict == .pass }, "\(results.assertions.map(\.verdict))")
        }
    }

    /// Takes the guide's steps in `work`: files written, commands run by /bin/sh
    /// with `path` (the installed netmatrix first) as PATH.
    func follow(_ steps: [GuideStep], in work: String, path: String) throws {
        let started = Date()
        for step in steps {
            switch step.action {
            case .file(let name, let text):
                try text.write(toFile: work + "/" + name, atomically: true, encoding: .utf8)
            case .shell(let script):
                // Nothing of the test's environment may point netmatrix back at the build.
                let outcome = try ChildProcess.run(
                    "/usr/bin/env",
                    ["-u", "NETMATRIX_EXECUTABLE", "-u", "NETMATRIX_PLUGIN_PATH", "-u", "NETMATRIX_SDK",
                     "PATH=" + path, "/bin/sh", "-e", "-c", script],
                    in: URL(fileURLWithPath: work))
                print("guide line \(step.line) (\(String(format: "%.1f", outcome.seconds)) s): \(script.trimmingCharacters(in: .newlines))")
                try #require(outcome.status == 0, "Docs/plugins.md:\(step.line): \(script)\n\(outcome.output)\n\(outcome.errors)")
            }
        }
        print("the guide's steps took \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
    }
}

/// One step of the guide: a fenced block whose info string holds the word `guide`,
/// run by /bin/sh (```` ```sh guide ````) or written to a file (```` ```yaml guide file=NAME ````).
struct GuideStep {
    enum Action {
        case shell(String)
        case file(name: String, text: String)
    }

    var action: Action
    /// The fence's line in the guide, for failures.
    var line: Int

    static func steps(in markdown: String) throws -> [GuideStep] {
        var steps: [GuideStep] = []
        var open: (info: [Substring], line: Int, body: [Substring])?
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasPrefix("```") else {
                open?.body.append(line)
                continue
            }
            guard let block = open else {
                open = (line.dropFirst(3).split(separator: " "), index + 1, [])
                continue
            }
            open = nil
            guard block.info.contains("guide") else { continue }
            let text = block.body.joined(separator: "\n") + "\n"
            if let file = block.info.first(where: { $0.hasPrefix("file=") }) {
                steps.append(GuideStep(action: .file(name: String(file.dropFirst(5)), text: text), line: block.line))
            } else {
                steps.append(GuideStep(action: .shell(text), line: block.line))
            }
        }
        return steps
    }
}
