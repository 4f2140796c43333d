package diff

import (
	"slices"

	"github.com/schemactl/schemactl/schema"
)

// sequences compares the standalone sequences of a schema.
func (d *differ) sequences(fs, ts *schema.Schema) {
	for _, tq := range sorted(ts.Sequences, sequenceName) {
		fq, ok := fs.Sequence(tq.Name)
		if !ok {
			d.add(&CreateSequence{Sequence: tq})
			if tq.OwnedBy != nil {
				d.add(&SetSequenceOwner{Sequence: tq, To: tq.OwnedBy})
			}
			continue
		}
		if !equalSequence(fq, tq) {
			d.add(&AlterSequence{From: fq, To: tq})
		}
		if owner := d.mapColumnRef(fq.OwnedBy); !equalColumnRef(owner, tq.OwnedBy) {
			d.add(&SetSequenceOwner{Sequence: tq, From: fq.OwnedBy, To: tq.OwnedBy})
		}
		if fq.Comment != tq.Comment {
			d.add(&CommentOn{Object: Object{Kind: KindSequence, Name: tq.QualifiedName()}, Comment: tq.Comment})
		}
	}
	for _, fq := range sorted(fs.Sequences, sequenceName) {
		if _, ok := ts.Sequence(fq.Name); !ok {
			d.add(&DropSequence{Sequence: fq})
		}
	}
}

// SequenceType returns the type of a sequence, "bigint" when unset.
func SequenceType(q *schema.Sequence) string {
	if q.Type == "" {
		return "bigint"
	}
	return q.Type
}

func equalSequence(a, b *schema.Sequence) bool {
	ta, tb := SequenceType(a), SequenceType(b)
	if ta != tb {
		return false
	}
	oa, ob := a.Options, b.Options
	oa.Normalize(ta)
	ob.Normalize(tb)
	return EqualSequenceOptions(oa, ob)
}

// EqualSequenceOptions reports whether two normalized sets of sequence
// options are the same.
func EqualSequenceOptions(a, b schema.SequenceOptions) bool {
	return equalInt(a.Start, b.Start) && equalInt(a.Increment, b.Increment) &&
		equalInt(a.MinValue, b.MinValue) && equalInt(a.MaxValue, b.MaxValue) &&
		equalInt(a.Cache, b.Cache) && a.Cycle == b.Cycle
}

func equalInt(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func equalColumnRef(a, b *schema.ColumnRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// enums compares the enum types of a schema.
func (d *differ) enums(fs, ts *schema.Schema) error {
	for _, te := range sorted(ts.Enums, enumName) {
		fe, ok := fs.Enum(te.Name)
		if !ok {
			d.add(&CreateEnum{Enum: te})
			continue
		}
		replaced, err := d.enumValues(fe, te)
		if err != nil {
			return err
		}
		if !replaced && fe.Comment != te.Comment {
			d.add(&CommentOn{Object: Object{Kind: KindEnum, Name: te.QualifiedName()}, Comment: te.Comment})
		}
	}
	for _, fe := range sorted(fs.Enums, enumName) {
		if _, ok := ts.Enum(fe.Name); !ok {
			d.add(&DropEnum{Enum: fe})
		}
	}
	return nil
}

// enumValues compares the values of an enum. Declared renames come first;
// then, when the current values appear in the desired list in the same
// order, the new ones are added at their positions (ALTER TYPE ... ADD
// VALUE); otherwise (a value removed, or values reordered) the type is
// replaced, and enumValues reports true.
func (d *differ) enumValues(fe, te *schema.Enum) (replaced bool, err error) {
	current := slices.Clone(fe.Values)
	renamed := make([]string, 0, len(te.RenamedValues))
	for v := range te.RenamedValues {
		renamed = append(renamed, v)
	}
	slices.Sort(renamed)
	for _, v := range renamed {
		old := te.RenamedValues[v]
		i := slices.Index(current, old)
		if i < 0 || slices.Contains(current, v) || !slices.Contains(te.Values, v) {
			continue // already renamed, or nothing to rename
		}
		d.add(&RenameEnumValue{Enum: te, From: old, To: v})
		current[i] = v
	}
	if isSubsequence(current, te.Values) {
		for i, v := range te.Values {
			if slices.Contains(current, v) {
				continue
			}
			c := &AddEnumValue{Enum: te, Value: v}
			switch {
			case i > 0:
				c.After = te.Values[i-1]
			case len(current) > 0:
				c.Before = current[0]
			}
			d.add(c)
		}
		return false, nil
	}
	uses, err := d.typeUses(fe.QualifiedName(), KindEnum)
	if err != nil {
		return false, err
	}
	d.add(&ReplaceEnum{From: fe, To: te, Columns: uses})
	d.replacedTypes[fe.Name] = true
	return true, nil
}

// isSubsequence reports whether every element of sub appears in list, in
// the same order.
func isSubsequence(sub, list []string) bool {
	i := 0
	for _, v := range list {
		if i < len(sub) && sub[i] == v {
			i++
		}
	}
	return i == len(sub)
}

// A ColumnUse is an existing column that uses a replaced type: From is the
// column in the current realm, To the same column in the desired realm
// (whose name may differ by a declared rename).
type ColumnUse struct {
	From, To *schema.Column
}

// typeUses lists the existing columns of the current realm, in tables and
// columns that the desired realm keeps, whose type is the type q or an array
// of it. Domains and composite types over q make the replacement
// impossible, since neither can change its type in place.
func (d *differ) typeUses(q schema.QualifiedName, kind ObjectKind) ([]ColumnUse, error) {
	var uses []ColumnUse
	for _, fs := range sorted(d.from.Schemas, schemaName) {
		ts, kept := d.to.Schema(fs.Name)
		if !kept {
			continue // dropped with its schema, before the type is replaced
		}
		for _, dom := range sorted(fs.Domains, domainName) {
			if _, ok := ts.Domain(dom.Name); ok && usesType(dom.Type, q) {
				return nil, &UnsupportedError{Object: Object{Kind: kind, Name: q},
					Reason: "the type must be replaced (values removed or reordered, or its base type changed) but domain " + dom.QualifiedName().String() + " is based on it"}
			}
		}
		for _, c := range sorted(fs.Composites, compositeName) {
			if _, ok := ts.Composite(c.Name); !ok {
				continue
			}
			for _, f := range c.Fields {
				if usesType(f.Type, q) {
					return nil, &UnsupportedError{Object: Object{Kind: kind, Name: q},
						Reason: "the type must be replaced (values removed or reordered, or its base type changed) but composite type " + c.QualifiedName().String() + " uses it"}
				}
			}
		}
	}
	for _, td := range d.tables {
		if td.from == nil || td.to == nil {
			continue
		}
		for _, cp := range td.columns {
			if cp.from != nil && cp.to != nil && cp.recreate == "" && usesType(cp.from.Type, q) {
				uses = append(uses, ColumnUse{From: cp.from, To: cp.to})
			}
		}
	}
	return uses, nil
}

// domains compares the domains of a schema.
func (d *differ) domains(fs, ts *schema.Schema) error {
	for _, td := range sorted(ts.Domains, domainName) {
		fd, ok := fs.Domain(td.Name)
		if !ok {
			d.add(&CreateDomain{Domain: td})
			continue
		}
		if fd.Type != td.Type || fd.Collation != td.Collation {
			uses, err := d.typeUses(fd.QualifiedName(), KindDomain)
			if err != nil {
				return err
			}
			d.add(&ReplaceDomain{From: fd, To: td, Columns: uses})
			d.replacedTypes[fd.Name] = true
			continue
		}
		var cs []Change
		if fd.Default != td.Default {
			cs = append(cs, &SetDomainDefault{Domain: td, Default: td.Default})
		}
		if fd.NotNull != td.NotNull {
			cs = append(cs, &SetDomainNotNull{Domain: td, NotNull: td.NotNull})
		}
		for _, fc := range sorted(fd.Checks, checkName) {
			tc, ok := findCheck(td.Checks, fc.Name)
			if !ok || fc.Expr != tc.Expr || (tc.NotValid && !fc.NotValid) {
				cs = append(cs, &DropDomainCheck{Domain: td, Check: fc})
			}
		}
		for _, tc := range sorted(td.Checks, checkName) {
			fc, ok := findCheck(fd.Checks, tc.Name)
			switch {
			case !ok || fc.Expr != tc.Expr || (tc.NotValid && !fc.NotValid):
				cs = append(cs, &AddDomainCheck{Domain: td, Check: tc})
			case fc.NotValid && !tc.NotValid:
				cs = append(cs, &ValidateDomainCheck{Domain: td, Check: tc})
			}
		}
		if len(cs) > 0 {
			d.add(&AlterDomain{From: fd, To: td, Changes: cs})
		}
		d.domainComments(fd, td)
	}
	for _, fd := range sorted(fs.Domains, domainName) {
		if _, ok := ts.Domain(fd.Name); !ok {
			d.add(&DropDomain{Domain: fd})
		}
	}
	return nil
}

// domainComments adds the comment changes of an altered domain and its
// checks; the comments of an added check are part of the addition.
func (d *differ) domainComments(fd, td *schema.Domain) {
	if fd.Comment != td.Comment {
		d.add(&CommentOn{Object: Object{Kind: KindDomain, Name: td.QualifiedName()}, Comment: td.Comment})
	}
	for _, tc := range sorted(td.Checks, checkName) {
		fc, ok := findCheck(fd.Checks, tc.Name)
		if !ok || fc.Expr != tc.Expr || (tc.NotValid && !fc.NotValid) {
			continue // added, with its comment
		}
		if fc.Comment != tc.Comment {
			d.add(&CommentOn{Object: Object{Kind: KindDomainConstraint, Name: td.QualifiedName(), Member: tc.Name}, Comment: tc.Comment})
		}
	}
}

func findCheck(checks []*schema.Check, name string) (*schema.Check, bool) {
	for _, c := range checks {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// composites compares the composite types of a schema. Attributes are
// matched by name; their order is not compared, as for table columns.
func (d *differ) composites(fs, ts *schema.Schema) error {
	for _, tc := range sorted(ts.Composites, compositeName) {
		fc, ok := fs.Composite(tc.Name)
		if !ok {
			d.add(&CreateComposite{Composite: tc})
			continue
		}
		var cs []Change
		for _, ff := range fc.Fields {
			if _, ok := findField(tc.Fields, ff.Name); !ok {
				cs = append(cs, &DropAttribute{Composite: tc, Field: ff})
			}
		}
		for _, tf := range tc.Fields {
			ff, ok := findField(fc.Fields, tf.Name)
			switch {
			case !ok:
				cs = append(cs, &AddAttribute{Composite: tc, Field: tf})
			case ff.Type != tf.Type || ff.Collation != tf.Collation:
				// PostgreSQL refuses ALTER ATTRIBUTE ... TYPE while a column
				// of a table or of another composite type uses the type,
				// CASCADE or not.
				if user := d.compositeUser(fc.QualifiedName()); user != "" {
					return &UnsupportedError{Object: Object{Kind: KindAttribute, Name: tc.QualifiedName(), Member: tf.Name},
						Reason: "PostgreSQL cannot change the type of an attribute while " + user + " uses the type; add a new attribute, or a new type, and move the data"}
				}
				cs = append(cs, &AlterAttribute{Composite: tc, From: ff, To: tf})
			}
		}
		if len(cs) > 0 {
			d.add(&AlterComposite{From: fc, To: tc, Changes: cs})
		}
		d.compositeComments(fc, tc)
	}
	for _, fc := range sorted(fs.Composites, compositeName) {
		if _, ok := ts.Composite(fc.Name); !ok {
			d.add(&DropComposite{Composite: fc})
		}
	}
	return nil
}

// compositeUser names a column of the current realm, in a table or a
// composite type that the desired realm keeps, whose type is the composite
// type q or an array of it; "" when there is none.
func (d *differ) compositeUser(q schema.QualifiedName) string {
	for _, td := range d.tables {
		if td.from == nil || td.to == nil {
			continue
		}
		for _, cp := range td.columns {
			if cp.from != nil && cp.to != nil && usesType(cp.from.Type, q) {
				return "column " + td.from.QualifiedName().String() + "." + schema.QuoteIdent(cp.from.Name)
			}
		}
	}
	for _, fs := range sorted(d.from.Schemas, schemaName) {
		ts, kept := d.to.Schema(fs.Name)
		if !kept {
			continue
		}
		for _, c := range sorted(fs.Composites, compositeName) {
			if _, ok := ts.Composite(c.Name); !ok {
				continue
			}
			for _, f := range c.Fields {
				if usesType(f.Type, q) {
					return "attribute " + c.QualifiedName().String() + "." + schema.QuoteIdent(f.Name)
				}
			}
		}
	}
	return ""
}

// compositeComments adds the comment changes of an altered composite type
// and its attributes; the comment of an added attribute is part of the
// addition.
func (d *differ) compositeComments(fc, tc *schema.Composite) {
	if fc.Comment != tc.Comment {
		d.add(&CommentOn{Object: Object{Kind: KindComposite, Name: tc.QualifiedName()}, Comment: tc.Comment})
	}
	for _, tf := range tc.Fields {
		ff, ok := findField(fc.Fields, tf.Name)
		if ok && ff.Comment != tf.Comment {
			d.add(&CommentOn{Object: Object{Kind: KindAttribute, Name: tc.QualifiedName(), Member: tf.Name}, Comment: tf.Comment})
		}
	}
}

func findField(fields []*schema.Field, name string) (*schema.Field, bool) {
	for _, f := range fields {
		if f.Name == name {
			return f, true
		}
	}
	return nil, false
}
