import ArgumentParser
import NetmatrixCore

/// Runs a command's body and turns what it throws into netmatrix's exit codes:
/// an error that knows its code (`ExitCoded`) is printed as one line and exits
/// with that code; anything else is the harness failing (3).
func exitingWithStatus(_ command: String, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as any ExitCoded {
        printError("netmatrix \(command): \(error)")
        throw ExitCode(error.exitStatus.rawValue)
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("netmatrix \(command): \(error)")
        throw ExitCode(ExitStatus.infrastructure.rawValue)
    }
}
