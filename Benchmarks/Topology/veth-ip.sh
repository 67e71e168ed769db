#!/usr/bin/env bash
# The two-namespace veth topology as a shell script of `ip` commands: the baseline
# TopologyEngine is compared with (goal: the engine >= 5x faster). Same work as
# Netns/veth.yaml: two namespaces, one veth pair spanning them, IPv4 and IPv6
# addresses without DAD, lo and both ends up; then torn down.
# Usage: veth-ip.sh [RUNS]   (root; names carry the netmatrix-bench- prefix)
set -euo pipefail
runs=${1:-20}
a=netmatrix-bench-a-$$ b=netmatrix-bench-b-$$
start=$(date +%s%N)
for ((i = 0; i < runs; i++)); do
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
    ip netns del "$a"
    ip netns del "$b"
done
end=$(date +%s%N)
echo "ip script: $runs up/down cycles, $(( (end - start) / runs / 1000 )) us each"
