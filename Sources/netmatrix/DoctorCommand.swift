import ArgumentParser
import NetmatrixCore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report privileges and kernel features, and how each was probed."
    )

    func run() throws {
        throw ValidationError("netmatrix doctor: not built yet")
    }
}
