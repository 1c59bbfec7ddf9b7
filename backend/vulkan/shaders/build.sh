#!/usr/bin/env bash
# Compiles every kernel in this folder to SPIR-V and validates it; run by
# `go generate ./backend/vulkan` (Debian: apt-get install glslang-tools
# spirv-tools). The .spv files are committed, so building spikeflow needs
# neither tool; CI checks that this script leaves them unchanged.
set -euo pipefail
cd "$(dirname "$0")"
for tool in glslangValidator spirv-val; do
	command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install glslang-tools spirv-tools" >&2; exit 1; }
done
for src in *.comp; do
	spv="${src%.comp}.spv"
	glslangValidator -V --target-env vulkan1.1 --quiet -o "$spv" "$src"
	spirv-val --target-env vulkan1.1 "$spv"
done
