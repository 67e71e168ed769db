import ArgumentParser
import NetmatrixCore
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

struct TopoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topo",
        abstract: "Build, show and tear down topologies from Netns/*.yaml.",
        discussion: """
            Examples:
              netmatrix topo up Netns/veth.yaml          build, hold until Ctrl-C or SIGTERM, tear down
              netmatrix topo up Netns/chain.yaml --keep  build with pinned namespaces and exit
              netmatrix topo show                        kept topologies, read live
              netmatrix topo down chain-x3k9q1           tear one kept topology down (or --all)
              netmatrix topo bench Netns/veth.yaml       time up() and down() (anonymous)
            """,
        subcommands: [Up.self, Show.self, Down.self, Bench.self]
    )

    struct Up: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a topology from a file.",
            discussion: """
                Without --keep the namespaces are anonymous: held by this process only, they vanish
                when it exits, even on SIGKILL. With --keep they are pinned at
                /run/netns/netmatrix-<name>-<random6> and described in /run/netmatrix/<id>.json.
                Example: netmatrix topo up Netns/veth.yaml
                """
        )

        @Argument(help: "A topology file, e.g. Netns/veth.yaml.")
        var file: String

        @Flag(help: "Pin the namespaces under /run/netns, print, and exit (remove with `topo down` or `clean`).")
        var keep = false

        func run() throws {
            try reportingTopologyExitStatus("topo up") {
                let spec = try TopologyFile.load(path: file)
                if keep {
                    let topology = try TopologyEngine.up(spec, keep: true)
                    print(topology.description)
                    print("kept: remove with `netmatrix topo down \(topology.id)` or `netmatrix clean`")
                    return
                }
                // Block the signals before anything is built so none can kill us between build and wait.
                let signals = TerminationSignals()
                let topology = try TopologyEngine.up(spec, keep: false)
                print(topology.description)
                print("holding \(topology.id): Ctrl-C or SIGTERM tears it down")
                fflush(nil)
                let signal = signals.wait()
                try topology.down()
                print("torn down \(topology.id) (signal \(signal))")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show kept topologies as the kernel has them now.")

        func run() throws {
            let (states, problems) = KeptTopologies.list()
            for problem in problems { TopologyCommandOutput.error("netmatrix topo show: \(problem)") }
            if states.isEmpty { print("no kept topologies") }
            for state in states { print(KeptTopologies.liveDescription(of: state)) }
        }
    }

    struct Down: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tear down kept topologies.",
            discussion: "Example: netmatrix topo down veth-x3k9q1"
        )

        @Argument(help: "The topology id `topo up --keep` and `topo show` print.")
        var id: String?

        @Flag(help: "Tear down every kept topology.")
        var all = false

        func validate() throws {
            guard (id != nil) != all else { throw ValidationError("give exactly one of: a topology id, --all") }
        }

        func run() throws {
            try reportingTopologyExitStatus("topo down") {
                let removed = try all ? KeptTopologies.downAll() : KeptTopologies.down(id: id ?? "")
                for line in removed { print("removed \(line)") }
                if removed.isEmpty { print("nothing to remove") }
            }
        }
    }
}

extension TopoCommand {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time building and tearing down a topology (anonymous, in a row).",
            discussion: """
                Prints the median and mean of up() (namespaces, links, addresses, links up, read back)
                and of down() (which waits for the kernel's namespace teardown). Compare with
                Benchmarks/Topology/veth-ip.sh. Example: netmatrix topo bench Netns/veth.yaml --runs 50
                """
        )

        @Argument(help: "A topology file, e.g. Netns/veth.yaml.")
        var file: String

        @Option(help: "Up/down cycles.")
        var runs = 20

        @Option(help: "Pause between cycles in milliseconds, so each up() finds the kernel idle.")
        var pause = 0

        @Option(help: "Hold each topology this many milliseconds before down(), as a test cell would.")
        var hold = 0

        func validate() throws {
            guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
            guard pause >= 0, hold >= 0 else { throw ValidationError("--pause and --hold cannot be negative") }
        }

        func run() throws {
            try reportingTopologyExitStatus("topo bench") {
                let spec = try TopologyFile.load(path: file)
                let clock = ContinuousClock()
                var ups: [Duration] = []
                var downs: [Duration] = []
                for _ in 0..<runs {
                    let start = clock.now
                    let topology = try TopologyEngine.up(spec)
                    let built = clock.now
                    try Self.sleep(milliseconds: hold)
                    let held = clock.now
                    try topology.down()
                    ups.append(built - start)
                    downs.append(clock.now - held)
                    try Self.sleep(milliseconds: pause)
                }
                func summary(_ samples: [Duration]) -> String {
                    let sorted = samples.sorted()
                    let median = sorted[sorted.count / 2]
                    let mean = samples.reduce(Duration.zero, +) / samples.count
                    return "median \(microseconds(median)) us, mean \(microseconds(mean)) us"
                }
                print("\(spec.name): \(runs) runs: up \(summary(ups)); down (waited) \(summary(downs)); up+down \(summary(zip(ups, downs).map { $0 + $1 }))")
            }
        }

        private static func sleep(milliseconds: Int) throws(SystemError) {
            guard milliseconds > 0 else { return }
            var interval = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
            _ = try syscall("topo bench", "nanosleep") { nanosleep(&interval, nil) }
        }

        private func microseconds(_ duration: Duration) -> Int64 {
            duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        }
    }
}

/// SIGINT and SIGTERM, blocked on creation and then awaited with sigwait, so a
/// held topology is torn down in order rather than killed mid-way.
struct TerminationSignals {
    private var set = sigset_t()

    init() {
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks until one of the signals arrives; returns its number.
    func wait() -> Int32 {
        var set = self.set
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }
}

/// Output helpers of the topology commands (topo, clean).
enum TopologyCommandOutput {
    /// One line to stderr.
    static func error(_ message: String) {
        let line = Array((message + "\n").utf8)
        _ = line.withUnsafeBytes { raw in try? syscall("stderr", "write") { write(STDERR_FILENO, raw.baseAddress, raw.count) } }
    }
}

/// Runs `body`; an error that knows its exit code is printed and becomes that
/// code (ExitStatus), anything else is an infrastructure failure.
func reportingTopologyExitStatus(_ command: String, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as any ExitCoded {
        TopologyCommandOutput.error("netmatrix \(command): \(error)")
        throw ExitCode(error.exitStatus.rawValue)
    } catch let error as ExitCode {
        throw error
    } catch {
        TopologyCommandOutput.error("netmatrix \(command): \(error)")
        throw ExitCode(ExitStatus.infrastructure.rawValue)
    }
}
