package lint

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeGitHub prints workflow commands, one per finding:
//
//	::error file=db/1_x.sql,line=3,col=1,endLine=3,endColumn=40,title=concurrent-index::message%0A%0Ahint: ...
//
// GitHub shows them as annotations on the pull request. It knows error,
// warning and notice; info findings are notices.
func writeGitHub(w io.Writer, fs []Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		cmd := "notice"
		switch f.Severity {
		case Error:
			cmd = "error"
		case Warning:
			cmd = "warning"
		}
		msg := f.Message
		if f.Hint != "" {
			msg += "\n\nhint: " + f.Hint
		}
		r := f.Range
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n", cmd,
			githubProperty(r.Filename), r.Start.Line, r.Start.Column, r.End.Line, r.End.Column,
			githubProperty(f.Rule), githubData(msg))
	}
	return bw.Flush()
}

// githubData escapes a workflow command's message, as the Actions toolkit
// does: %, CR and LF.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value, which also
// may not hold the ':' and ',' that separate properties.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
