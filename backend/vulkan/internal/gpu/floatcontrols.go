//go:build cgo

package gpu

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

// The binding stops at Vulkan 1.1's headers and never generated
// vkGetPhysicalDeviceProperties2, so this asks the loader for it directly
// and chains VkPhysicalDeviceFloatControlsProperties (Vulkan 1.2, or
// VK_KHR_shader_float_controls), declared here by hand.
typedef void *(*spf_gipa)(void *, const char *);
typedef void (*spf_props2)(void *, void *);

typedef struct {
	int32_t sType; // VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FLOAT_CONTROLS_PROPERTIES
	void *pNext;
	int32_t denormBehaviorIndependence;
	int32_t roundingModeIndependence;
	uint32_t flags[15]; // the VkBool32 fields, in the order of the spec
} spf_float_controls;

typedef struct {
	int32_t sType; // VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2
	void *pNext;
	unsigned char properties[2048]; // VkPhysicalDeviceProperties, about 824 bytes
} spf_properties2;

static int spf_query_float_controls(void *instance, void *phys, uint32_t *out) {
	void *lib = dlopen("libvulkan.so", RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		return -1;
	}
	int rc = 0;
	spf_gipa gipa = (spf_gipa)dlsym(lib, "vkGetInstanceProcAddr");
	spf_props2 props2 = NULL;
	if (gipa != NULL) {
		props2 = (spf_props2)gipa(instance, "vkGetPhysicalDeviceProperties2");
		if (props2 == NULL) {
			props2 = (spf_props2)gipa(instance, "vkGetPhysicalDeviceProperties2KHR");
		}
	}
	if (props2 == NULL) {
		rc = -2;
	} else {
		spf_float_controls fc;
		spf_properties2 p2;
		memset(&fc, 0, sizeof fc);
		memset(&p2, 0, sizeof p2);
		fc.sType = 1000197000;
		p2.sType = 1000059001;
		p2.pNext = &fc;
		props2(phys, &p2);
		memcpy(out, fc.flags, sizeof fc.flags);
	}
	dlclose(lib);
	return rc;
}
*/
import "C"

import (
	"unsafe"

	vk "github.com/vulkan-go/vulkan"
)

// Float controls the kernels rely on, as the device reports them.
type FloatControls struct {
	Known                      bool // false: the driver could not be asked
	SignedZeroInfNanPreserve32 bool // the sign of zero, infinities and NaNs kept on request
	DenormPreserve32           bool // subnormal float32 values kept on request
}

// Indices of VkPhysicalDeviceFloatControlsProperties' VkBool32 fields.
const (
	signedZeroInfNanPreserveFloat32 = 1
	denormPreserveFloat32           = 4
)

func queryFloatControls(inst vk.Instance, p vk.PhysicalDevice) FloatControls {
	var flags [15]C.uint32_t
	if C.spf_query_float_controls(unsafe.Pointer(inst), unsafe.Pointer(p), &flags[0]) != 0 {
		return FloatControls{}
	}
	return FloatControls{
		Known:                      true,
		SignedZeroInfNanPreserve32: flags[signedZeroInfNanPreserveFloat32] != 0,
		DenormPreserve32:           flags[denormPreserveFloat32] != 0,
	}
}
