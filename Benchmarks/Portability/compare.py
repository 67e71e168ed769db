"""Verdicts of one matrix run per placement, side by side.

usage: compare.py DIR PLACEMENT... (reads DIR/PLACEMENT/results.json)

Prints a Markdown table: per assertion, per placement, passed/failed/
inconclusive pairs and the range of ratio estimates; then every assertion
whose verdict flips between placements. Exits 1 when one flips, 2 when a
run left no results.
"""
import json
import re
import sys


def pairs(path):
    """{(assertion, pair id): (verdict, estimate)} with the placement stripped from cell ids."""
    with open(path) as f:
        results = json.load(f)
    found = {}
    for record in results["assertions"]:
        base = record["name"].split(" @ ")[0]
        pair = re.sub(r"/cpus-[a-z]+", "", record["expression"].rsplit(" [", 1)[-1])
        estimate = (record.get("interval") or {}).get("estimate")
        found[(base, pair)] = (record["verdict"], estimate)
    return found, results


def main():
    folder, placements = sys.argv[1], sys.argv[2:]
    runs = {}
    for placement in placements:
        try:
            runs[placement] = pairs(f"{folder}/{placement}/results.json")
        except (OSError, ValueError, KeyError) as error:
            print(f"compare.py: {placement}: no usable results.json ({error})", file=sys.stderr)
            sys.exit(2)
    environment = next(iter(runs.values()))[1]["environment"]
    print(f"Machine: {environment.get('cpuModel')}, {environment.get('cpuCount')} CPUs, kernel {environment.get('kernel')}\n")
    print("| assertion | " + " | ".join(placements) + " |")
    print("|---|" + "---|" * len(placements))
    names = sorted({name for found, _ in runs.values() for name, _ in found})
    flips = []
    for name in names:
        cells = []
        verdicts = {}
        for placement in placements:
            found = {pair: value for (base, pair), value in runs[placement][0].items() if base == name}
            counts = {v: sum(1 for verdict, _ in found.values() if verdict == v) for v in ("pass", "fail", "inconclusive")}
            estimates = [e for _, e in found.values() if e is not None]
            spread = f" ({min(estimates):.3g}–{max(estimates):.3g})" if estimates else ""
            cells.append(f"{counts['pass']}/{counts['fail']}/{counts['inconclusive']}{spread}")
            for pair, (verdict, _) in found.items():
                verdicts.setdefault(pair, {})[placement] = verdict
        print(f"| `{name}` | " + " | ".join(cells) + " |")
        for pair, by_placement in verdicts.items():
            if "pass" in by_placement.values() and "fail" in by_placement.values():
                flips.append((name, pair, by_placement))
    print("\nCells: pass/fail/inconclusive pairs (range of ratio estimates).\n")
    if flips:
        print("Verdicts that flip between placements (machine-specific: move them out of the default matrix):\n")
        for name, pair, by_placement in flips:
            detail = ", ".join(f"{p} {v}" for p, v in by_placement.items())
            print(f"- `{name}` [{pair}]: {detail}")
        sys.exit(1)
    print("No verdict flips between placements.")


if __name__ == "__main__":
    main()
