package main

import (
	"fmt"
	"strings"
	"time"
)

// A row is one line of the table of targets: what schemactl
// measured, the reference run of the same invocation beside it (pg_dump -s
// for inspect, squawk for lint), the target and whether it was met.
type row struct {
	task   string
	ours   result
	ref    *result // nil when the target is an absolute time
	target string
	met    bool
	// detail says by how much, or why the row could not be measured.
	detail string
}

// timeRow is a row whose target is a wall time and, when maxMB > 0, a
// peak resident memory.
func timeRow(task string, r result, limit time.Duration, maxMB float64) row {
	target := "<= " + seconds(limit)
	ok := r.median <= limit
	detail := fmt.Sprintf("%.2fx of the limit", float64(r.median)/float64(limit))
	if maxMB > 0 {
		target += fmt.Sprintf(", <= %.0f MB", maxMB)
		mb := float64(r.peakKB) / 1024
		ok = ok && mb <= maxMB
		detail += fmt.Sprintf(", %.0f%% of the memory limit", 100*mb/maxMB)
	}
	return row{task: task, ours: r, target: target, met: ok, detail: detail}
}

// ratioRow is a row whose target is to be at least factor times faster
// than the reference run ref.
func ratioRow(task string, r, ref result, factor float64) row {
	got := float64(ref.median) / float64(r.median)
	return row{task: task, ours: r, ref: &ref, target: fmt.Sprintf(">= %.0fx faster", factor),
		met: got >= factor, detail: fmt.Sprintf("%.1fx, %.0f%% of the target", got, 100*got/factor)}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// printRows prints rows as the table of targets. The CPU column is the
// user and system time of the median run and of the processes it waited
// for (the throwaway dev server a first diff starts): on a shared machine
// it moves much less than the wall time.
func printRows(rows []row) {
	fmt.Printf("\n%-58s %10s %10s %9s  %-24s %-32s %s\n", "task", "schemactl", "CPU", "peak RSS", "reference", "target", "verdict")
	fmt.Println(strings.Repeat("-", 170))
	for _, r := range rows {
		if r.ours.err != nil {
			fmt.Printf("%-58s failed: %v\n", r.task, r.ours.err)
			continue
		}
		ref := ""
		if r.ref != nil {
			ref = fmt.Sprintf("%s %s", strings.TrimSpace(strings.Split(r.ref.name, "(")[0]), seconds(r.ref.median))
		}
		fmt.Printf("%-58s %10s %10s %6.0f MB  %-24s %-32s %s (%s)\n", r.task, seconds(r.ours.median), seconds(r.ours.cpu), float64(r.ours.peakKB)/1024,
			ref, r.target, verdict(r.met), r.detail)
	}
}
