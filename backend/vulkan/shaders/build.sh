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
# Each kernel in two variants: X.spv, and X.denorm.spv, which also asks the
# driver to keep subnormal floats (for devices that can; see common.glsl).
for src in *.comp; do
	base="${src%.comp}"
	glslangValidator -V --target-env vulkan1.1 --quiet -o "$base.spv" "$src"
	glslangValidator -V --target-env vulkan1.1 --quiet -DDENORM_PRESERVE -o "$base.denorm.spv" "$src"
	spirv-val --target-env vulkan1.1 "$base.spv"
	spirv-val --target-env vulkan1.1 "$base.denorm.spv"
done
