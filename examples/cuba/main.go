// Command cuba runs the CUBA benchmark network (Brette et al. 2007; Vogels
// & Abbott 2005) and prints its spike count, mean rate and run time.
//
//	go run ./examples/cuba -backend=cpu -duration=1s -json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/spikeflow/spikeflow/internal/cli"
)

func main() {
	if err := cli.RunCUBA(os.Args[1:], os.Stdout, os.Stderr, flag.ExitOnError); err != nil {
		fmt.Fprintln(os.Stderr, "cuba:", err)
		os.Exit(1)
	}
}
