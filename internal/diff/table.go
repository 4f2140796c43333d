package diff

import (
	"slices"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// A tableDiff is a table of the current realm (from) matched with the same
// table in the desired realm (to); one of the two is nil for a dropped or
// created table.
type tableDiff struct {
	from, to *schema.Table
	columns  []*columnPair // desired order, then the dropped columns in current order
	// recreated holds the desired names of columns that are dropped and
	// added again (a generated expression that changes).
	recreated map[string]bool
	// replacedTypes holds the names of the types the plan replaces (see
	// differ.replacedTypes).
	replacedTypes map[string]bool

	drops, renames, adds, rest []Change // changes of constraints and indexes
	fkDrops, fkAdds            []Change
}

type columnPair struct {
	from, to *schema.Column
	recreate string // why the column is dropped and added again, or ""
}

// matchTables pairs the tables of a schema, by name or by a declared
// rename, and their columns. fs or ts is nil for a created or dropped schema.
func (d *differ) matchTables(fs, ts *schema.Schema) error {
	if fs == nil {
		fs = &schema.Schema{Name: ts.Name}
	}
	if ts == nil {
		ts = &schema.Schema{Name: fs.Name}
	}
	paired := map[string]bool{}
	// Lookups by name in maps: realms can hold thousands of tables.
	fromTables := byName(fs.Tables, tableName)
	toTables := byName(ts.Tables, tableName)
	for _, tt := range sorted(ts.Tables, tableName) {
		ft, ok := fromTables[tt.Name]
		if !ok && tt.RenamedFrom != "" {
			if _, declared := toTables[tt.RenamedFrom]; declared {
				return errorf("table %s is declared renamed from %s, which is declared too", tt.QualifiedName(), qualified(ts, tt.RenamedFrom))
			}
			ft, ok = fromTables[tt.RenamedFrom]
			if ok && paired[ft.Name] {
				return errorf("two tables are declared renamed from %s", ft.QualifiedName())
			}
		}
		if !ok {
			d.tables = append(d.tables, &tableDiff{to: tt})
			continue
		}
		paired[ft.Name] = true
		if ft.Name != tt.Name {
			d.tableRenames[ft.QualifiedName()] = tt.QualifiedName()
		}
		td := &tableDiff{from: ft, to: tt, recreated: map[string]bool{}}
		if err := d.matchColumns(td); err != nil {
			return err
		}
		d.tables = append(d.tables, td)
	}
	for _, ft := range sorted(fs.Tables, tableName) {
		if !paired[ft.Name] {
			d.tables = append(d.tables, &tableDiff{from: ft})
		}
	}
	return nil
}

// byName indexes items by name, keeping the first of equal names.
func byName[T any](items []T, name func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		if _, dup := m[name(it)]; !dup {
			m[name(it)] = it
		}
	}
	return m
}

func (d *differ) matchColumns(td *tableDiff) error {
	ft, tt := td.from, td.to
	// A partition's columns are its parent's: the model leaves them out
	// (inspect does, and HCL declares none), and changes to the parent's
	// columns reach the partitions by themselves. A table that stops being a
	// partition keeps the columns it had, its parent's.
	if tt.PartitionOf != nil {
		return nil
	}
	fromColumns := ft.Columns
	if p := ft.PartitionOf; p != nil && len(fromColumns) == 0 {
		if parent, ok := d.from.Table(p.Parent); ok {
			fromColumns = parent.Columns
		}
	}
	fromColumn := func(name string) (*schema.Column, bool) {
		for _, c := range fromColumns {
			if c.Name == name {
				return c, true
			}
		}
		return nil, false
	}
	paired := map[string]bool{}
	renames := map[string]string{}
	for _, tc := range tt.Columns {
		fc, ok := fromColumn(tc.Name)
		if !ok && tc.RenamedFrom != "" {
			if _, declared := tt.Column(tc.RenamedFrom); declared {
				return errorf("column %s.%s is declared renamed from %s, which is declared too", tt.QualifiedName(), schema.QuoteIdent(tc.Name), schema.QuoteIdent(tc.RenamedFrom))
			}
			fc, ok = fromColumn(tc.RenamedFrom)
			if ok && paired[fc.Name] {
				return errorf("two columns of %s are declared renamed from %s", tt.QualifiedName(), schema.QuoteIdent(fc.Name))
			}
		}
		if !ok {
			td.columns = append(td.columns, &columnPair{to: tc})
			continue
		}
		paired[fc.Name] = true
		cp := &columnPair{from: fc, to: tc}
		// A stored generated column cannot change its expression before
		// PostgreSQL 17 (SET EXPRESSION), and an ordinary column cannot
		// become generated: the column is dropped and added again. So it
		// is around a function it calls that is dropped and created again,
		// which DROP FUNCTION would refuse while the column exists.
		switch {
		case fc.Generated != tc.Generated && tc.Generated != "":
			cp.recreate = "its generated expression changes"
			if fc.Generated == "" {
				cp.recreate = "it becomes a generated column"
			}
		case fc.Generated != "" && tc.Generated != "":
			if f := d.recreatedFunctionCalled(string(fc.Generated)); f != "" {
				cp.recreate = "it calls function " + f + ", which is dropped and created again"
			}
		}
		if cp.recreate != "" {
			td.recreated[tc.Name] = true
		} else if fc.Name != tc.Name {
			renames[fc.Name] = tc.Name
		}
		td.columns = append(td.columns, cp)
	}
	for _, fc := range fromColumns {
		if !paired[fc.Name] {
			td.columns = append(td.columns, &columnPair{from: fc})
		}
	}
	if len(renames) > 0 {
		d.columnRenames[ft.QualifiedName()] = renames
	}
	return nil
}

// diffTables compares the matched tables: keys, checks, exclusions and
// indexes of every table first, so that foreign keys can tell which keys
// they rely on are replaced, then foreign keys; then it emits the changes.
func (d *differ) diffTables() error {
	for _, td := range d.tables {
		if td.from != nil && td.to != nil {
			td.replacedTypes = d.replacedTypes
			if err := d.tableConstraints(td); err != nil {
				return err
			}
		}
	}
	for _, td := range d.tables {
		if td.from != nil && td.to != nil {
			d.foreignKeys(td)
		}
	}
	for _, td := range d.tables {
		switch {
		case td.from == nil:
			d.add(&CreateTable{Table: td.to})
		case td.to == nil:
			d.add(&DropTable{Table: td.from, ForeignKeysFirst: d.foreignKeysToReplacedKeys(td.from)})
		default:
			if err := d.alterTable(td); err != nil {
				return err
			}
		}
		d.rowSecurity(td)
	}
	return nil
}

func (d *differ) alterTable(td *tableDiff) error {
	ft, tt := td.from, td.to
	q := tt.QualifiedName()
	if ft.Name != tt.Name {
		d.add(&RenameTable{From: ft, To: tt})
	}
	var cs []Change
	if ft.Unlogged != tt.Unlogged {
		cs = append(cs, &SetLogged{Table: tt, Logged: !tt.Unlogged})
	}
	if !equalPartitionKey(ft.PartitionKey, tt.PartitionKey) {
		return &UnsupportedError{Object: Object{Kind: KindTable, Name: q},
			Reason: "PostgreSQL cannot change the partitioning of an existing table; create a new table and move the data"}
	}
	if fp := ft.PartitionOf; fp != nil && !d.equalPartitionOf(fp, tt.PartitionOf) {
		cs = append(cs, &DetachPartition{Table: ft})
	}
	cs = append(cs, d.inheritChanges(td)...)
	cs = append(cs, td.fkDrops...)
	cs = append(cs, td.drops...)
	cs = append(cs, td.renames...)
	for _, cp := range td.columns {
		if cp.from != nil && (cp.to == nil || cp.recreate != "") {
			cs = append(cs, &DropColumn{Column: cp.from, Reason: cp.recreate})
		}
	}
	for _, cp := range td.columns {
		if cp.from != nil && cp.to != nil && cp.recreate == "" && cp.from.Name != cp.to.Name {
			cs = append(cs, &RenameColumn{From: cp.from, To: cp.to})
		}
	}
	for _, cp := range td.columns {
		if cp.to != nil && (cp.from == nil || cp.recreate != "") {
			if cp.from == nil && cp.to.Inherited && d.inheritedAdd(td, func(p *schema.Table) bool { _, ok := p.Column(cp.to.Name); return ok }) {
				continue // a kept parent adds it
			}
			cs = append(cs, &AddColumn{Column: cp.to, Reason: cp.recreate})
		}
	}
	for _, cp := range td.columns {
		if cp.from == nil || cp.to == nil || cp.recreate != "" {
			continue
		}
		if what := d.inheritedColumnChanges(td, cp.from, cp.to, columnChanges(cp.from, cp.to)); what != 0 {
			cs = append(cs, &AlterColumn{From: cp.from, To: cp.to, What: what})
		}
	}
	cs = append(cs, td.adds...)
	if fp, tp := ft.PartitionOf, tt.PartitionOf; tp != nil && !d.equalPartitionOf(fp, tp) {
		cs = append(cs, &AttachPartition{Table: tt})
	}
	cs = append(cs, td.fkAdds...)
	cs = append(cs, td.rest...)
	if ft.Comment != tt.Comment {
		cs = append(cs, &CommentOn{Object: Object{Kind: KindTable, Name: q}, Comment: tt.Comment})
	}
	for _, cp := range td.columns {
		if cp.from == nil || cp.to == nil || cp.recreate != "" {
			continue // an added column's comment is part of the addition
		}
		if cp.from.Comment != cp.to.Comment {
			cs = append(cs, &CommentOn{Object: Object{Kind: KindColumn, Name: q, Member: cp.to.Name}, Comment: cp.to.Comment})
		}
	}
	if len(cs) > 0 {
		d.add(&AlterTable{From: ft, To: tt, Changes: cs})
	}
	return nil
}

// columnChanges returns the properties of a column that differ, other than
// its name, its comment and a generated expression that is set in to (which
// is a drop and an add).
func columnChanges(fc, tc *schema.Column) ColumnChange {
	var what ColumnChange
	if fc.Generated != "" && tc.Generated == "" {
		what |= ChangeGenerated
	}
	if fc.Type != tc.Type {
		what |= ChangeType
	}
	if fc.Collation != tc.Collation {
		what |= ChangeCollation
	}
	if fc.NotNull != tc.NotNull {
		what |= ChangeNotNull
	}
	if fc.Default != tc.Default {
		what |= ChangeDefault
	}
	if !equalIdentity(fc.Identity, tc.Identity, fc.Type, tc.Type) {
		what |= ChangeIdentity
	}
	return what
}

func equalIdentity(a, b *schema.Identity, typeA, typeB string) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Always != b.Always {
		return false
	}
	oa, ob := a.Sequence, b.Sequence
	oa.Normalize(typeA)
	ob.Normalize(typeB)
	return EqualSequenceOptions(oa, ob)
}

func equalPartitionKey(a, b *schema.PartitionKey) bool {
	if a == nil || b == nil {
		return a == b
	}
	if !strings.EqualFold(a.Strategy, b.Strategy) || len(a.Parts) != len(b.Parts) {
		return false
	}
	for i := range a.Parts {
		if *a.Parts[i] != *b.Parts[i] {
			return false
		}
	}
	return true
}

func (d *differ) equalPartitionOf(a, b *schema.PartitionOf) bool {
	if a == nil || b == nil {
		return a == b
	}
	return d.mapTable(a.Parent) == b.Parent && a.Bound == b.Bound
}

// tableConstraints compares the primary key, unique, check and exclusion
// constraints and the indexes of a matched table.
func (d *differ) tableConstraints(td *tableDiff) error {
	ft, tt := td.from, td.to
	fq, q := ft.QualifiedName(), tt.QualifiedName()
	comment := func(name, from, to string) {
		if from != to {
			td.rest = append(td.rest, &CommentOn{Object: Object{Kind: KindConstraint, Name: q, Member: name}, Comment: to})
		}
	}
	replaced := func(cols []string) { d.replacedKeys[q] = append(d.replacedKeys[q], cols) }

	// Primary key.
	fpk, tpk := ft.PrimaryKey, tt.PrimaryKey
	switch {
	case fpk == nil && tpk == nil:
	case fpk == nil:
		td.adds = append(td.adds, &AddPrimaryKey{Key: tpk})
	case tpk == nil:
		td.drops = append(td.drops, &DropPrimaryKey{Key: fpk})
		replaced(d.mapColumns(fq, fpk.Columns))
	case fpk.Name != tpk.Name && d.equalKey(fq, renamedKey(fpk, tpk.Name), tpk) && !td.touches(tpk.Columns, tpk.Include):
		td.renames = append(td.renames, &RenameConstraint{Table: tt, From: fpk.Name, To: tpk.Name})
		comment(tpk.Name, fpk.Comment, tpk.Comment)
	case !d.equalKey(fq, fpk, tpk) || td.touches(tpk.Columns, tpk.Include):
		td.drops = append(td.drops, &DropPrimaryKey{Key: fpk})
		td.adds = append(td.adds, &AddPrimaryKey{Key: tpk})
		replaced(d.mapColumns(fq, fpk.Columns))
	default:
		comment(tpk.Name, fpk.Comment, tpk.Comment)
	}

	// Unique constraints.
	for _, fk := range sorted(ft.Uniques, keyName) {
		tk, ok := findKey(tt.Uniques, fk.Name)
		if !ok || !d.equalKey(fq, fk, tk) || td.touches(tk.Columns, tk.Include) {
			td.drops = append(td.drops, &DropUnique{Key: fk})
			replaced(d.mapColumns(fq, fk.Columns))
		}
	}
	for _, tk := range sorted(tt.Uniques, keyName) {
		fk, ok := findKey(ft.Uniques, tk.Name)
		if !ok || !d.equalKey(fq, fk, tk) || td.touches(tk.Columns, tk.Include) {
			td.adds = append(td.adds, &AddUnique{Key: tk})
		} else {
			comment(tk.Name, fk.Comment, tk.Comment)
		}
	}

	// Checks.
	for _, fc := range sorted(ft.Checks, checkName) {
		tc, ok := findCheck(tt.Checks, fc.Name)
		if ok && fc.Inherited && tc.Inherited {
			continue // a parent's check: changed on the parent
		}
		if !ok || !equalCheck(fc, tc) || td.mentions(tc.Expr) {
			td.drops = append(td.drops, &DropCheck{Table: tt, Check: fc})
		}
	}
	for _, tc := range sorted(tt.Checks, checkName) {
		fc, ok := findCheck(ft.Checks, tc.Name)
		switch {
		case ok && fc.Inherited && tc.Inherited:
			comment(tc.Name, fc.Comment, tc.Comment)
		case !ok && tc.Inherited && d.inheritedAdd(td, func(p *schema.Table) bool { _, ok := findCheck(p.Checks, tc.Name); return ok }):
			// A kept parent adds it.
		case !ok || !equalCheck(fc, tc) || td.mentions(tc.Expr):
			td.adds = append(td.adds, &AddCheck{Table: tt, Check: tc})
		case fc.NotValid && !tc.NotValid:
			td.rest = append(td.rest, &ValidateCheck{Table: tt, Check: tc})
			comment(tc.Name, fc.Comment, tc.Comment)
		default:
			comment(tc.Name, fc.Comment, tc.Comment)
		}
	}

	// Exclusion constraints.
	for _, fx := range sorted(ft.Excludes, excludeName) {
		tx, ok := findExclude(tt.Excludes, fx.Name)
		if !ok || !d.equalExclude(fq, fx, tx) || td.touchesExclude(tx) {
			td.drops = append(td.drops, &DropExclude{Exclude: fx})
		}
	}
	for _, tx := range sorted(tt.Excludes, excludeName) {
		fx, ok := findExclude(ft.Excludes, tx.Name)
		if !ok || !d.equalExclude(fq, fx, tx) || td.touchesExclude(tx) {
			td.adds = append(td.adds, &AddExclude{Exclude: tx})
		} else {
			comment(tx.Name, fx.Comment, tx.Comment)
		}
	}

	// Indexes, matched by name or by a declared rename.
	paired := map[string]bool{}
	indexComment := func(name, from, to string) {
		if from != to {
			td.rest = append(td.rest, &CommentOn{Object: Object{Kind: KindIndex, Name: schema.QualifiedName{Schema: q.Schema, Name: name}}, Comment: to})
		}
	}
	for _, ti := range sorted(tt.Indexes, indexName) {
		fi, ok := ft.Index(ti.Name)
		if !ok && ti.RenamedFrom != "" {
			if _, declared := tt.Index(ti.RenamedFrom); declared {
				return errorf("index %s is declared renamed from %s, which is declared too", ti.Name, ti.RenamedFrom)
			}
			fi, ok = ft.Index(ti.RenamedFrom)
		}
		if !ok {
			td.adds = append(td.adds, &CreateIndex{Index: ti})
			continue
		}
		paired[fi.Name] = true
		if !d.equalIndex(fq, fi, ti) || td.touchesIndex(ti) {
			td.drops = append(td.drops, &DropIndex{Index: fi})
			td.adds = append(td.adds, &CreateIndex{Index: ti})
			if fi.Unique && fi.Predicate == "" {
				replaced(d.mapColumns(fq, indexColumns(fi)))
			}
			continue
		}
		if fi.Name != ti.Name {
			td.renames = append(td.renames, &RenameIndex{From: fi, To: ti})
		}
		indexComment(ti.Name, fi.Comment, ti.Comment)
	}
	for _, fi := range sorted(ft.Indexes, indexName) {
		if !paired[fi.Name] {
			td.drops = append(td.drops, &DropIndex{Index: fi})
			if fi.Unique && fi.Predicate == "" {
				replaced(d.mapColumns(fq, indexColumns(fi)))
			}
		}
	}
	return nil
}

// renamedKey returns a copy of k named name.
func renamedKey(k *schema.Key, name string) *schema.Key {
	c := *k
	c.Name = name
	return &c
}

// foreignKeys compares the foreign keys of a matched table.
func (d *differ) foreignKeys(td *tableDiff) {
	ft, tt := td.from, td.to
	fq, q := ft.QualifiedName(), tt.QualifiedName()
	comment := func(name, from, to string) {
		if from != to {
			td.rest = append(td.rest, &CommentOn{Object: Object{Kind: KindConstraint, Name: q, Member: name}, Comment: to})
		}
	}
	recreate := func(ff, tf *schema.ForeignKey) bool {
		return !d.equalForeignKey(fq, ff, tf) || td.touches(tf.Columns, nil) ||
			d.keyReplaced(tf.RefTable, tf.RefColumns) || (tf.NotValid && !ff.NotValid)
	}
	for _, ff := range sorted(ft.ForeignKeys, fkName) {
		tf, ok := findForeignKey(tt.ForeignKeys, ff.Name)
		if !ok || recreate(ff, tf) {
			td.fkDrops = append(td.fkDrops, &DropForeignKey{ForeignKey: ff})
		}
	}
	for _, tf := range sorted(tt.ForeignKeys, fkName) {
		ff, ok := findForeignKey(ft.ForeignKeys, tf.Name)
		if !ok || recreate(ff, tf) {
			td.fkAdds = append(td.fkAdds, &AddForeignKey{ForeignKey: tf})
			continue
		}
		if ff.Deferrable != tf.Deferrable || ff.InitiallyDeferred != tf.InitiallyDeferred {
			td.rest = append(td.rest, &AlterForeignKey{From: ff, To: tf})
		}
		if ff.NotValid && !tf.NotValid {
			td.rest = append(td.rest, &ValidateForeignKey{ForeignKey: tf})
		}
		comment(tf.Name, ff.Comment, tf.Comment)
	}
}

// foreignKeysToReplacedKeys lists the foreign keys of t, a table the plan
// drops, that reference a key of a kept table which the plan drops or
// replaces.
func (d *differ) foreignKeysToReplacedKeys(t *schema.Table) []*schema.ForeignKey {
	var fks []*schema.ForeignKey
	for _, fk := range sorted(t.ForeignKeys, fkName) {
		if _, kept := d.to.Table(d.mapTable(fk.RefTable)); !kept {
			continue // dropped too: see the plan's order of dropped tables
		}
		if d.keyReplaced(d.mapTable(fk.RefTable), d.mapColumns(fk.RefTable, fk.RefColumns)) {
			fks = append(fks, fk)
		}
	}
	return fks
}

// keyReplaced reports whether the plan drops a key of table q (desired
// name) on exactly the columns cols, in any order.
func (d *differ) keyReplaced(q schema.QualifiedName, cols []string) bool {
	want := slices.Sorted(slices.Values(cols))
	for _, k := range d.replacedKeys[q] {
		if slices.Equal(slices.Sorted(slices.Values(k)), want) {
			return true
		}
	}
	return false
}

// touches reports whether any of the columns is dropped and added again.
func (td *tableDiff) touches(cols ...[]string) bool {
	for _, list := range cols {
		for _, c := range list {
			if td.recreated[c] {
				return true
			}
		}
	}
	return false
}

// mentions reports whether an expression refers to a column that is
// dropped and added again (PostgreSQL drops what depends on it), or to a
// type that is replaced: ALTER COLUMN ... TYPE rebuilds an index or check
// from its text, in which a constant of the type is cast to the old type,
// renamed away by then, and the rebuilt expression compares the new type
// with the old one, for which there is no operator.
func (td *tableDiff) mentions(exprs ...schema.Expr) bool {
	if len(td.recreated) == 0 && len(td.replacedTypes) == 0 {
		return false
	}
	for _, e := range exprs {
		for _, id := range identifiers(string(e)) {
			if td.recreated[id] || td.replacedTypes[id] {
				return true
			}
		}
	}
	return false
}

func (td *tableDiff) touchesIndex(i *schema.Index) bool {
	if td.touches(i.Include) || td.mentions(i.Predicate) {
		return true
	}
	for _, p := range i.Parts {
		if td.touches([]string{p.Column}) || td.mentions(p.Expr) {
			return true
		}
	}
	return false
}

func (td *tableDiff) touchesExclude(x *schema.Exclude) bool {
	if td.touches(x.Include) || td.mentions(x.Predicate) {
		return true
	}
	for _, e := range x.Elements {
		if td.touches([]string{e.Column}) || td.mentions(e.Expr) {
			return true
		}
	}
	return false
}

// identifiers returns the identifiers of an SQL expression: bare words
// (folded to lower case, as PostgreSQL does) and double-quoted names. It
// skips string literals. It is a scanner, not a parser: a function or type
// name is an identifier too, which only makes mentions more cautious.
func identifiers(expr string) []string {
	var ids []string
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '\'':
			i++
			for i < len(expr) {
				if expr[i] == '\'' {
					if i+1 < len(expr) && expr[i+1] == '\'' {
						i += 2
						continue
					}
					break
				}
				i++
			}
			i++
		case c == '"':
			var b strings.Builder
			i++
			for i < len(expr) {
				if expr[i] == '"' {
					if i+1 < len(expr) && expr[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					break
				}
				b.WriteByte(expr[i])
				i++
			}
			i++
			ids = append(ids, b.String())
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			j := i
			for j < len(expr) && (expr[j] == '_' || expr[j] == '$' || expr[j] >= 'a' && expr[j] <= 'z' ||
				expr[j] >= 'A' && expr[j] <= 'Z' || expr[j] >= '0' && expr[j] <= '9' || expr[j] >= 0x80) {
				j++
			}
			ids = append(ids, strings.ToLower(expr[i:j]))
			i = j
		case c >= '0' && c <= '9':
			for i < len(expr) && (expr[i] >= '0' && expr[i] <= '9' || expr[i] == '.' || expr[i] == 'e' || expr[i] == 'E') {
				i++
			}
		default:
			i++
		}
	}
	return ids
}

// indexColumns returns the key columns of an index ("" for an expression).
func indexColumns(i *schema.Index) []string {
	cols := make([]string, len(i.Parts))
	for j, p := range i.Parts {
		cols[j] = p.Column
	}
	return cols
}

func (d *differ) equalKey(fq schema.QualifiedName, a, b *schema.Key) bool {
	return a.Name == b.Name &&
		slices.Equal(d.mapColumns(fq, a.Columns), b.Columns) &&
		slices.Equal(d.mapColumns(fq, a.Include), b.Include) &&
		a.NullsNotDistinct == b.NullsNotDistinct &&
		a.Deferrable == b.Deferrable && a.InitiallyDeferred == b.InitiallyDeferred &&
		slices.Equal(a.StorageParams, b.StorageParams)
}

func equalCheck(a, b *schema.Check) bool {
	return a.Expr == b.Expr && a.NoInherit == b.NoInherit && (a.NotValid || !b.NotValid)
}

func (d *differ) equalIndex(fq schema.QualifiedName, a, b *schema.Index) bool {
	return a.Unique == b.Unique && method(a.Method, "btree") == method(b.Method, "btree") &&
		d.equalParts(fq, a.Parts, b.Parts) &&
		slices.Equal(d.mapColumns(fq, a.Include), b.Include) &&
		a.Predicate == b.Predicate && a.NullsNotDistinct == b.NullsNotDistinct &&
		slices.Equal(a.StorageParams, b.StorageParams)
}

func (d *differ) equalParts(fq schema.QualifiedName, a, b []*schema.IndexPart) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !d.equalPart(fq, a[i], b[i]) {
			return false
		}
	}
	return true
}

func (d *differ) equalPart(fq schema.QualifiedName, a, b *schema.IndexPart) bool {
	col := a.Column
	if col != "" {
		col = d.mapColumns(fq, []string{col})[0]
	}
	return col == b.Column && a.Expr == b.Expr && a.Collation == b.Collation &&
		a.OpClass == b.OpClass && slices.Equal(a.OpClassParams, b.OpClassParams) &&
		a.Desc == b.Desc && a.NullsFirst == b.NullsFirst && a.NullsLast == b.NullsLast
}

func (d *differ) equalExclude(fq schema.QualifiedName, a, b *schema.Exclude) bool {
	if method(a.Method, "gist") != method(b.Method, "gist") || len(a.Elements) != len(b.Elements) ||
		!slices.Equal(d.mapColumns(fq, a.Include), b.Include) || a.Predicate != b.Predicate ||
		!slices.Equal(a.StorageParams, b.StorageParams) ||
		a.Deferrable != b.Deferrable || a.InitiallyDeferred != b.InitiallyDeferred {
		return false
	}
	for i := range a.Elements {
		if a.Elements[i].Operator != b.Elements[i].Operator || !d.equalPart(fq, &a.Elements[i].IndexPart, &b.Elements[i].IndexPart) {
			return false
		}
	}
	return true
}

// equalForeignKey compares what a foreign key enforces; deferrability,
// validity and comment are compared by the caller, since they change in place.
func (d *differ) equalForeignKey(fq schema.QualifiedName, a, b *schema.ForeignKey) bool {
	return slices.Equal(d.mapColumns(fq, a.Columns), b.Columns) &&
		d.mapTable(a.RefTable) == b.RefTable &&
		slices.Equal(d.mapColumns(a.RefTable, a.RefColumns), b.RefColumns) &&
		method(a.Match, schema.MatchSimple) == method(b.Match, schema.MatchSimple) &&
		method(a.OnDelete, schema.NoAction) == method(b.OnDelete, schema.NoAction) &&
		slices.Equal(d.mapColumns(fq, a.OnDeleteColumns), b.OnDeleteColumns) &&
		method(a.OnUpdate, schema.NoAction) == method(b.OnUpdate, schema.NoAction)
}

// method returns s, or def when s is empty: the default that PostgreSQL
// applies to an option left out.
func method(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func findKey(keys []*schema.Key, name string) (*schema.Key, bool) {
	for _, k := range keys {
		if k.Name == name {
			return k, true
		}
	}
	return nil, false
}

func findExclude(xs []*schema.Exclude, name string) (*schema.Exclude, bool) {
	for _, x := range xs {
		if x.Name == name {
			return x, true
		}
	}
	return nil, false
}

func findForeignKey(fks []*schema.ForeignKey, name string) (*schema.ForeignKey, bool) {
	for _, f := range fks {
		if f.Name == name {
			return f, true
		}
	}
	return nil, false
}
