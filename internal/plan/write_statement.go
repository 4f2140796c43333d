package plan

import (
	"bufio"
	"io"
)

// WriteStatement writes one statement of a plan as WriteSQL writes it: its
// `--` lines (what it does, its locks, rewrites and scans, whether it runs
// outside a transaction, DESTRUCTIVE), then the SQL ended by a semicolon and
// a newline, with no BEGIN or COMMIT around it. Writers of migration files
// use it to put a plan's statements into files of their own grouping.
func WriteStatement(w io.Writer, s Statement) error {
	bw := bufio.NewWriter(w)
	writeHeader(bw, &s)
	bw.WriteString(s.SQL)
	bw.WriteString(";\n")
	return bw.Flush()
}
