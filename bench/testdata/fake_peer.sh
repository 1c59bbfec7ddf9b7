#!/bin/sh
# A stand-in peer for the runner's tests, run as `/bin/sh fake_peer.sh ...`:
# appends "B" to the log the fake workload appends "A" to, so a test sees
# the order of runs, and prints a warning and then one JSON line, as the
# real peers do.
log=/dev/null rate=0 loop=0.2
for arg; do
	case $arg in
	--log=*) log=${arg#--log=} ;;
	--rate=*) rate=${arg#--rate=} ;;
	--loop=*) loop=${arg#--loop=} ;;
	--fail) echo "fake peer: asked to fail" >&2; exit 3 ;;
	esac
done
echo B >>"$log"
echo "a warning before the result"
printf '{"loop_s": %s, "compile_s": 1.5, "total_s": 3, "rate_hz": %s, "spikes": 42, "version": "0.1", "loop_clock": "wall"}\n' "$loop" "$rate"
