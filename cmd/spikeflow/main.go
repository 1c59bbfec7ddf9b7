// Command spikeflow runs, checks and measures spikeflow networks.
//
//	spikeflow backends            list backends and whether they run here
//	spikeflow run cuba [flags]    run the CUBA benchmark network
//	spikeflow train diehlcook     train Diehl & Cook's unsupervised MNIST network
//	spikeflow eval diehlcook      test a trained one
//	spikeflow conformance [flags] check a backend against the reference
//	spikeflow bench [flags]       measure workloads, optionally against Brian2 and scikit-learn
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/spikeflow/spikeflow/internal/cli"
)

const usage = `usage: spikeflow <command> [arguments]

commands:
  backends          list backends, whether each can run here, and on what
  run cuba [flags]  run the CUBA benchmark network (spikeflow run cuba -h)
  train diehlcook   train Diehl & Cook's (2015) unsupervised MNIST network, label
                    and test it (spikeflow train diehlcook -h)
  eval diehlcook -in CHECKPOINT
                    test a trained Diehl & Cook network (spikeflow eval diehlcook -h)
  conformance       check a backend against the reference (spikeflow conformance -h)
  bench [flags]     measure the benchmark workloads, with -peers against Brian2 and
                    scikit-learn on the same machine (spikeflow bench -h, -list)
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "spikeflow:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "backends":
		return cli.Backends(stdout)
	case "run":
		if len(args) < 2 {
			return fmt.Errorf("run: name a network (available: cuba)")
		}
		switch args[1] {
		case "cuba":
			return cli.RunCUBA(args[2:], stdout, stderr, flag.ContinueOnError)
		default:
			return fmt.Errorf("run: unknown network %q (available: cuba)", args[1])
		}
	case "train", "eval":
		if len(args) < 2 || args[1] != "diehlcook" {
			return fmt.Errorf("%s: name a network (available: diehlcook)", args[0])
		}
		if args[0] == "train" {
			return cli.TrainDiehlCook(args[2:], stdout, stderr, flag.ContinueOnError)
		}
		return cli.EvalDiehlCook(args[2:], stdout, stderr, flag.ContinueOnError)
	case "conformance":
		return cli.Conformance(args[1:], stdout, flag.ContinueOnError)
	case "bench":
		return cli.Bench(args[1:], stdout, stderr, flag.ContinueOnError)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}
