#!/usr/bin/env bash
# Events per second into pbx's HTTP receiver (generated OpenVox decoder, resend check,
# bounded queue) and into a minimal Python stdlib receiver (events-vs-python.py), side by side
# in one criterion run with the same Rust sender (pbx-api/benches/events_http.rs), one
# connection per report as the PBXes send them; then the WebSocket source's figures
# (pbx-api/benches/events_websocket.rs). Python's standard library has no WebSocket, so the
# WebSocket has no Python baseline. Prints each median and the ratios; BENCHMARKS.md "Events".
#
# Usage: scripts/events-vs-python.sh   (from the repository root; binds 127.0.0.1 only)
set -euo pipefail

port="${PBX_PYTHON_PORT:-18261}"
log="$(mktemp)"
python3 "$(dirname "$0")/events-vs-python.py" "$port" > "$log.py" 2>&1 &
python_pid=$!
trap 'kill "$python_pid" 2>/dev/null || true; rm -f "$log" "$log.py"' EXIT
for _ in $(seq 1 50); do
    grep -q listening "$log.py" 2>/dev/null && break
    sleep 0.1
done
grep -q listening "$log.py" || { echo "the Python receiver did not start" >&2; exit 1; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
PBX_EVENTS_PEER="127.0.0.1:$port" cargo bench -p pbx-api --bench events_http 2>&1 | tee "$log" | grep -E "^events_http/|time:|thrpt:" || true
cargo bench -p pbx-api --bench events_websocket 2>&1 | tee -a "$log" | grep -E "^events_websocket/|time:|thrpt:" || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# criterion prints "name  time: [low median high]"; the median, in microseconds.
median_us() {
    awk -v name="$1" '
        $1 == name { want = 1 }
        want && /time:/ {
            for (i = 1; i <= NF; i++) if ($i ~ /^\[/) { v = $(i + 2); u = $(i + 3); break }
            if (u == "ns") v /= 1000; else if (u == "ms") v *= 1000; else if (u == "s") v *= 1000000
            print v; exit
        }' "$log"
}
for senders in one_sender sixteen_senders; do
    pbx=$(median_us "events_http/pbx_$senders")
    py=$(median_us "events_http/peer_$senders")
    if [ -n "$pbx" ] && [ -n "$py" ]; then
        awk -v s="$senders" -v a="$pbx" -v b="$py" 'BEGIN {
            printf "%s: pbx %.1f us/event (%.0f/s), Python %.1f us/event (%.0f/s), pbx/Python time %.2f\n",
                s, a, 1e6 / a, b, 1e6 / b, a / b }'
    fi
done
