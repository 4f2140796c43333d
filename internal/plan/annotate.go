package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/schema"
)

// annotate fills the effect fields of every step (locks, rewrite, scan,
// transactional, data loss) by asking internal/effect about the step's own
// SQL, the same analysis that `schemactl lint` applies to migrations. Steps
// are analysed in order against an effect.State that starts from the
// catalog of before and follows the plan, so that a table the plan created
// is known to be new and empty.
func annotate(steps []*step, before *schema.Realm) error {
	st := effect.NewState(newCatalog(before))
	for _, s := range steps {
		parsed, err := effect.Parse(s.SQL)
		if err != nil {
			return fmt.Errorf("plan: generated statement does not parse: %w: %s", err, s.SQL)
		}
		if len(parsed) != 1 {
			return fmt.Errorf("plan: generated text holds %d statements: %s", len(parsed), s.SQL)
		}
		e := effect.Analyze(parsed[0], st)
		st.Apply(parsed[0])
		s.setEffect(e)
	}
	return nil
}

// setEffect copies what effect analysis found into the statement.
func (s *step) setEffect(e effect.Effect) {
	s.Locks = nil
	s.Lock, s.Relation = effect.LockNone, schema.QualifiedName{}
	for _, r := range e.Relations {
		if r.New || r.Lock == effect.LockNone {
			continue
		}
		q := schema.QualifiedName{Schema: r.Name.Schema, Name: r.Name.Name}
		s.Locks = append(s.Locks, RelationLock{Relation: q, Mode: r.Lock, Rewrite: r.Rewrite, Scan: r.Scan, Domain: r.Kind == effect.KindDomain})
		if r.Lock > s.Lock {
			s.Lock, s.Relation = r.Lock, q
		}
	}
	s.Rewrite = e.Rewrites()
	s.Scan = e.Scans()
	s.Transactional = e.Transactional && s.alone == ""
	s.Destructive = s.Destructive || e.Destructive
	s.Notes = nil
	if s.alone != "" {
		s.Notes = append(s.Notes, s.alone)
	}
	s.Notes = append(s.Notes, e.Notes...)
	s.Notes = append(s.Notes, s.notes...)
}

// isolateEnumValues makes an ALTER TYPE ... ADD VALUE run on its own when a
// later statement of the plan uses the value: PostgreSQL rejects a use of
// the value ("unsafe use of new value") before the transaction that added
// it commits. A use is recognised as the value's literal in the statement's
// text, which may also match an unrelated string; running alone then costs
// a transaction boundary, never correctness. Other ADD VALUE statements do
// not count: placing a value BEFORE or AFTER an uncommitted one is allowed.
func isolateEnumValues(steps []*step) {
	for i, s := range steps {
		if s.enumValue == "" {
			continue
		}
		lit := literal(s.enumValue)
		for _, later := range steps[i+1:] {
			if later.enumValue == "" && strings.Contains(later.SQL, lit) {
				s.Transactional = false
				s.Notes = append(s.Notes, "runs alone and is committed before the statements that use the new value, as PostgreSQL requires")
				break
			}
		}
	}
}

// setLockTimeouts puts SET lock_timeout before the first statement of each
// transaction group (a run of transactional statements, or a statement that
// runs alone) that takes a SHARE or stronger lock on an existing relation:
// such a lock makes every later query on the relation queue behind it, so
// waiting long for it is worse than failing. The setting is not LOCAL: it
// holds for the rest of the session, and a group that a migration tool runs
// on another connection gets its own SET.
func setLockTimeouts(steps []*step, d time.Duration) []*step {
	if d < 0 {
		return steps
	}
	if d == 0 {
		d = DefaultLockTimeout
	}
	out := make([]*step, 0, len(steps)+1)
	set := false // the current group has its SET already
	for i, s := range steps {
		newGroup := i == 0 || !s.Transactional || !steps[i-1].Transactional
		if newGroup {
			set = false
		}
		if !set && s.Lock >= effect.Share {
			out = append(out, &step{Statement: Statement{
				SQL:           "SET lock_timeout = " + literal(durationSetting(d)),
				Comment:       "fail rather than make other sessions queue while waiting long for a lock",
				Transactional: true,
			}})
			set = s.Transactional
		}
		out = append(out, s)
	}
	return out
}

// durationSetting spells a duration as a PostgreSQL time setting: '5s', '1500ms'.
func durationSetting(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return fmt.Sprintf("%dms", d.Milliseconds())
}

// catalog answers effect's questions about what exists from a realm. A
// table's description is built when effect first asks for it: a plan
// touches few of the tables of a big realm.
type catalog struct {
	tables    map[effect.Name]*schema.Table
	sequences map[effect.Name]bool
	defaults  map[effect.Name]effect.Name // partitioned table -> its DEFAULT partition
	indexes   map[effect.Name]effect.IndexInfo
	infos     map[effect.Name]effect.TableInfo
}

func effectName(q schema.QualifiedName) effect.Name {
	return effect.Name{Schema: q.Schema, Name: q.Name}
}

// newCatalog builds the catalog of realm r (nil: an empty database).
func newCatalog(r *schema.Realm) *catalog {
	c := &catalog{
		tables:    map[effect.Name]*schema.Table{},
		sequences: map[effect.Name]bool{},
		defaults:  map[effect.Name]effect.Name{},
		indexes:   map[effect.Name]effect.IndexInfo{},
		infos:     map[effect.Name]effect.TableInfo{},
	}
	if r == nil {
		return c
	}
	for _, s := range r.Schemas {
		for _, t := range s.Tables {
			n := effectName(qualified(s, t.Name))
			c.tables[n] = t
			index := func(name string, unique, primary bool) {
				in := effectName(qualified(s, name))
				c.indexes[in] = effect.IndexInfo{Name: in, Table: n, Unique: unique, Primary: primary}
			}
			if k := t.PrimaryKey; k != nil {
				index(k.Name, true, true)
			}
			for _, k := range t.Uniques {
				index(k.Name, true, false)
			}
			for _, x := range t.Excludes {
				index(x.Name, false, false)
			}
			for _, i := range t.Indexes {
				index(i.Name, i.Unique, false)
			}
			// A partitioned table's DEFAULT partition is locked and
			// scanned when partitions are attached or created.
			if p := t.PartitionOf; p != nil && strings.EqualFold(p.Bound, "DEFAULT") {
				c.defaults[effectName(p.Parent)] = n
			}
		}
		for _, q := range s.Sequences {
			c.sequences[effectName(qualified(s, q.Name))] = true
		}
		for _, v := range s.Views {
			n := effectName(qualified(s, v.Name))
			kind := effect.KindView
			if v.Materialized {
				kind = effect.KindMatView
			}
			c.infos[n] = effect.TableInfo{Name: n, Kind: kind, Rows: -1}
			for _, i := range v.Indexes {
				in := effectName(qualified(s, i.Name))
				c.indexes[in] = effect.IndexInfo{Name: in, Table: n, Unique: i.Unique}
			}
		}
	}
	return c
}

// Table implements effect.Catalog.
func (c *catalog) Table(n effect.Name) (effect.TableInfo, bool) {
	if info, ok := c.infos[n]; ok {
		return info, true
	}
	if c.sequences[n] {
		info := effect.TableInfo{Name: n, Kind: effect.KindSequence, Rows: -1}
		c.infos[n] = info
		return info, true
	}
	t, ok := c.tables[n]
	if !ok {
		return effect.TableInfo{}, false
	}
	info := effect.TableInfo{Name: n, Kind: effect.KindTable, Rows: -1, DefaultPartition: c.defaults[n]}
	if t.PartitionKey != nil {
		info.Kind = effect.KindPartitioned
	}
	if p := t.PartitionOf; p != nil {
		info.Parent = effectName(p.Parent)
	}
	for _, col := range t.Columns {
		typ := col.Type
		if b := serialBase(typ); b != "" {
			typ = b
		}
		info.Columns = append(info.Columns, effect.ColumnInfo{Name: col.Name, Type: typ, NotNull: col.NotNull, Generated: col.Generated != ""})
	}
	for _, ch := range t.Checks {
		ci := effect.CheckInfo{Name: ch.Name, Valid: !ch.NotValid}
		// Parsing is costly; only a check that can be (col IS NOT NULL)
		// is parsed.
		if strings.Contains(strings.ToUpper(string(ch.Expr)), "IS NOT NULL") {
			ci.NotNullColumn = effect.NotNullCheckColumn(string(ch.Expr))
		}
		info.Checks = append(info.Checks, ci)
	}
	for _, fk := range t.ForeignKeys {
		info.ForeignKeys = append(info.ForeignKeys, effect.ForeignKeyInfo{
			Name: fk.Name, Columns: fk.Columns, References: effectName(fk.RefTable), Valid: !fk.NotValid,
		})
	}
	c.infos[n] = info
	return info, true
}

// Index implements effect.Catalog.
func (c *catalog) Index(n effect.Name) (effect.IndexInfo, bool) {
	i, ok := c.indexes[n]
	return i, ok
}

func qualified(s *schema.Schema, name string) schema.QualifiedName {
	return schema.QualifiedName{Schema: s.Name, Name: name}
}
