package inspect

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"text/template"
)

// MinVersion is the oldest PostgreSQL (server_version_num) the catalog
// queries support.
const MinVersion = 130000

// A query file may be a text/template over queryVersion, so that one file
// holds the variants for every supported server: a column that a newer
// PostgreSQL added is named only in the text sent to a server that has it,
// e.g.
//
//	{{if ge .Major 15}}i.indnullsnotdistinct{{else}}false{{end}} AS nulls_not_distinct
//
// Each file is rendered once per major version.
type queryVersion struct {
	Major int // 13 for PostgreSQL 13.x
}

var rendered sync.Map // queryKey -> string

type queryKey struct {
	file  string
	major int
}

// queryFor returns the text of the embedded query file for a server whose
// server_version_num is version. A version of 0 (unknown) or below
// MinVersion is read as MinVersion, the variant that names no newer
// column.
func queryFor(file string, version int) string {
	major := max(version, MinVersion) / 10000
	key := queryKey{file, major}
	if s, ok := rendered.Load(key); ok {
		return s.(string)
	}
	text := query(file)
	if strings.Contains(text, "{{") {
		t, err := template.New(file).Option("missingkey=error").Parse(text)
		if err != nil {
			// The files are embedded at build time: a bad template is a bug.
			panic(fmt.Sprintf("inspect: %s: %v", file, err))
		}
		var sb strings.Builder
		if err := t.Execute(&sb, queryVersion{Major: major}); err != nil {
			panic(fmt.Sprintf("inspect: %s: %v", file, err))
		}
		text = sb.String()
	}
	rendered.Store(key, text)
	return text
}

// ParseServerVersion turns the server_version a server reports at
// connection start ("15.4 (Debian 15.4-1.pgdg120+1)", "16.0", "17beta1",
// "9.6.24") into a server_version_num (150004, 160000, 170000, 90600); text
// without a leading number gives 0. It costs no round trip:
// pgconn.PgConn.ParameterStatus("server_version") holds the text.
func ParseServerVersion(v string) int {
	digits := func(s string) (int, string) {
		end := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		if end < 0 {
			end = len(s)
		}
		n, err := strconv.Atoi(s[:end])
		if err != nil {
			return -1, s
		}
		return n, s[end:]
	}
	major, rest := digits(strings.TrimSpace(v))
	if major <= 0 {
		return 0
	}
	minor := 0
	if strings.HasPrefix(rest, ".") {
		if m, _ := digits(rest[1:]); m > 0 {
			minor = m
		}
	}
	if major < 10 {
		// 9.6.24: the second number is the major release.
		return major*10000 + minor*100
	}
	return major*10000 + minor
}
