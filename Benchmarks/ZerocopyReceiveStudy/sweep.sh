#!/bin/bash
# Issue 4 sweep: copy receive vs TCP_ZEROCOPY_RECEIVE (minimal C loop and the zerocopy
# plugin) over region sizes and SO_RCVLOWAT, plus a large-copybuf contrast, three interleaved rounds so drift cancels.
# Run as root from the package root after `swift build -c release`. STUDY_MTU (default
# 61492, the IPv4 15-page MSS) sets loopback's MTU.
set -euo pipefail
R=.build/release
STUDY=${STUDY:-/tmp/zc-study}
cc -O2 -I SDK/Sources/NetmatrixABI/include -o "$STUDY" Benchmarks/ZerocopyReceiveStudy/study.c -ldl
configs=("c-copy" "plugin $R/libnetmatrix-plugin-copy.so '' ''"
         "plugin $R/libnetmatrix-plugin-zerocopy.so tcp_zerocopy_receive zc_copybuf=262144")  # copybuf contrast
for chunk in 65536 262144 524288 1048576 2097152; do
  for lowat in 0 $chunk; do
    configs+=("c-zc $chunk $lowat")
    configs+=("plugin $R/libnetmatrix-plugin-zerocopy.so tcp_zerocopy_receive zc_chunk=$chunk,rcvlowat=$lowat")
  done
done
for round in 1 2 3; do
  for c in "${configs[@]}"; do eval "$STUDY" $c | sed "s/^/round $round  /"; done
done
