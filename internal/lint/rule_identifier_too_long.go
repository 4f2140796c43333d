package lint

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// maxIdentifierBytes is NAMEDATALEN - 1 in a default PostgreSQL build.
const maxIdentifierBytes = 63

var ruleIdentifierTooLong = &Rule{
	ID:       "identifier-too-long",
	Category: CategoryData,
	Severity: Warning,
	Summary: "An identifier longer than 63 bytes, which PostgreSQL truncates to 63 bytes with only a NOTICE: two names that differ after the 63rd byte become the same object (\"already exists\"), " +
		"and code, ORMs or schema tools that use the full name look for an object that does not exist.",
	Alternative: "a name of at most 63 bytes (a UTF-8 letter outside ASCII takes 2 to 4)",
	check:       checkIdentifierTooLong,
}

func checkIdentifierTooLong(c *stmtCtx, r *Rule) {
	if !mayHoldLongIdent(c.stmt.SQL) {
		return // most statements: scanning them again would cost more than the rest of lint
	}
	res, err := pg_query.Scan(c.stmt.SQL)
	if err != nil {
		return
	}
	seen := map[string]bool{}
	for _, tok := range res.Tokens {
		if tok.Token != pg_query.Token_IDENT || tok.End-tok.Start <= maxIdentifierBytes {
			continue
		}
		raw := c.stmt.SQL[tok.Start:tok.End]
		name := identValue(raw)
		if len(name) <= maxIdentifierBytes || seen[name] {
			continue
		}
		seen[name] = true
		cut := truncateIdent(name)
		c.report(r, c.stmt.Start+int(tok.Start), zeroName,
			fmt.Sprintf("identifier %s is %d bytes long: PostgreSQL truncates it to the 63 bytes %q", raw, len(name), cut), "")
	}
}

// mayHoldLongIdent reports whether sql could hold an identifier token of
// more than maxIdentifierBytes: it has a double quote (a quoted identifier
// of any length; telling it from a quote in a literal needs the scanner),
// or a run of more than that many bytes that an unquoted identifier may
// be made of.
func mayHoldLongIdent(sql string) bool {
	if len(sql) <= maxIdentifierBytes {
		return false
	}
	if strings.IndexByte(sql, '"') >= 0 {
		return true
	}
	run := 0
	for i := 0; i < len(sql); i++ {
		ch := sql[i]
		if ch == '_' || ch == '$' || ch >= 0x80 || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' {
			if run++; run > maxIdentifierBytes {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// identValue is the name an identifier token stands for: a quoted one
// without its quotes, an unquoted one with ASCII letters folded to lower
// case, as PostgreSQL's scanner does.
func identValue(raw string) string {
	if strings.HasPrefix(raw, `"`) && strings.HasSuffix(raw, `"`) && len(raw) >= 2 {
		return strings.ReplaceAll(raw[1:len(raw)-1], `""`, `"`)
	}
	b := []byte(raw)
	for i, ch := range b {
		if ch >= 'A' && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return string(b)
}

// truncateIdent cuts name to 63 bytes without splitting a UTF-8 character,
// as PostgreSQL's truncate_identifier does.
func truncateIdent(name string) string {
	n := maxIdentifierBytes
	for n > 0 && n < len(name) && name[n]&0xC0 == 0x80 {
		n--
	}
	return name[:n]
}
