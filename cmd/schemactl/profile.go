//go:build profile

package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// A build with -tags profile (tools/bench -profile makes one) writes a CPU
// profile of the whole run to $SCHEMACTL_CPUPROFILE and a heap profile of
// every allocation to $SCHEMACTL_MEMPROFILE, when they are set. Release
// builds carry none of it.
func init() {
	if path := os.Getenv("SCHEMACTL_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "schemactl: cpu profile: %v\n", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(os.Stderr, "schemactl: cpu profile: %v\n", err)
			os.Exit(1)
		}
		next := atExit
		atExit = func() {
			pprof.StopCPUProfile()
			f.Close()
			next()
		}
	}
	if path := os.Getenv("SCHEMACTL_MEMPROFILE"); path != "" {
		runtime.MemProfileRate = 64 << 10
		next := atExit
		atExit = func() {
			next()
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintf(os.Stderr, "schemactl: heap profile: %v\n", err)
				return
			}
			defer f.Close()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				fmt.Fprintf(os.Stderr, "schemactl: heap profile: %v\n", err)
			}
		}
	}
}
