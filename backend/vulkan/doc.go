// Package vulkan is spikeflow's Vulkan compute backend, registered as
// "vulkan". It runs on any Vulkan 1.1 device with compute: NVIDIA, AMD,
// Intel and Apple (through MoltenVK) GPUs, and Mesa's lavapipe, a CPU
// driver, on machines without a GPU (that is how CI tests it).
//
// Every op kind has a GLSL compute kernel in shaders/ (compiled to SPIR-V by
// go generate; the .spv files are committed and embedded), named after the
// op and its CPU kernel. A compiled program keeps each value of the plan in
// a device-local ring of as many ticks as it is read back in time (its
// largest input delay, plus its window, plus one), state in device-local buffers, and records
// many ticks into one command buffer, with a barrier after every dispatch,
// that it submits again for every batch. Monitors are read back once per
// batch.
//
// Clock domains (backend.Plan) make a static schedule: a batch is recorded
// once per phase of the hyperperiod it starts at (its length a multiple of
// the hyperperiod where that fits, so that every full batch starts at the
// same phase), with, on each tick, the dispatches of the nodes whose clock
// fires and, for the others, a dispatch per output that carries an analog
// output forward or clears a spike output that some kernel reads at idle
// ticks. A node of period P > 1 reads a spike input as the sum of its last
// P ticks, which a window dispatch adds up before it steps (only the ticks
// the producer stepped at, which the recording knows).
//
// Results are bit-identical to the reference backend: kernels perform the
// reference's float32 operations in its order (GLSL precise, no fused
// multiply-add; the shaders ask for signed zeros, infinities and NaNs to be
// preserved), sums over synapses are gathers in the reference's order, or,
// for a shared weight and 0/1 spikes, integer counts, and random numbers
// come from the same Philox4x32-10 generator as on the host.
//
// The backend needs cgo and the Vulkan loader (libvulkan.so; Debian's
// libvulkan-dev) at run time; without them it registers itself as
// unavailable and says how to install lavapipe or use -backend=cpu. Set
// SPIKEFLOW_VULKAN_VALIDATION=1 to run under the Khronos validation layer
// (vulkan-validationlayers) and SPIKEFLOW_VULKAN_DEVICE=N, or New(N), to
// pick a device; by default a discrete GPU is preferred, then an
// integrated one, then a CPU driver.
package vulkan
