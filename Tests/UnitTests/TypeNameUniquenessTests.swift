import Foundation
import TestSupport
import Testing

/// One name, one meaning: no two modules of the package declare a public or
/// internal type of the same name (two `PluginRegistry`s once meant two things).
@Suite("Type names are unique across the package's modules")
struct TypeNameUniquenessTests {
    /// `struct|enum|class|protocol|actor|typealias NAME` at the start of a line:
    /// a top-level declaration, with its attributes and modifiers.
    static let declaration = try? NSRegularExpression(
        pattern: #"^(?:@\w+(?:\([^)]*\))?\s+)*((?:(?:public|internal|package|fileprivate|private|open|final|indirect)\s+)*)(?:struct|enum|class|protocol|actor|typealias)\s+([A-Za-z_]\w*)"#,
        options: .anchorsMatchLines)

    /// Type name -> the modules (Sources/X, SDK/Sources/X, Plugins/X) that declare it.
    static func declarations() throws -> [String: Set<String>] {
        let regex = try #require(declaration)
        var found: [String: Set<String>] = [:]
        for top in ["Sources", "SDK/Sources", "Plugins"] {
            let root = Repository.root.appendingPathComponent(top)
            for module in try FileManager.default.contentsOfDirectory(atPath: root.path) {
                let folder = root.appendingPathComponent(module)
                guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
                for case let file as String in files where file.hasSuffix(".swift") {
                    let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                    let range = NSRange(text.startIndex..., in: text)
                    for match in regex.matches(in: text, range: range) {
                        guard let modifiers = Range(match.range(at: 1), in: text), let name = Range(match.range(at: 2), in: text),
                            !text[modifiers].contains("private")
                        else { continue }
                        found[String(text[name]), default: []].insert("\(top)/\(module)")
                    }
                }
            }
        }
        return found
    }

    @Test func noTwoModulesDeclareTheSameTypeName() throws {
        let declared = try Self.declarations()
        // The scan sees the package: a type every stage passes along must be among what it found.
        #expect(declared["FlowRunner"] == ["Sources/NetmatrixCore"])
        #expect(declared["PluginRole"] == ["SDK/Sources/PluginKit"])
        let shared = declared.filter { $0.value.count > 1 }.map { "\($0.key): \($0.value.sorted().joined(separator: ", "))" }
        #expect(shared.isEmpty, "declared in more than one module: \(shared.sorted().joined(separator: "; "))")
    }
}
