import ArgumentParser
import NetmatrixCore
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
            """,
        subcommands: [Up.self, Show.self, Down.self]
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
            if !keep { try PrivilegedExecution.enter() }
            try exitingWithStatus("topo up") {
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
            for problem in problems { printError("netmatrix topo show: \(problem)") }
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
            try exitingWithStatus("topo down") {
                let removed = try all ? KeptTopologies.downAll() : KeptTopologies.down(id: id ?? "")
                for line in removed { print("removed \(line)") }
                if removed.isEmpty { print("nothing to remove") }
            }
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
