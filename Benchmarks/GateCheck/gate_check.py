#!/usr/bin/env python3
"""Measures the same-run gate itself: how often it flags unchanged code, and
how often it catches a regression of known size.

Each of RUNS gate runs compares this build with itself (`gate --against` the
same build folder) on the two cells of Netns/matrix-gate-check.yaml, and slows
one of them (alternating) by PERCENT with `--inject-slowdown`. The slowed cell
is a detection trial: caught when any of its metrics is `regressed`. The other
cell is an A/A trial of unchanged code: a false alarm when any of its metrics
is `regressed`. The last two lines are the figures.

usage: gate_check.py NETMATRIX [--runs 20] [--percent 10] [--out DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import time

MATRIX = "Netns/matrix-gate-check.yaml"
CELLS = ["loopback/", "veth/"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("netmatrix")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--percent", type=int, default=10)
    parser.add_argument("--out", default=".netmatrix/gate-check")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    build = os.path.dirname(os.path.abspath(args.netmatrix))
    caught = missed = aa_flagged = aa_total = aa_improved = 0
    seconds = []
    for run in range(args.runs):
        slowed = CELLS[run % len(CELLS)]
        folder = os.path.join(args.out, "run-%02d" % (run + 1))
        command = [args.netmatrix, "gate", "--against", build, MATRIX, "--seed", str(args.seed + run),
                   "--inject-slowdown", "%d%%" % args.percent, "--inject-into", slowed, "--out", folder]
        start = time.monotonic()
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        elapsed = time.monotonic() - start
        seconds.append(elapsed)
        if done.returncode not in (0, 1):
            sys.stderr.write(done.stderr)
            sys.exit("gate-check: run %d: netmatrix gate exited %d" % (run + 1, done.returncode))
        with open(os.path.join(folder, "gate.json")) as handle:
            report = json.load(handle)
        verdicts = {}
        for record in report["records"]:
            verdicts.setdefault(record["cell"], []).append(
                "%s %s %+.1f%%" % (record["metric"], record["outcome"]["verdict"], (record["outcome"]["ratio"]["estimate"] - 1) * 100))
        line = []
        for cell, found in sorted(verdicts.items()):
            regressed = any(" regressed " in text for text in found)
            if cell.startswith(slowed):
                caught += regressed
                missed += not regressed
                line.append("slowed %s: %s" % (cell.split("/")[0], "caught" if regressed else "MISSED"))
            else:
                aa_total += 1
                aa_flagged += regressed
                aa_improved += any(" improved " in text for text in found)
                line.append("unchanged %s: %s" % (cell.split("/")[0], "FLAGGED" if regressed else "not flagged"))
            line.append("(" + ", ".join(found) + ")")
        print("run %2d, %3.0f s: %s" % (run + 1, elapsed, " ".join(line)), flush=True)
        if report.get("problems"):
            sys.exit("gate-check: run %d could not compare: %s" % (run + 1, report["problems"]))
    trials = caught + missed
    seconds.sort()
    median = seconds[len(seconds) // 2]
    print("gate-check: false alarms: %d of %d unchanged cells flagged as regressed (goal: at most 1 in 20); %d called improved"
          % (aa_flagged, aa_total, aa_improved))
    print("gate-check: detection: %d of %d cells slowed by %d%% caught (goal: at least 19 in 20); each gate run (one slowed, one unchanged cell) took %.0f s median, %.0f s total"
          % (caught, trials, args.percent, median, sum(seconds)))


if __name__ == "__main__":
    main()
