import ArgumentParser
import Foundation
import NetmatrixCore
import NetmatrixSystem

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of netmatrix itself, measured side by side in one run.",
        subcommands: [TopologyBench.self]
    )
}

/// Times building and tearing down a topology with netmatrix's netlink engine
/// against the same work as a script of `ip` commands, interleaved (A B A B …)
/// so the machine's drift lands on both.
struct TopologyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Time topology up+down: netmatrix's engine against an iproute2 script.",
        discussion: """
            Four ways are timed, interleaved, after one warm-up round:
              engine    TopologyEngine.up + down(.detach) in this process: the same work as the
                        script, whose `ip netns del` also leaves the kernel's cleanup to run
                        in the background
              sync      TopologyEngine.up + down(.synchronous): every device deleted and waited
                        for (what the matrix pays between measurements, so no cleanup overlaps one)
              process   a fresh `netmatrix bench topology --once` process doing `engine`
                        (adds process start-up and exit)
              ip        the reference script, one `ip` process per step, run by bash

            Example: netmatrix bench topology --runs 20
            """
    )

    @Option(help: "The topology file; the script must build the same topology.")
    var topology = "Netns/veth.yaml"

    @Option(help: "The iproute2 reference script (called with a unique suffix).")
    var script = "Benchmarks/topology/veth-ip.sh"

    @Option(help: "Timed rounds (after one warm-up round).")
    var runs = 20

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: .hidden)
    var once = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let spec: TopologySpec
        do {
            spec = try TopologyFile.load(path: topology)
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        try PrivilegedExecution.enter()
        if once {
            try timeEngine(spec, teardown: .detach)
            return
        }
        let haveIP = FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
            || FileManager.default.isExecutableFile(atPath: "/sbin/ip")
        if !haveIP { printError("netmatrix bench: iproute2's `ip` not found; timing netmatrix only") }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path

        var engine: [Double] = []
        var sync: [Double] = []
        var process: [Double] = []
        var ip: [Double] = []
        for round in 0...runs {
            let e = try timeEngine(spec, teardown: .detach)
            let s = try timeEngine(spec, teardown: .synchronous)
            let p = try timeProcess(executable, ["bench", "topology", "--once", "--topology", topology])
            let i = haveIP ? try timeProcess("/bin/bash", [script, "\(getpid())-\(round)"]) : nil
            guard round > 0 else { continue }  // warm-up
            engine.append(e)
            sync.append(s)
            process.append(p)
            if let i { ip.append(i) }
        }
        report([("engine", engine), ("sync", sync), ("process", process), ("ip", ip)])
    }

    @discardableResult
    private func timeEngine(_ spec: TopologySpec, teardown: TeardownMode) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let running = try TopologyEngine.up(spec)
            try running.down(teardown)
        } catch {
            printError("netmatrix bench: \(error)")
            throw ExitCode(ExitStatus.infrastructure.rawValue)
        }
        return (clock.now - start).seconds
    }

    private func timeProcess(_ path: String, _ arguments: [String]) throws -> Double {
        do {
            let run = try TimedCommand.run(path, arguments)
            guard run.status == 0 else {
                printError("netmatrix bench: \(path) \(arguments.joined(separator: " ")) exited with \(run.status)")
                throw ExitCode(ExitStatus.infrastructure.rawValue)
            }
            return run.seconds
        } catch let error as SystemError {
            printError("netmatrix bench: \(error)")
            throw ExitCode(ExitStatus.infrastructure.rawValue)
        }
    }

    private func report(_ measured: [(String, [Double])]) {
        func stats(_ values: [Double]) -> (median: Double, p25: Double, p75: Double) {
            (Descriptive.median(values) ?? 0, Descriptive.quantile(values, 0.25) ?? 0, Descriptive.quantile(values, 0.75) ?? 0)
        }
        let rows = measured.filter { !$0.1.isEmpty }
        let ipMedian = rows.first { $0.0 == "ip" }.flatMap { Descriptive.median($0.1) }
        if json {
            var object: [String: Any] = ["topology": topology, "runs": runs]
            for (name, values) in rows {
                let s = stats(values)
                var entry: [String: Any] = ["median_ms": s.median * 1e3, "p25_ms": s.p25 * 1e3, "p75_ms": s.p75 * 1e3]
                if let ipMedian, name != "ip" { entry["speedup_vs_ip"] = ipMedian / s.median }
                object[name] = entry
            }
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) {
                print(String(decoding: data, as: UTF8.self))
            }
            return
        }
        print("topology up+down: \(topology), \(runs) interleaved rounds after 1 warm-up (median [p25, p75])")
        for (name, values) in rows {
            let s = stats(values)
            var line = String(format: "  %-8@ %8.2f ms  [%.2f, %.2f]", name as NSString, s.median * 1e3, s.p25 * 1e3, s.p75 * 1e3)
            if let ipMedian, name != "ip" { line += String(format: "   ip ÷ this: %.1fx", ipMedian / s.median) }
            print(line)
        }
    }
}

