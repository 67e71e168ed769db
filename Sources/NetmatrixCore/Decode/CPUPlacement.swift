/// Where a cell's workers run. `any` leaves it to the scheduler; `same` pins
/// every worker to the first CPU this process may use, so sender, receiver and
/// the softirq work they raise share one CPU; `split` pins the sender to the
/// first and the receiver (and a wire) to the second, so the two sides never
/// compete for a CPU. Pinning is how a claim is checked to hold whatever the
/// scheduler does; the default matrix's claims must hold under all three.
/// A decoded value (the `cpus` axis, `--cpus`); the executor does the pinning.
public enum CPUPlacement: String, CaseIterable, Sendable, Codable {
    case any, same, split
}
