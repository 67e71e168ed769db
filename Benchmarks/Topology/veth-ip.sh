#!/usr/bin/env bash
# The two-namespace veth topology as a shell script of `ip` commands: the baseline
# `netmatrix topo bench Netns/veth.yaml` is compared with (goal: the engine >= 5x
# faster). Same work as Netns/veth.yaml: two namespaces, one veth pair spanning
# them, IPv4 and IPv6 addresses without DAD, lo and both ends up; then
# `ip netns del`, which does NOT wait for the kernel's namespace teardown.
# Usage: veth-ip.sh [RUNS]   (root; namespaces carry the netmatrix-bench- prefix)
set -euo pipefail
runs=${1:-20}
a=netmatrix-bench-a-$$ b=netmatrix-bench-b-$$
trap 'ip netns del "$a" 2>/dev/null || true; ip netns del "$b" 2>/dev/null || true' EXIT
now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }
up_total=0 down_total=0
for ((i = 0; i < runs; i++)); do
    t0=$(now_us)
    ip netns add "$a"
    ip netns add "$b"
    ip -n "$a" link add va0 type veth peer name vb0 netns "$b"
    ip -n "$a" addr add 198.18.0.1/30 dev va0
    ip -n "$a" addr add fd00:0:0:1::1/64 dev va0 nodad
    ip -n "$b" addr add 198.18.0.2/30 dev vb0
    ip -n "$b" addr add fd00:0:0:1::2/64 dev vb0 nodad
    ip -n "$a" link set lo up
    ip -n "$b" link set lo up
    ip -n "$a" link set va0 up
    ip -n "$b" link set vb0 up
    t1=$(now_us)
    ip netns del "$a"
    ip netns del "$b"
    t2=$(now_us)
    up_total=$((up_total + t1 - t0))
    down_total=$((down_total + t2 - t1))
done
echo "ip script: $runs runs: up $((up_total / runs)) us, down (not waited) $((down_total / runs)) us, cycle $(((up_total + down_total) / runs)) us (means)"
