#!/usr/bin/env bash
# The reference for `netmatrix bench topology`: the same two-namespace veth
# topology as Netns/veth.yaml (namespaces, one veth pair spanning them, IPv4 and
# IPv6 addresses without DAD, lo and links up), built and torn down with iproute2,
# the way test scripts usually do it. One argument: a unique suffix for names.
set -euo pipefail
s=${1:?usage: veth-ip.sh SUFFIX}
a=nmbench-a-$s b=nmbench-b-$s
# Only on failure, so a successful run times exactly the commands below.
trap 'ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null' ERR
ip netns add "$a"
ip netns add "$b"
ip link add va0 netns "$a" type veth peer name vb0 netns "$b"
ip -n "$a" link set lo up
ip -n "$b" link set lo up
ip -n "$a" addr add 198.18.0.1/30 dev va0
ip -n "$b" addr add 198.18.0.2/30 dev vb0
ip -n "$a" addr add fd00:0:0:1::1/64 dev va0 nodad
ip -n "$b" addr add fd00:0:0:1::2/64 dev vb0 nodad
ip -n "$a" link set va0 up
ip -n "$b" link set vb0 up
ip netns del "$a"
ip netns del "$b"
