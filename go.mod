module github.com/spikeflow/spikeflow

go 1.26

require (
	github.com/vulkan-go/vulkan v0.0.0-20221209234627-c0a353ae26c8
	gonum.org/v1/gonum v0.17.0
)

require gonum.org/v1/netlib v0.0.0-20230729102104-8b8060e7531f
