#!/usr/bin/env python3
"""Measures the regression gate itself: how often it flags unchanged code, and
how often it catches a regression of known size, in both of its forms.

Each trial runs the two cells of Netns/matrix-gate-check.yaml and slows one of
them (alternating) by PERCENT more CPU work with `--inject-slowdown`. The slowed
cell is a detection trial, caught when any of its metrics is `regressed`; the
other cell is an A/A trial of unchanged code, a false alarm when any of its
metrics is `regressed`.

- same-run form: `netmatrix gate --against` this very build, so both sides run
  the same code except for the injected slowdown;
- baseline form: one `netmatrix matrix` run kept as the baseline, then per trial
  a fresh run (with the slowdown) compared with it by `netmatrix gate --baseline`.

The last lines are the figures, the same-run form's last.

usage: gate_check.py NETMATRIX [--runs 20] [--percent 10] [--form both|same-run|baseline] [--out DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import time

MATRIX = "Netns/matrix-gate-check.yaml"
CELLS = ["loopback/", "veth/"]


def run(command, allowed=(0, 1)):
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode not in allowed:
        sys.stderr.write(done.stderr)
        sys.exit("gate-check: %s exited %d" % (" ".join(command[:3]), done.returncode))


class Tally:
    def __init__(self, form):
        self.form = form
        self.caught = self.missed = self.flagged = self.unchanged = self.improved = 0
        self.seconds = []

    def judge(self, folder, slowed, trial, elapsed):
        with open(os.path.join(folder, "gate.json")) as handle:
            report = json.load(handle)
        if report.get("problems"):
            sys.exit("gate-check: %s trial %d could not compare: %s" % (self.form, trial, report["problems"]))
        self.seconds.append(elapsed)
        verdicts = {}
        for record in report["records"]:
            outcome = record["outcome"]
            verdicts.setdefault(record["cell"], []).append(
                "%s %s %+.1f%%" % (record["metric"], outcome["verdict"], (outcome["ratio"]["estimate"] - 1) * 100))
        line = []
        if not any(cell.startswith(slowed) for cell in verdicts):
            # Nothing compared for the slowed cell is a miss, not a smaller denominator.
            self.missed += 1
            line.append("slowed %s: MISSED (no comparison)" % slowed.rstrip("/"))
        for cell, found in sorted(verdicts.items()):
            regressed = any(" regressed " in text for text in found)
            name = cell.split("/")[0]
            if cell.startswith(slowed):
                self.caught += regressed
                self.missed += not regressed
                line.append("slowed %s: %s" % (name, "caught" if regressed else "MISSED"))
            else:
                self.unchanged += 1
                self.flagged += regressed
                self.improved += any(" improved " in text for text in found)
                line.append("unchanged %s: %s" % (name, "FLAGGED" if regressed else "not flagged"))
            line.append("(" + ", ".join(found) + ")")
        print("%s trial %2d, %3.0f s: %s" % (self.form, trial, elapsed, " ".join(line)), flush=True)

    def figures(self, percent):
        seconds = sorted(self.seconds)
        median = seconds[len(seconds) // 2] if seconds else 0
        return [
            "gate-check (%s): false alarms: %d of %d unchanged cells flagged as regressed (goal: at most 1 in 20); %d called improved"
            % (self.form, self.flagged, self.unchanged, self.improved),
            "gate-check (%s): detection: %d of %d cells slowed by %d%% caught (goal: at least 19 in 20); a trial took %.0f s median, %.0f s in all"
            % (self.form, self.caught, self.caught + self.missed, percent, median, sum(seconds)),
        ]


def same_run(args, tally):
    build = os.path.dirname(os.path.abspath(args.netmatrix))
    for trial in range(1, args.runs + 1):
        slowed = CELLS[(trial - 1) % len(CELLS)]
        folder = os.path.join(args.out, "same-run-%02d" % trial)
        start = time.monotonic()
        run([args.netmatrix, "gate", "--against", build, MATRIX, "--seed", str(args.seed + trial),
             "--inject-slowdown", "%d%%" % args.percent, "--inject-into", slowed, "--out", folder])
        tally.judge(folder, slowed, trial, time.monotonic() - start)


def baseline(args, tally):
    base = os.path.join(args.out, "baseline")
    run([args.netmatrix, "matrix", MATRIX, "--seed", str(args.seed), "--out", base], allowed=(0,))
    for trial in range(1, args.runs + 1):
        slowed = CELLS[(trial - 1) % len(CELLS)]
        folder = os.path.join(args.out, "baseline-%02d" % trial)
        start = time.monotonic()
        run([args.netmatrix, "matrix", MATRIX, "--seed", str(args.seed + trial),
             "--inject-slowdown", "%d%%" % args.percent, "--inject-into", slowed, "--out", folder], allowed=(0,))
        run([args.netmatrix, "gate", "--baseline", os.path.join(base, "results.json"),
             "--results", os.path.join(folder, "results.json"), "--out", folder])
        tally.judge(folder, slowed, trial, time.monotonic() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("netmatrix")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--percent", type=int, default=10)
    parser.add_argument("--form", choices=["both", "same-run", "baseline"], default="both")
    parser.add_argument("--out", default=".netmatrix/gate-check")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    lines = []
    if args.form in ("both", "baseline"):
        tally = Tally("baseline")
        baseline(args, tally)
        lines += tally.figures(args.percent)
    if args.form in ("both", "same-run"):
        tally = Tally("same-run")
        same_run(args, tally)
        lines += tally.figures(args.percent)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
