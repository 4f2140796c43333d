package plan

import (
	"strings"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

func (b *builder) typeChange(c diff.Change) error {
	switch c := c.(type) {
	case *diff.CreateEnum:
		b.createEnum(phCreateType, c, c.Enum, c.Enum.QualifiedName())
	case *diff.DropEnum:
		q := c.Enum.QualifiedName()
		b.add(phDropType, c, "drop enum "+q.String(), "DROP TYPE "+qname(q))
	case *diff.AddEnumValue:
		q := c.Enum.QualifiedName()
		sql := "ALTER TYPE " + qname(q) + " ADD VALUE " + literal(c.Value)
		switch {
		case c.Before != "":
			sql += " BEFORE " + literal(c.Before)
		case c.After != "":
			sql += " AFTER " + literal(c.After)
		}
		s := b.add(phAlterType, c, "add value "+literal(c.Value)+" to enum "+q.String(), sql)
		s.enumValue = c.Value
	case *diff.RenameEnumValue:
		q := c.Enum.QualifiedName()
		b.add(phRename, c, "rename value "+literal(c.From)+" of enum "+q.String()+" to "+literal(c.To),
			"ALTER TYPE "+qname(q)+" RENAME VALUE "+literal(c.From)+" TO "+literal(c.To))
	case *diff.ReplaceEnum:
		q := c.To.QualifiedName()
		removed := false
		for _, v := range c.From.Values {
			if !contains(c.To.Values, v) {
				removed = true
			}
		}
		b.replaceType(c, "enum", q, c.Columns, removed, func(ph phase) {
			b.createEnum(ph, c, c.To, q)
		})
	case *diff.CreateDomain:
		b.createDomain(phCreateType, c, c.Domain)
	case *diff.DropDomain:
		q := c.Domain.QualifiedName()
		b.add(phDropType, c, "drop domain "+q.String(), "DROP DOMAIN "+qname(q))
	case *diff.AlterDomain:
		b.alterDomain(c)
	case *diff.ReplaceDomain:
		q := c.To.QualifiedName()
		b.replaceType(c, "domain", q, c.Columns, lossyTypeChange(c.From.Type, c.To.Type), func(ph phase) {
			b.createDomain(ph, c, c.To)
		})
	case *diff.CreateComposite:
		b.createComposite(c)
	case *diff.DropComposite:
		q := c.Composite.QualifiedName()
		b.add(phDropType, c, "drop composite type "+q.String(), "DROP TYPE "+qname(q))
	case *diff.AlterComposite:
		b.alterComposite(c)
	}
	return nil
}

func (b *builder) createEnum(ph phase, src diff.Change, e *schema.Enum, q schema.QualifiedName) {
	vals := make([]string, len(e.Values))
	for i, v := range e.Values {
		vals[i] = literal(v)
	}
	b.add(ph, src, "create enum "+q.String(), "CREATE TYPE "+qname(q)+" AS ENUM ("+strings.Join(vals, ", ")+")")
	b.comment(src, diff.Object{Kind: diff.KindEnum, Name: q}, e.Comment)
}

// replaceType replaces a type that cannot be altered in place: the old
// type is renamed away, the new one created under the name, the columns
// that use it converted through text (enums) or by a cast (domains), and
// the old type dropped. Defaults are dropped around the conversion, since
// PostgreSQL cannot cast a default of the old type to the new one.
func (b *builder) replaceType(src diff.Change, kind string, q schema.QualifiedName, uses []diff.ColumnUse, lossy bool, create func(phase)) {
	keyword := "TYPE "
	if kind == "domain" {
		keyword = "DOMAIN "
	}
	old := truncateName(q.Name + "__schemactl_old")
	b.add(phAlterType, src, "rename "+kind+" "+q.String()+" out of the way, to replace it",
		"ALTER "+keyword+qname(q)+" RENAME TO "+ident(old))
	create(phAlterType)
	for _, u := range uses {
		t := u.To.Table.QualifiedName()
		col := ident(u.To.Name)
		if u.From.Default != "" {
			b.add(phAlterType, src, "drop the default of "+t.String()+"."+col+" while its type is replaced",
				"ALTER TABLE "+qname(t)+" ALTER COLUMN "+col+" DROP DEFAULT")
		}
		using := col + "::" + u.From.Type
		if kind == "enum" {
			// There is no cast between two enum types: go through text.
			using = col + "::text" + strings.Repeat("[]", parseType(u.From.Type).array) + "::" + u.From.Type
		}
		s := b.add(phAlterType, src, "convert "+t.String()+"."+col+" to the new "+kind+" "+q.String(),
			"ALTER TABLE "+qname(t)+" ALTER COLUMN "+col+" TYPE "+u.From.Type+" USING "+using)
		s.Destructive = lossy
		// The old default goes back unless the column's own change sets
		// another one afterwards.
		if u.From.Default != "" && u.From.Default == u.To.Default {
			b.add(phAlterType, src, "restore the default of "+t.String()+"."+col,
				"ALTER TABLE "+qname(t)+" ALTER COLUMN "+col+" SET DEFAULT "+string(u.From.Default))
		}
	}
	b.add(phAlterType, src, "drop the replaced "+kind+" "+q.String(), "DROP "+keyword+qname(schema.QualifiedName{Schema: q.Schema, Name: old}))
}

func (b *builder) createDomain(ph phase, src diff.Change, d *schema.Domain) {
	q := d.QualifiedName()
	var sb strings.Builder
	sb.WriteString("CREATE DOMAIN " + qname(q) + " AS " + d.Type)
	if d.Collation != "" {
		sb.WriteString(" COLLATE " + collation(d.Collation))
	}
	if d.Default != "" {
		sb.WriteString(" DEFAULT " + string(d.Default))
	}
	if d.NotNull {
		sb.WriteString(" NOT NULL")
	}
	checks := sortedBy(d.Checks, func(c *schema.Check) string { return c.Name })
	var notValid []*schema.Check
	for _, c := range checks {
		if c.NotValid {
			notValid = append(notValid, c)
			continue
		}
		sb.WriteString(" " + checkDef(c, false))
	}
	b.add(ph, src, "create domain "+q.String(), sb.String())
	// CREATE DOMAIN has no NOT VALID: such checks are added afterwards.
	for _, c := range notValid {
		b.add(ph, src, "add check "+ident(c.Name)+" to domain "+q.String()+" without validating existing values",
			"ALTER DOMAIN "+qname(q)+" ADD "+checkDef(c, true))
	}
	b.comment(src, diff.Object{Kind: diff.KindDomain, Name: q}, d.Comment)
	for _, c := range checks {
		b.comment(src, diff.Object{Kind: diff.KindDomainConstraint, Name: q, Member: c.Name}, c.Comment)
	}
}

func (b *builder) alterDomain(c *diff.AlterDomain) {
	q := c.To.QualifiedName()
	alter := "ALTER DOMAIN " + qname(q) + " "
	for _, sc := range c.Changes {
		switch sc := sc.(type) {
		case *diff.SetDomainDefault:
			if sc.Default == "" {
				b.add(phAlterType, sc, "drop the default of domain "+q.String(), alter+"DROP DEFAULT")
			} else {
				b.add(phAlterType, sc, "set the default of domain "+q.String(), alter+"SET DEFAULT "+string(sc.Default))
			}
		case *diff.SetDomainNotNull:
			if sc.NotNull {
				b.add(phAlterType, sc, "make domain "+q.String()+" NOT NULL", alter+"SET NOT NULL")
			} else {
				b.add(phAlterType, sc, "make domain "+q.String()+" nullable", alter+"DROP NOT NULL")
			}
		case *diff.DropDomainCheck:
			b.add(phAlterType, sc, "drop check "+ident(sc.Check.Name)+" of domain "+q.String(), alter+"DROP CONSTRAINT "+ident(sc.Check.Name))
		case *diff.AddDomainCheck:
			b.add(phAlterType, sc, "add check "+ident(sc.Check.Name)+" to domain "+q.String(), alter+"ADD "+checkDef(sc.Check, sc.Check.NotValid))
			b.comment(sc, diff.Object{Kind: diff.KindDomainConstraint, Name: q, Member: sc.Check.Name}, sc.Check.Comment)
		case *diff.ValidateDomainCheck:
			s := b.add(phValidateCheck, sc, "validate check "+ident(sc.Check.Name)+" of domain "+q.String(), alter+"VALIDATE CONSTRAINT "+ident(sc.Check.Name))
			s.alone = "runs alone: it checks every column of the domain"
		}
	}
}

func (b *builder) createComposite(c *diff.CreateComposite) {
	t := c.Composite
	q := t.QualifiedName()
	fields := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		fields[i] = fieldDef(f)
	}
	b.add(phCreateType, c, "create composite type "+q.String(), "CREATE TYPE "+qname(q)+" AS ("+strings.Join(fields, ", ")+")")
	b.comment(c, diff.Object{Kind: diff.KindComposite, Name: q}, t.Comment)
	for _, f := range t.Fields {
		b.comment(c, diff.Object{Kind: diff.KindAttribute, Name: q, Member: f.Name}, f.Comment)
	}
}

func fieldDef(f *schema.Field) string {
	s := ident(f.Name) + " " + f.Type
	if f.Collation != "" {
		s += " COLLATE " + collation(f.Collation)
	}
	return s
}

func (b *builder) alterComposite(c *diff.AlterComposite) {
	q := c.To.QualifiedName()
	alter := "ALTER TYPE " + qname(q) + " "
	for _, sc := range c.Changes {
		switch sc := sc.(type) {
		case *diff.AddAttribute:
			b.add(phAlterType, sc, "add attribute "+ident(sc.Field.Name)+" to composite type "+q.String(), alter+"ADD ATTRIBUTE "+fieldDef(sc.Field))
			b.comment(sc, diff.Object{Kind: diff.KindAttribute, Name: q, Member: sc.Field.Name}, sc.Field.Comment)
		case *diff.DropAttribute:
			// The attribute's values go from every column of the type.
			s := b.add(phAlterType, sc, "drop attribute "+ident(sc.Field.Name)+" of composite type "+q.String(), alter+"DROP ATTRIBUTE "+ident(sc.Field.Name))
			s.Destructive = true
		case *diff.AlterAttribute:
			sql := alter + "ALTER ATTRIBUTE " + ident(sc.To.Name) + " SET DATA TYPE " + sc.To.Type
			switch {
			case sc.To.Collation != "":
				sql += " COLLATE " + collation(sc.To.Collation)
			case sc.From.Collation != "":
				sql += " COLLATE " + defaultCollation
			}
			b.add(phAlterType, sc, "change the type of attribute "+ident(sc.To.Name)+" of composite type "+q.String(), sql)
		}
	}
}

func (b *builder) sequenceChange(c diff.Change) {
	switch c := c.(type) {
	case *diff.CreateSequence:
		q := c.Sequence.QualifiedName()
		typ := diff.SequenceType(c.Sequence)
		sql := "CREATE SEQUENCE " + qname(q)
		if typ != "bigint" {
			sql += " AS " + typ
		}
		opts := c.Sequence.Options
		opts.Normalize(typ)
		if o := sequenceOptions(opts); o != "" {
			sql += " " + o
		}
		b.add(phSequence, c, "create sequence "+q.String(), sql)
		b.comment(c, diff.Object{Kind: diff.KindSequence, Name: q}, c.Sequence.Comment)
	case *diff.DropSequence:
		q := c.Sequence.QualifiedName()
		if o := c.Sequence.OwnedBy; o != nil && (b.droppedTables[o.Table] || b.droppedColumns[o.Table][o.Column]) {
			// Dropping its owner drops the sequence; dropping it first
			// would fail while the owner's default still uses it.
			return
		}
		b.add(phDropSequence, c, "drop sequence "+q.String(), "DROP SEQUENCE "+qname(q))
	case *diff.AlterSequence:
		q := c.To.QualifiedName()
		ft, tt := diff.SequenceType(c.From), diff.SequenceType(c.To)
		var parts []string
		if ft != tt {
			parts = append(parts, "AS "+tt)
		}
		fo, to := c.From.Options, c.To.Options
		fo.Normalize(ft)
		to.Normalize(tt)
		parts = append(parts, sequenceChanges(fo, ft, to, tt)...)
		if len(parts) == 0 {
			return
		}
		switch e := enterRange(fo, ft, to, tt); {
		case e.restart:
			parts = append(parts, "RESTART")
		case e.guard != "":
			b.add(phSequence, c, "move the current value of sequence "+q.String()+" into its new range, if it lies "+rangeSide(e),
				e.moveSequence(qname(q)))
		}
		b.add(phSequence, c, "alter sequence "+q.String(), "ALTER SEQUENCE "+qname(q)+" "+strings.Join(parts, " "))
	case *diff.SetSequenceOwner:
		q := c.Sequence.QualifiedName()
		if c.From != nil {
			// Released first: a sequence owned by a column that the plan
			// drops would be dropped with it.
			b.add(phReleaseOwner, c, "release sequence "+q.String()+" from column "+columnRef(*c.From),
				"ALTER SEQUENCE "+qname(q)+" OWNED BY NONE")
		}
		if c.To != nil {
			b.add(phOwner, c, "make column "+columnRef(*c.To)+" own sequence "+q.String(),
				"ALTER SEQUENCE "+qname(q)+" OWNED BY "+columnRef(*c.To))
		}
	}
}

// rangeSide says where a current value must lie to be moved by e.
func rangeSide(e rangeEntry) string {
	if e.guard == "<" {
		return "below " + itoa(e.bound)
	}
	return "above " + itoa(e.bound)
}

func columnRef(r schema.ColumnRef) string { return qname(r.Table) + "." + ident(r.Column) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
