// Command diehlcook trains the unsupervised MNIST network of Diehl & Cook
// (2015), labels its neurons, tests it on the MNIST test digits and draws
// its receptive fields; with -eval it tests a saved checkpoint instead.
// It takes the flags of `spikeflow train diehlcook` (and, with -eval, of
// `spikeflow eval diehlcook`).
//
//	go run ./examples/diehlcook -backend=cpu -neurons=100 -train-limit=1000 -test-limit=1000
//	go run ./examples/diehlcook -eval -in=diehlcook.ckpt
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/spikeflow/spikeflow/internal/cli"
)

func main() {
	args := os.Args[1:]
	run := cli.TrainDiehlCook
	if len(args) > 0 && (args[0] == "-eval" || args[0] == "--eval") {
		args, run = args[1:], cli.EvalDiehlCook
	}
	if err := run(args, os.Stdout, os.Stderr, flag.ExitOnError); err != nil {
		fmt.Fprintln(os.Stderr, "diehlcook:", err)
		os.Exit(1)
	}
}
