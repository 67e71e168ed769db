import Foundation
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// One line to standard error: where every diagnostic goes, so standard
/// output stays data (tables, JSON) a script can read. The same writer as the
/// core's and the workers' (`StandardError`): one place writes errors.
func printError(_ message: String) {
    StandardError.write(message)
}

/// A live progress line on a terminal (rewritten in place), plain lines otherwise.
final class ProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastWidth = 0

    func update(_ text: String) {
        if isTerminal {
            let padded = text.padding(toLength: max(text.count, lastWidth), withPad: " ", startingAt: 0)
            StandardError.write("\r" + padded, terminator: "")
            lastWidth = text.count
        } else {
            printError(text)
        }
    }

    /// Ends the live line so what follows starts on its own line.
    func finish() {
        if isTerminal, lastWidth > 0 {
            StandardError.write("")
            lastWidth = 0
        }
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
