#version 450
#extension GL_GOOGLE_include_directive : require
#define ADAPTIVE
#include "common.glsl"
#include "lif.glsl"
