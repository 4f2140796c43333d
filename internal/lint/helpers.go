package lint

import (
	"fmt"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/schemactl/schemactl/internal/effect"
)

// sizeText describes a table's size from the planner's estimates, for
// messages: "~1.2M rows, 96 MB".
func sizeText(t effect.TableInfo, blockSize int64) string {
	if t.Rows < 0 {
		// PostgreSQL 14+ stores reltuples = -1 until the first VACUUM or ANALYZE.
		return "size unknown: never vacuumed or analyzed"
	}
	return "~" + humanCount(t.Rows) + " rows, " + humanBytes(t.Pages*blockSize)
}

// humanCount prints a row estimate: exact below ten thousand, then with a
// k, M or B suffix.
func humanCount(n float64) string {
	switch {
	case n < 10000:
		s := strconv.FormatInt(int64(n+0.5), 10)
		if len(s) > 3 {
			s = s[:len(s)-3] + "," + s[len(s)-3:]
		}
		return s
	case n < 1e6:
		return trimZero(fmt.Sprintf("%.1f", n/1e3)) + "k"
	case n < 1e9:
		return trimZero(fmt.Sprintf("%.1f", n/1e6)) + "M"
	}
	return trimZero(fmt.Sprintf("%.1f", n/1e9)) + "B"
}

// humanBytes prints a size the way pg_size_pretty does (1024-based units).
func humanBytes(b int64) string {
	units := []string{"bytes", "kB", "MB", "GB", "TB", "PB"}
	v := float64(b)
	i := 0
	for v >= 10*1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return fmt.Sprintf("%d %s", int64(v+0.5), units[i])
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// lockTimeoutSetting recognises a statement that sets or clears
// lock_timeout: SET [LOCAL] lock_timeout, RESET lock_timeout, RESET ALL,
// and SELECT set_config('lock_timeout', v, is_local). set is false when
// the timeout is cleared (0, DEFAULT, RESET).
func lockTimeoutSetting(s effect.Statement) (set, local, ok bool) {
	n := s.Node()
	if n == nil {
		return false, false, false
	}
	if vs := n.GetVariableSetStmt(); vs != nil {
		switch vs.Kind {
		case pg_query.VariableSetKind_VAR_RESET_ALL:
			return false, false, true
		case pg_query.VariableSetKind_VAR_RESET, pg_query.VariableSetKind_VAR_SET_DEFAULT:
			if vs.Name == "lock_timeout" {
				return false, vs.IsLocal, true
			}
		case pg_query.VariableSetKind_VAR_SET_VALUE:
			if vs.Name == "lock_timeout" {
				return !zeroSetting(vs.Args), vs.IsLocal, true
			}
		}
		return false, false, false
	}
	if sel := n.GetSelectStmt(); sel != nil {
		for _, t := range sel.TargetList {
			fc := t.GetResTarget().GetVal().GetFuncCall()
			if fc == nil || len(fc.Args) != 3 {
				continue
			}
			name := fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()
			if name != "set_config" || constString(fc.Args[0]) != "lock_timeout" {
				continue
			}
			local := false
			if b := fc.Args[2].GetAConst().GetBoolval(); b != nil {
				local = b.Boolval
			} else if s := constString(fc.Args[2]); s == "true" || s == "t" || s == "on" {
				local = true
			}
			v := constString(fc.Args[1])
			return v != "0" && v != "", local, true
		}
	}
	return false, false, false
}

// zeroSetting reports whether SET arguments amount to 0 (no timeout).
func zeroSetting(args []*pg_query.Node) bool {
	if len(args) != 1 {
		return false
	}
	c := args[0].GetAConst()
	if c == nil {
		return false
	}
	if i := c.GetIval(); i != nil {
		return i.Ival == 0
	}
	if s := c.GetSval(); s != nil {
		v := strings.TrimSpace(s.Sval)
		return v == "0" || v == "" || strings.HasPrefix(v, "0") && strings.Trim(v, "0msh ") == ""
	}
	return false
}

func constString(n *pg_query.Node) string {
	if s := n.GetAConst().GetSval(); s != nil {
		return s.Sval
	}
	if tc := n.GetTypeCast(); tc != nil {
		return constString(tc.Arg)
	}
	return ""
}

// stringLiterals returns the string constants a statement uses.
func stringLiterals(s effect.Statement) map[string]bool {
	lits := map[string]bool{}
	s.Inspect(func(m proto.Message) bool {
		if c, ok := m.(*pg_query.A_Const); ok {
			if sv := c.GetSval(); sv != nil {
				lits[sv.Sval] = true
			}
		}
		return true
	})
	return lits
}

// columnType is a column definition's type, found in CREATE TABLE, ALTER
// TABLE ... ADD COLUMN or ALTER COLUMN ... TYPE.
type columnType struct {
	table  effect.Name
	column string
	names  []string // the type's name parts as parsed ("pg_catalog", "int4")
	name   string   // PostgreSQL's internal name (effect.NodeTypeName)
	mods   []int
	text   string // as written, for messages
	pos    int    // offset in the parsed text, -1 when unknown
}

// columnTypes lists the column types a statement declares.
func columnTypes(s effect.Statement, text string) []columnType {
	n := s.Node()
	var out []columnType
	add := func(table effect.Name, col string, tn *pg_query.TypeName) {
		if tn == nil {
			return
		}
		name, mods, _ := effect.NodeTypeName(tn)
		ct := columnType{table: table, column: col, name: name, mods: mods, pos: int(tn.Location)}
		for _, p := range tn.Names {
			ct.names = append(ct.names, p.GetString_().GetSval())
		}
		ct.text = typeSpelling(text, s, ct.pos)
		out = append(out, ct)
	}
	switch {
	case n.GetCreateStmt() != nil:
		cs := n.GetCreateStmt()
		t := rangeVar(cs.Relation)
		for _, e := range cs.TableElts {
			if cd := e.GetColumnDef(); cd != nil {
				add(t, cd.Colname, cd.TypeName)
			}
		}
	case n.GetAlterTableStmt() != nil:
		at := n.GetAlterTableStmt()
		t := rangeVar(at.Relation)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd == nil {
				continue
			}
			switch cmd.Subtype {
			case pg_query.AlterTableType_AT_AddColumn:
				if cd := cmd.Def.GetColumnDef(); cd != nil {
					add(t, cd.Colname, cd.TypeName)
				}
			case pg_query.AlterTableType_AT_AlterColumnType:
				if cd := cmd.Def.GetColumnDef(); cd != nil {
					add(t, cmd.Name, cd.TypeName)
				}
			}
		}
	}
	return out
}

// typeSpelling returns the type as written at pos: up to the next comma,
// closing parenthesis at depth zero, or keyword that ends a type. It is
// for messages only.
func typeSpelling(text string, s effect.Statement, pos int) string {
	if pos < s.Start || pos >= s.End || pos >= len(text) {
		return ""
	}
	depth := 0
	end := pos
	for end < s.End && end < len(text) {
		ch := text[end]
		if ch == '(' || ch == '[' {
			depth++
		} else if ch == ')' || ch == ']' {
			if depth == 0 {
				break
			}
			depth--
		} else if (ch == ',' || ch == '\n' || ch == ';') && depth == 0 {
			break
		}
		end++
	}
	t := strings.TrimSpace(text[pos:end])
	// Cut at the first constraint keyword.
	up := strings.ToUpper(t)
	for _, kw := range []string{" NOT NULL", " NULL", " DEFAULT", " PRIMARY", " REFERENCES", " UNIQUE", " CHECK", " GENERATED", " CONSTRAINT", " COLLATE", " USING"} {
		if i := strings.Index(up, kw); i > 0 {
			t, up = t[:i], up[:i]
		}
	}
	return strings.TrimSpace(t)
}

func rangeVar(rv *pg_query.RangeVar) effect.Name {
	if rv == nil {
		return effect.Name{}
	}
	s := rv.Schemaname
	if s == "" {
		s = effect.DefaultSchema
	}
	return effect.Name{Schema: s, Name: rv.Relname}
}

// zeroName is the relation of a finding about no relation.
var zeroName effect.Name
