package plan

import (
	"slices"
	"strings"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// createTable plans a new table: CREATE TABLE with its columns, keys, valid
// checks and exclusion constraints; then NOT VALID checks, indexes and
// foreign keys (after every table exists, since they may reference tables
// created later) and comments. No online-safe forms: nobody uses the table yet.
func (b *builder) createTable(c *diff.CreateTable) {
	t := sortedTable(c.Table)
	q := t.QualifiedName()
	var elems []string
	if t.PartitionOf == nil {
		for _, col := range t.Columns {
			if !col.Inherited { // INHERITS brings the others
				elems = append(elems, columnDef(col))
			}
		}
	} else {
		elems = append(elems, partitionColumnOptions(t)...)
	}
	if t.PrimaryKey != nil {
		elems = append(elems, keyDef(t.PrimaryKey, true))
	}
	for _, k := range t.Uniques {
		elems = append(elems, keyDef(k, false))
	}
	for _, ch := range t.Checks {
		if !ch.NotValid && !ch.Inherited && b.late(phCreateTable, string(ch.Expr)) == phCreateTable {
			elems = append(elems, checkDef(ch, false))
		}
	}
	for _, x := range t.Excludes {
		elems = append(elems, excludeDef(x))
	}

	var sb strings.Builder
	sb.WriteString("CREATE ")
	if t.Unlogged {
		sb.WriteString("UNLOGGED ")
	}
	sb.WriteString("TABLE " + qname(q))
	if p := t.PartitionOf; p != nil {
		sb.WriteString(" PARTITION OF " + qname(p.Parent))
		if len(elems) > 0 {
			sb.WriteString(" (\n    " + strings.Join(elems, ",\n    ") + "\n)")
		}
		sb.WriteString(" " + p.Bound)
	} else if len(elems) == 0 {
		sb.WriteString(" ()")
	} else {
		sb.WriteString(" (\n    " + strings.Join(elems, ",\n    ") + "\n)")
	}
	if len(t.Inherits) > 0 {
		sb.WriteString(" " + inheritsClause(t.Inherits))
	}
	if k := t.PartitionKey; k != nil {
		sb.WriteString(" " + partitionBy(k))
	}
	b.add(phCreateTable, c, "create table "+q.String(), sb.String())
	b.inheritedColumnOptions(c, t)

	// CREATE TABLE validates a NOT VALID check anyway (the table is
	// empty), so a check meant to stay NOT VALID is added afterwards.
	for _, ch := range t.Checks {
		switch {
		case ch.Inherited:
		case ch.NotValid:
			b.add(b.late(phAlterTable, string(ch.Expr)), c, "add check "+ident(ch.Name)+" to "+q.String()+" without validating existing rows",
				"ALTER TABLE "+qname(q)+" ADD "+checkDef(ch, true))
		case b.late(phCreateTable, string(ch.Expr)) != phCreateTable:
			b.add(phLateConstraint, c, "add check "+ident(ch.Name)+" to "+q.String()+" once the function it calls exists",
				"ALTER TABLE "+qname(q)+" ADD "+checkDef(ch, false))
		}
	}
	for _, i := range t.Indexes {
		sql := createIndex(i, q, false)
		b.add(b.late(phIndex, sql), c, "create index "+ident(i.Name)+" on "+q.String(), sql)
	}
	for _, fk := range t.ForeignKeys {
		b.add(phForeignKey, c, "add foreign key "+ident(fk.Name)+" to "+q.String(),
			"ALTER TABLE "+qname(q)+" ADD "+foreignKeyDef(fk, fk.NotValid))
	}

	b.comment(c, diff.Object{Kind: diff.KindTable, Name: q}, t.Comment)
	for _, col := range t.Columns {
		b.comment(c, diff.Object{Kind: diff.KindColumn, Name: q, Member: col.Name}, col.Comment)
	}
	constraint := func(name, comment string) {
		b.comment(c, diff.Object{Kind: diff.KindConstraint, Name: q, Member: name}, comment)
	}
	if k := t.PrimaryKey; k != nil {
		constraint(k.Name, k.Comment)
	}
	for _, k := range t.Uniques {
		constraint(k.Name, k.Comment)
	}
	for _, ch := range t.Checks {
		constraint(ch.Name, ch.Comment)
	}
	for _, x := range t.Excludes {
		constraint(x.Name, x.Comment)
	}
	for _, fk := range t.ForeignKeys {
		constraint(fk.Name, fk.Comment)
	}
	for _, i := range t.Indexes {
		b.comment(c, diff.Object{Kind: diff.KindIndex, Name: schema.QualifiedName{Schema: q.Schema, Name: i.Name}}, i.Comment)
	}
}

// sortedTable returns a shallow copy of t whose constraints and indexes are
// sorted by name, so that the statements do not depend on the order in
// which a realm lists them. Columns keep their order.
func sortedTable(t *schema.Table) *schema.Table {
	c := *t
	c.Uniques = sortedBy(t.Uniques, func(k *schema.Key) string { return k.Name })
	c.Checks = sortedBy(t.Checks, func(k *schema.Check) string { return k.Name })
	c.Excludes = sortedBy(t.Excludes, func(k *schema.Exclude) string { return k.Name })
	c.Indexes = sortedBy(t.Indexes, func(k *schema.Index) string { return k.Name })
	c.ForeignKeys = sortedBy(t.ForeignKeys, func(k *schema.ForeignKey) string { return k.Name })
	return &c
}

func sortedBy[T any](items []T, name func(T) string) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return strings.Compare(name(a), name(b)) })
	return out
}

// partitionColumnOptions renders the column options of a partition that
// differ from its parent's: CREATE TABLE ... PARTITION OF takes the
// columns, their NOT NULL and their defaults from the parent.
func partitionColumnOptions(t *schema.Table) []string {
	var parent *schema.Table
	if t.Schema != nil && t.Schema.Realm != nil {
		parent, _ = t.Schema.Realm.Table(t.PartitionOf.Parent)
	}
	var elems []string
	for _, col := range t.Columns {
		var pc *schema.Column
		if parent != nil {
			pc, _ = parent.Column(col.Name)
		}
		if pc == nil {
			pc = &schema.Column{}
		}
		var opts string
		if col.Default != "" && col.Default != pc.Default {
			opts += " DEFAULT " + string(col.Default)
		}
		if col.NotNull && !pc.NotNull {
			opts += " NOT NULL"
		}
		if opts != "" {
			elems = append(elems, ident(col.Name)+" WITH OPTIONS"+opts)
		}
	}
	return elems
}

// partitionBy renders PARTITION BY.
func partitionBy(k *schema.PartitionKey) string {
	parts := make([]string, len(k.Parts))
	for i, p := range k.Parts {
		var s string
		if p.Column != "" {
			s = ident(p.Column)
		} else {
			s = "(" + string(p.Expr) + ")"
		}
		if p.Collation != "" {
			s += " COLLATE " + collation(p.Collation)
		}
		if p.OpClass != "" {
			s += " " + p.OpClass
		}
		parts[i] = s
	}
	return "PARTITION BY " + strings.ToUpper(k.Strategy) + " (" + strings.Join(parts, ", ") + ")"
}

// alterTable plans the changes of an existing table, in the online-safe
// forms of design.md ("Online-safe plans").
func (b *builder) alterTable(c *diff.AlterTable) error {
	q := c.To.QualifiedName()
	table := "ALTER TABLE " + qname(q) + " "
	partitioned := c.From.PartitionKey != nil
	constraint := func(src diff.Change, name, comment string) {
		b.comment(src, diff.Object{Kind: diff.KindConstraint, Name: q, Member: name}, comment)
	}

	var renames []*diff.RenameColumn
	var drops []*diff.DropColumn
	for _, sc := range c.Changes {
		switch sc := sc.(type) {
		case *diff.SetLogged:
			if sc.Logged {
				b.add(phAlterTable, sc, "make table "+q.String()+" logged", table+"SET LOGGED")
			} else {
				b.add(phAlterTable, sc, "make table "+q.String()+" unlogged", table+"SET UNLOGGED")
			}
		case *diff.AddInherit, *diff.DropInherit:
			b.inheritChange(q, sc)
		case *diff.DetachPartition:
			parent := b.current(sc.Table.PartitionOf.Parent)
			b.add(phDetach, sc, "detach partition "+q.String()+" from "+parent.String(),
				"ALTER TABLE "+qname(parent)+" DETACH PARTITION "+qname(q))
		case *diff.AttachPartition:
			p := sc.Table.PartitionOf
			b.add(phAttach, sc, "attach "+q.String()+" as a partition of "+p.Parent.String(),
				"ALTER TABLE "+qname(p.Parent)+" ATTACH PARTITION "+qname(q)+" "+p.Bound)
		case *diff.AddColumn:
			b.add(phAlterTable, sc, "add column "+ident(sc.Column.Name)+" to "+q.String()+because(sc.Reason), table+"ADD COLUMN "+columnDef(sc.Column))
			b.comment(sc, diff.Object{Kind: diff.KindColumn, Name: q, Member: sc.Column.Name}, sc.Column.Comment)
		case *diff.DropColumn:
			if sc.Column.Inherited {
				b.dropInheritedColumn(q, sc)
				continue
			}
			drops = append(drops, sc)
		case *diff.RenameColumn:
			renames = append(renames, sc)
		case *diff.AlterColumn:
			b.alterColumn(c, sc)
		case *diff.AddPrimaryKey:
			b.addKey(q, partitioned, sc, sc.Key, true)
			constraint(sc, sc.Key.Name, sc.Key.Comment)
		case *diff.AddUnique:
			b.addKey(q, partitioned, sc, sc.Key, false)
			constraint(sc, sc.Key.Name, sc.Key.Comment)
		case *diff.DropPrimaryKey:
			b.add(phDropConstraint, sc, "drop primary key "+ident(sc.Key.Name)+" of "+q.String(), table+"DROP CONSTRAINT "+ident(sc.Key.Name))
		case *diff.DropUnique:
			b.add(phDropConstraint, sc, "drop unique constraint "+ident(sc.Key.Name)+" of "+q.String(), table+"DROP CONSTRAINT "+ident(sc.Key.Name))
		case *diff.AddForeignKey:
			fk := sc.ForeignKey
			what := "add foreign key " + ident(fk.Name) + " to " + q.String()
			// PostgreSQL < 18 cannot add a NOT VALID foreign key to a
			// partitioned table: it is added and validated at once.
			if fk.NotValid || partitioned {
				b.add(phForeignKey, sc, what, table+"ADD "+foreignKeyDef(fk, fk.NotValid))
			} else {
				b.add(phForeignKey, sc, what+" without validating existing rows", table+"ADD "+foreignKeyDef(fk, true))
				b.validate(phValidateForeignKey, sc, q, fk.Name, "foreign key")
			}
			constraint(sc, fk.Name, fk.Comment)
		case *diff.DropForeignKey:
			b.add(phDropForeignKey, sc, "drop foreign key "+ident(sc.ForeignKey.Name)+" of "+q.String(), table+"DROP CONSTRAINT "+ident(sc.ForeignKey.Name))
		case *diff.AlterForeignKey:
			to := sc.To
			clause := "NOT DEFERRABLE"
			if to.Deferrable {
				clause = "DEFERRABLE INITIALLY IMMEDIATE"
				if to.InitiallyDeferred {
					clause = "DEFERRABLE INITIALLY DEFERRED"
				}
			}
			b.add(phForeignKey, sc, "make foreign key "+ident(to.Name)+" of "+q.String()+" "+strings.ToLower(clause),
				table+"ALTER CONSTRAINT "+ident(to.Name)+" "+clause)
		case *diff.ValidateForeignKey:
			b.validate(phValidateForeignKey, sc, q, sc.ForeignKey.Name, "foreign key")
		case *diff.AddCheck:
			ch := sc.Check
			if ch.NotValid {
				b.add(b.late(phAlterTable, string(ch.Expr)), sc, "add check "+ident(ch.Name)+" to "+q.String()+" without validating existing rows", table+"ADD "+checkDef(ch, true))
			} else {
				b.add(b.late(phAlterTable, string(ch.Expr)), sc, "add check "+ident(ch.Name)+" to "+q.String()+", validated separately", table+"ADD "+checkDef(ch, true))
				b.validate(b.late(phValidateCheck, string(ch.Expr)), sc, q, ch.Name, "check")
			}
			constraint(sc, ch.Name, ch.Comment)
		case *diff.DropCheck:
			if sc.Check.Inherited {
				b.dropInheritedCheck(q, sc)
				continue
			}
			b.add(phDropConstraint, sc, "drop check "+ident(sc.Check.Name)+" of "+q.String(), table+"DROP CONSTRAINT "+ident(sc.Check.Name))
		case *diff.ValidateCheck:
			b.validate(phValidateCheck, sc, q, sc.Check.Name, "check")
		case *diff.AddExclude:
			// There is no online form: the index is built under the
			// ACCESS EXCLUSIVE lock of ADD CONSTRAINT.
			b.add(phConstraint, sc, "add exclusion constraint "+ident(sc.Exclude.Name)+" to "+q.String(), table+"ADD "+excludeDef(sc.Exclude))
			constraint(sc, sc.Exclude.Name, sc.Exclude.Comment)
		case *diff.DropExclude:
			b.add(phDropConstraint, sc, "drop exclusion constraint "+ident(sc.Exclude.Name)+" of "+q.String(), table+"DROP CONSTRAINT "+ident(sc.Exclude.Name))
		case *diff.CreateIndex:
			i := sc.Index
			// CONCURRENTLY is not supported on partitioned tables.
			sql := createIndex(i, q, !partitioned)
			b.add(b.late(phIndex, sql), sc, "create index "+ident(i.Name)+" on "+q.String(), sql)
			b.comment(sc, diff.Object{Kind: diff.KindIndex, Name: schema.QualifiedName{Schema: q.Schema, Name: i.Name}}, i.Comment)
		case *diff.DropIndex:
			sql := "DROP INDEX "
			if !partitioned {
				sql += "CONCURRENTLY "
			}
			b.add(phDropConstraint, sc, "drop index "+ident(sc.Index.Name)+" of "+q.String(), sql+sibling(q, sc.Index.Name))
		case *diff.RenameConstraint:
			b.add(phRename, sc, "rename constraint "+ident(sc.From)+" of "+q.String()+" to "+ident(sc.To),
				table+"RENAME CONSTRAINT "+ident(sc.From)+" TO "+ident(sc.To))
		case *diff.RenameIndex:
			b.add(phRename, sc, "rename index "+sibling(q, sc.From.Name)+" to "+ident(sc.To.Name),
				"ALTER INDEX "+sibling(q, sc.From.Name)+" RENAME TO "+ident(sc.To.Name))
		case *diff.CommentOn:
			b.add(phComment, sc, "comment on "+sc.Object.String(), commentSQL(sc.Object, sc.Comment))
		default:
			return &UnsupportedError{Change: sc, Reason: "unexpected change in ALTER TABLE"}
		}
	}

	// Stored generated columns are dropped before the other columns: one
	// may depend on a column that is dropped too, and PostgreSQL refuses to
	// drop a column that a generated column uses (without CASCADE, which
	// the plan never writes). A generated column cannot use another
	// generated column, so dropping all of them first is enough.
	slices.SortStableFunc(drops, func(x, y *diff.DropColumn) int {
		return cmpBool(x.Column.Generated == "", y.Column.Generated == "")
	})
	for _, sc := range drops {
		s := b.add(phDropColumn, sc, "drop column "+ident(sc.Column.Name)+" of "+q.String()+because(sc.Reason), table+"DROP COLUMN "+ident(sc.Column.Name))
		// A generated column's values are derived from the others.
		s.Destructive = sc.Column.Generated == ""
	}

	// Column renames come after the table's own rename (phRenameTable) and
	// never chain (see orderChanges).
	for _, r := range renames {
		b.add(phRename, r, "rename column "+ident(r.From.Name)+" of "+q.String()+" to "+ident(r.To.Name),
			table+"RENAME COLUMN "+ident(r.From.Name)+" TO "+ident(r.To.Name))
	}
	return nil
}

// validate adds VALIDATE CONSTRAINT, run on its own: it only takes SHARE
// UPDATE EXCLUSIVE while it scans, but inside the transaction of the ADD
// CONSTRAINT ... NOT VALID before it, that statement's ACCESS EXCLUSIVE lock
// would be held during the scan.
func (b *builder) validate(ph phase, src diff.Change, q schema.QualifiedName, name, kind string) {
	s := b.add(ph, src, "validate "+kind+" "+ident(name)+" of "+q.String(),
		"ALTER TABLE "+qname(q)+" VALIDATE CONSTRAINT "+ident(name))
	s.alone = "runs alone, after the constraint was added NOT VALID and committed, so that its scan does not hold the ACCESS EXCLUSIVE lock of ADD CONSTRAINT"
}

// addKey adds a primary key or unique constraint to an existing table: the
// unique index is built CONCURRENTLY (no lock that blocks writes), then the
// constraint takes it over with USING INDEX, a catalog change. Partitioned
// tables support neither, and get a plain ADD CONSTRAINT.
func (b *builder) addKey(q schema.QualifiedName, partitioned bool, src diff.Change, k *schema.Key, primary bool) {
	kind := "unique constraint"
	if primary {
		kind = "primary key"
	}
	table := "ALTER TABLE " + qname(q) + " "
	if partitioned {
		b.add(phConstraint, src, "add "+kind+" "+ident(k.Name)+" to "+q.String(), table+"ADD "+keyDef(k, primary))
		return
	}
	b.add(phIndex, src, "build the index of "+kind+" "+ident(k.Name)+" on "+q.String(), createIndex(keyIndex(k), q, true))
	word := "UNIQUE"
	if primary {
		word = "PRIMARY KEY"
	}
	b.add(phConstraint, src, "add "+kind+" "+ident(k.Name)+" to "+q.String()+" using its index",
		table+"ADD CONSTRAINT "+ident(k.Name)+" "+word+" USING INDEX "+ident(k.Name)+deferrable(k.Deferrable, k.InitiallyDeferred))
}

// alterColumn changes the properties of an existing column, each with its
// own statement, in an order that keeps every step valid: the default goes
// before a type change that cannot cast it and before an identity is added;
// NOT NULL comes before an identity, which requires it.
func (b *builder) alterColumn(at *diff.AlterTable, c *diff.AlterColumn) {
	q := at.To.QualifiedName()
	from, to, w := c.From, c.To, c.What
	col := ident(to.Name)
	name := q.String() + "." + col
	alter := "ALTER TABLE " + qname(q) + " ALTER COLUMN " + col + " "
	defaultDropped := false
	fromSerial, toSerial := serialBase(from.Type), serialBase(to.Type)

	if w.Is(diff.ChangeGenerated) {
		b.add(phAlterTable, c, "make "+name+" an ordinary column, keeping its values", alter+"DROP EXPRESSION")
	}
	if w.Is(diff.ChangeIdentity) && from.Identity != nil && to.Identity == nil {
		b.add(phAlterTable, c, "drop the identity of "+name, alter+"DROP IDENTITY")
	}

	if w.Is(diff.ChangeType) || w.Is(diff.ChangeCollation) {
		fromType, toType := from.Type, to.Type
		if fromSerial != "" {
			fromType = fromSerial
		}
		if toSerial != "" {
			toType = toSerial
		}
		oldSeq := sibling(at.From.QualifiedName(), serialSequenceName(at.From.Name, from.Name))
		if fromSerial != "" && toSerial == "" {
			b.add(phAlterTable, c, "drop the serial default of "+name, alter+"DROP DEFAULT")
			s := b.add(phAlterTable, c, "drop the sequence of serial column "+name, "DROP SEQUENCE "+oldSeq)
			s.Destructive = false
			defaultDropped = true
		}
		if fromType != toType || w.Is(diff.ChangeCollation) {
			using := needsUsing(fromType, toType)
			if from.Default != "" && !defaultDropped && using {
				b.add(phAlterTable, c, "drop the default of "+name+", which cannot be cast to the new type", alter+"DROP DEFAULT")
				defaultDropped = true
			}
			sql := alter + "TYPE " + toType
			switch {
			case to.Collation != "":
				sql += " COLLATE " + collation(to.Collation)
			case from.Collation != "":
				sql += " COLLATE " + defaultCollation
			}
			if using && fromType != toType {
				sql += " USING " + usingExpr(col, fromType, toType)
			}
			what := "change the type of " + name + " to " + toType
			if fromType == toType {
				what = "change the collation of " + name
			}
			s := b.add(phAlterTable, c, what, sql)
			s.Destructive = fromType != toType && lossyTypeChange(fromType, toType)
		}
		if fromSerial != "" && toSerial != "" && fromSerial != toSerial {
			b.add(phAlterTable, c, "change the type of the sequence of "+name, "ALTER SEQUENCE "+oldSeq+" AS "+toSerial)
		}
		if fromSerial == "" && toSerial != "" {
			seq := sibling(q, serialSequenceName(q.Name, to.Name))
			b.add(phAlterTable, c, "create the sequence of serial column "+name,
				"CREATE SEQUENCE "+seq+" AS "+toSerial+" OWNED BY "+qname(q)+"."+col)
			b.add(phAlterTable, c, "make "+name+" take its default from its sequence",
				alter+"SET DEFAULT nextval("+literal(seq)+"::regclass)")
			// Existing rows hold values already: start after the largest.
			b.add(phAlterTable, c, "start the sequence of "+name+" after the values the column holds",
				"SELECT setval("+literal(seq)+"::regclass, coalesce(max("+col+"), 0) + 1, false) FROM "+qname(q))
		}
	}

	// A serial column's default is its sequence, set above.
	if toSerial == "" && (w.Is(diff.ChangeDefault) || defaultDropped) {
		switch {
		case to.Default != "":
			b.add(phAlterTable, c, "set the default of "+name, alter+"SET DEFAULT "+string(to.Default))
		case !defaultDropped:
			b.add(phAlterTable, c, "drop the default of "+name, alter+"DROP DEFAULT")
		}
	}

	if w.Is(diff.ChangeNotNull) {
		if to.NotNull {
			b.setNotNull(q, c, to.Name)
		} else {
			b.add(phAlterTable, c, "make "+name+" nullable", alter+"DROP NOT NULL")
		}
	}

	if w.Is(diff.ChangeIdentity) && to.Identity != nil {
		if from.Identity == nil {
			// After NOT NULL, which ADD GENERATED ... AS IDENTITY requires.
			b.add(phConstraint, c, "make "+name+" an identity column", alter+"ADD "+identityClause(to.Identity, to.Type))
			return
		}
		var parts []string
		if from.Identity.Always != to.Identity.Always {
			if to.Identity.Always {
				parts = append(parts, "SET GENERATED ALWAYS")
			} else {
				parts = append(parts, "SET GENERATED BY DEFAULT")
			}
		}
		fo, no := from.Identity.Sequence, to.Identity.Sequence
		fo.Normalize(from.Type)
		no.Normalize(to.Type)
		changes := sequenceChanges(fo, from.Type, no, to.Type)
		for _, p := range changes {
			parts = append(parts, "SET "+p)
		}
		if len(changes) > 0 {
			switch e := enterRange(fo, from.Type, no, to.Type); {
			case e.restart:
				parts = append(parts, "RESTART")
			case e.guard != "":
				b.add(phAlterTable, c, "move the current value of the identity sequence of "+name+" into its new range, if it lies "+rangeSide(e),
					e.moveIdentity(q, to.Name))
			}
		}
		if len(parts) > 0 {
			b.add(phAlterTable, c, "alter the identity of "+name, alter+strings.Join(parts, " "))
		}
	}
}

// setNotNull makes an existing column NOT NULL without a long ACCESS
// EXCLUSIVE lock: a CHECK (col IS NOT NULL) is added NOT VALID, validated
// under SHARE UPDATE EXCLUSIVE, and then SET NOT NULL finds it and skips its
// own scan (PostgreSQL 12+); the check is dropped afterwards.
func (b *builder) setNotNull(q schema.QualifiedName, c *diff.AlterColumn, column string) {
	col := ident(column)
	table := "ALTER TABLE " + qname(q) + " "
	check := ident(truncateName("schemactl_" + column + "_not_null"))
	name := q.String() + "." + col
	b.add(phAlterTable, c, "add a NOT VALID check that "+name+" is not null", table+"ADD CONSTRAINT "+check+" CHECK ("+col+" IS NOT NULL) NOT VALID")
	s := b.add(phValidateCheck, c, "validate that "+name+" is not null", table+"VALIDATE CONSTRAINT "+check)
	s.alone = "runs alone, after the check was added NOT VALID and committed, so that its scan does not hold the ACCESS EXCLUSIVE lock of ADD CONSTRAINT"
	b.add(phConstraint, c, "make "+name+" NOT NULL; the validated check spares the scan", table+"ALTER COLUMN "+col+" SET NOT NULL")
	b.add(phConstraint, c, "drop the check that made SET NOT NULL fast", table+"DROP CONSTRAINT "+check)
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// because turns a reason into the end of a statement's comment: "" stays
// "", anything else follows a colon.
func because(reason string) string {
	if reason == "" {
		return ""
	}
	return ": " + reason
}
