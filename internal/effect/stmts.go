package effect

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func (a *analyzer) createTable(s *pg_query.CreateStmt, tag string) {
	a.e.Tag = tag
	name := rangeVarName(s.Relation)
	if _, exists := a.table(name); exists && s.IfNotExists {
		a.note("the table exists already: IF NOT EXISTS makes this statement do nothing")
		a.action(Action{Kind: ActCreateTable, Target: name, TargetKind: KindTable, Pos: loc(s.Relation.GetLocation())})
		return
	}
	a.creates(name)
	kind := KindTable
	if s.Partspec != nil {
		kind = KindPartitioned
	}
	act := Action{Kind: ActCreateTable, Target: name, TargetKind: kind, Pos: loc(s.Relation.GetLocation())}
	if s.Partbound != nil {
		// A new partition changes the parent's partition descriptor, so
		// PostgreSQL takes ACCESS EXCLUSIVE on the parent; a DEFAULT partition
		// is locked too and scanned for rows that now belong to the new one.
		for _, p := range s.InhRelations {
			parent := rangeVarName(p.GetRangeVar())
			a.rel(parent, KindPartitioned, AccessExclusive)
			act.Relations = append(act.Relations, parent)
			if t, ok := a.table(parent); ok && !t.DefaultPartition.IsZero() && !s.Partbound.IsDefault {
				a.rel(t.DefaultPartition, KindTable, AccessExclusive)
				a.scan(t.DefaultPartition)
				act.Relations = append(act.Relations, t.DefaultPartition)
			}
		}
	} else {
		// INHERITS takes SHARE UPDATE EXCLUSIVE on each parent.
		for _, p := range s.InhRelations {
			parent := rangeVarName(p.GetRangeVar())
			a.rel(parent, KindTable, ShareUpdateExclusive)
			act.Relations = append(act.Relations, parent)
		}
	}
	for _, elt := range s.TableElts {
		switch e := elt.Node.(type) {
		case *pg_query.Node_ColumnDef:
			for _, c := range e.ColumnDef.Constraints {
				if con := c.GetConstraint(); con != nil && con.Contype == pg_query.ConstrType_CONSTR_FOREIGN {
					a.references(con, &act)
				}
			}
		case *pg_query.Node_Constraint:
			if e.Constraint.Contype == pg_query.ConstrType_CONSTR_FOREIGN {
				a.references(e.Constraint, &act)
			}
		case *pg_query.Node_TableLikeClause:
			a.rel(rangeVarName(e.TableLikeClause.Relation), KindTable, AccessShare)
		}
	}
	for _, c := range s.Constraints {
		if con := c.GetConstraint(); con != nil && con.Contype == pg_query.ConstrType_CONSTR_FOREIGN {
			a.references(con, &act)
		}
	}
	a.action(act)
}

// references records the lock a new foreign key takes on the table it
// references: SHARE ROW EXCLUSIVE, because PostgreSQL adds triggers to it.
func (a *analyzer) references(con *pg_query.Constraint, act *Action) {
	ref := rangeVarName(con.Pktable)
	a.rel(ref, KindTable, ShareRowExclusive)
	act.Relations = append(act.Relations, ref)
}

func (a *analyzer) createTableAs(s *pg_query.CreateTableAsStmt) {
	a.e.Tag = "CREATE TABLE AS"
	kind := ActCreateTableAs
	if s.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
		a.e.Tag = "CREATE MATERIALIZED VIEW"
		kind = ActCreateMatView
	}
	var name Name
	if s.Into != nil {
		name = rangeVarName(s.Into.Rel)
	}
	if _, exists := a.table(name); exists && s.IfNotExists {
		a.note("the relation exists already: IF NOT EXISTS makes this statement do nothing")
		a.action(Action{Kind: kind, Target: name})
		return
	}
	a.creates(name)
	a.reads(s.Query)
	if s.Into != nil && s.Into.SkipData {
		a.note("WITH NO DATA: the query is not run")
	}
	a.action(Action{Kind: kind, Target: name, TargetKind: KindTable, Pos: loc(s.Into.GetRel().GetLocation())})
}

func (a *analyzer) createView(s *pg_query.ViewStmt) {
	a.e.Tag = "CREATE VIEW"
	name := rangeVarName(s.View)
	if _, exists := a.table(name); exists && s.Replace {
		// CREATE OR REPLACE VIEW on an existing view takes ACCESS EXCLUSIVE on it.
		a.rel(name, KindView, AccessExclusive)
	} else {
		a.creates(name)
	}
	a.reads(s.Query)
	a.action(Action{Kind: ActCreateView, Target: name, TargetKind: KindView, Pos: loc(s.View.GetLocation())})
}

func (a *analyzer) createIndex(s *pg_query.IndexStmt) {
	a.e.Tag = "CREATE INDEX"
	table := rangeVarName(s.Relation)
	act := Action{Kind: ActCreateIndex, Target: table, Concurrently: s.Concurrent, Pos: loc(s.Relation.GetLocation())}
	if s.Idxname != "" {
		ix := siblingName(table, s.Idxname)
		if _, exists := a.index(ix); exists && s.IfNotExists {
			a.note("the index exists already: IF NOT EXISTS makes this statement do nothing")
			a.action(act)
			return
		}
		a.creates(ix)
	}
	t, known := a.table(table)
	switch {
	case s.Concurrent:
		// CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, scans the table twice and
		// waits for older transactions; it can not run in a transaction block.
		act.Lock = ShareUpdateExclusive
		a.e.Transactional = false
		if known && t.Kind == KindPartitioned {
			a.note("PostgreSQL (up to 17 at least) can not build an index on a partitioned table CONCURRENTLY; create it ON ONLY the parent, build each partition's index CONCURRENTLY and ALTER INDEX ... ATTACH PARTITION")
		}
	default:
		// A plain CREATE INDEX takes SHARE: reads go on, writes wait for the build.
		act.Lock = Share
	}
	act.Scan = true
	act.Reason = "the index is built from a full scan of the table"
	if !s.Relation.GetInh() {
		// CREATE INDEX ON ONLY a partitioned table makes an invalid index on the
		// parent alone, which builds nothing.
		act.Scan = false
		act.Reason = "ON ONLY: no partition's index is built"
	}
	a.rel(table, KindTable, act.Lock)
	if act.Scan {
		a.scan(table)
	}
	a.action(act)
}

func (a *analyzer) drop(s *pg_query.DropStmt) {
	kind := s.RemoveType
	a.e.Tag = "DROP " + objectWord(kind)
	cascade := s.Behavior == pg_query.DropBehavior_DROP_CASCADE
	switch kind {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		for _, o := range s.Objects {
			name := listName(o.GetList().GetItems())
			rk := relKindOf(kind)
			a.rel(name, rk, AccessExclusive)
			act := Action{Kind: ActDrop, Target: name, TargetKind: rk, Lock: AccessExclusive}
			if kind == pg_query.ObjectType_OBJECT_TABLE {
				act.Destructive = !a.isNew(name)
				// Dropping a table drops its foreign keys, whose triggers live on
				// the referenced tables: those are locked ACCESS EXCLUSIVE too.
				if t, ok := a.table(name); ok {
					for _, fk := range t.ForeignKeys {
						if fk.References != name {
							a.rel(fk.References, KindTable, AccessExclusive)
							act.Relations = append(act.Relations, fk.References)
						}
					}
					if t.Kind == KindPartitioned {
						a.note("dropping a partitioned table drops all of its partitions")
					}
				}
			}
			if act.Destructive {
				a.e.Destructive = true
			}
			a.action(act)
		}
		if cascade {
			a.note("CASCADE also drops every object that depends on the dropped ones")
		}
	case pg_query.ObjectType_OBJECT_INDEX:
		for _, o := range s.Objects {
			name := listName(o.GetList().GetItems())
			act := Action{Kind: ActDropIndex, Target: name, TargetKind: KindIndex, Concurrently: s.Concurrent}
			// DROP INDEX locks the index's table in the same mode as the index:
			// ACCESS EXCLUSIVE, or SHARE UPDATE EXCLUSIVE with CONCURRENTLY.
			act.Lock = AccessExclusive
			if s.Concurrent {
				act.Lock = ShareUpdateExclusive
				a.e.Transactional = false
			}
			if ix, ok := a.index(name); ok {
				a.rel(ix.Table, KindTable, act.Lock)
				act.Relations = append(act.Relations, ix.Table)
			} else {
				a.note("the catalog does not say which table the index belongs to; that table is locked " + act.Lock.String() + " too")
			}
			a.rel(name, KindIndex, act.Lock)
			a.action(act)
		}
	case pg_query.ObjectType_OBJECT_SCHEMA:
		for _, o := range s.Objects {
			name := Name{Name: o.GetString_().GetSval()}
			act := Action{Kind: ActDrop, Target: name, TargetKind: KindSchema, Destructive: cascade}
			if cascade {
				// CASCADE drops every relation of the schema, each under
				// ACCESS EXCLUSIVE (checked with pg_locks on PostgreSQL 15);
				// without it the schema must be empty and no relation is
				// locked.
				act.Lock = AccessExclusive
				if r := a.rel(Name{Schema: name.Name, Name: "*"}, KindSchema, AccessExclusive); r != nil {
					if ns, ok := a.cat.(interface{ NewSchema(string) bool }); ok && ns.NewSchema(name.Name) {
						r.New = true
					}
				}
			}
			a.action(act)
		}
		if cascade {
			a.e.Destructive = true
			a.note("DROP SCHEMA ... CASCADE drops every table in the schema, and the views and foreign keys elsewhere that depend on them: each is locked ACCESS EXCLUSIVE")
		}
	case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
		a.dropFunction(s)
	case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
		for _, o := range s.Objects {
			tn := o.GetTypeName()
			a.action(Action{Kind: ActDrop, Target: listName(tn.GetNames()), Destructive: cascade})
		}
		if cascade {
			a.e.Destructive = true
			a.note("CASCADE drops the columns that use the type")
		}
	case pg_query.ObjectType_OBJECT_TRIGGER, pg_query.ObjectType_OBJECT_POLICY, pg_query.ObjectType_OBJECT_RULE:
		// The object is (schema.)table.name; dropping it locks the table
		// (or view) ACCESS EXCLUSIVE (RemoveTriggerById, RemovePolicyById).
		for _, o := range s.Objects {
			items := o.GetList().GetItems()
			if len(items) < 2 {
				continue
			}
			t := listName(items[:len(items)-1])
			kind := KindTable
			if ti, ok := a.table(t); ok {
				kind = ti.Kind
			}
			a.rel(t, kind, AccessExclusive)
			a.action(Action{Kind: ActDrop, Target: t, TargetKind: kind, Lock: AccessExclusive})
			if kind == KindPartitioned && kindOfDrop(s.RemoveType) == "trigger" {
				a.note("dropping the trigger of a partitioned table drops its clones too, each under an ACCESS EXCLUSIVE lock on its partition")
			}
		}
	case pg_query.ObjectType_OBJECT_EXTENSION:
		for _, o := range s.Objects {
			a.action(Action{Kind: ActDrop, Target: Name{Name: o.GetString_().GetSval()}, Destructive: cascade})
		}
		if cascade {
			a.e.Destructive = true
			a.note("DROP EXTENSION ... CASCADE drops the columns and objects that use the extension's types and functions")
		}
	default:
		a.action(Action{Kind: ActDrop})
		if cascade {
			a.note("CASCADE also drops every object that depends on the dropped ones")
		}
	}
}

// relKindOf maps a DROP/ALTER object type to a relation kind.
func relKindOf(t pg_query.ObjectType) Kind {
	switch t {
	case pg_query.ObjectType_OBJECT_TABLE:
		return KindTable
	case pg_query.ObjectType_OBJECT_VIEW:
		return KindView
	case pg_query.ObjectType_OBJECT_MATVIEW:
		return KindMatView
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		return KindSequence
	case pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		return KindForeign
	case pg_query.ObjectType_OBJECT_INDEX:
		return KindIndex
	}
	return KindUnknown
}

// objectWord spells an object type the way SQL does: OBJECT_MATVIEW is
// "MATERIALIZED VIEW".
func objectWord(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_MATVIEW:
		return "MATERIALIZED VIEW"
	case pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		return "FOREIGN TABLE"
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		return "CONSTRAINT"
	case pg_query.ObjectType_OBJECT_EVENT_TRIGGER:
		return "EVENT TRIGGER"
	case pg_query.ObjectType_OBJECT_ACCESS_METHOD:
		return "ACCESS METHOD"
	}
	return strings.ReplaceAll(strings.TrimPrefix(t.String(), "OBJECT_"), "_", " ")
}

func (a *analyzer) rename(s *pg_query.RenameStmt) {
	a.e.Tag = "ALTER " + objectWord(s.RelationType)
	switch s.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		a.e.Tag = "ALTER " + objectWord(s.RenameType)
		name := rangeVarName(s.Relation)
		rk := relKindOf(s.RenameType)
		a.rel(name, rk, AccessExclusive)
		a.creates(siblingName(name, s.Newname))
		a.action(Action{Kind: ActRename, Target: name, TargetKind: rk, Lock: AccessExclusive, Pos: loc(s.Relation.GetLocation())})
	case pg_query.ObjectType_OBJECT_INDEX:
		// PostgreSQL 12+ renames an index under SHARE UPDATE EXCLUSIVE.
		a.e.Tag = "ALTER INDEX"
		name := rangeVarName(s.Relation)
		a.rel(name, KindIndex, ShareUpdateExclusive)
		a.action(Action{Kind: ActRename, Target: name, TargetKind: KindIndex, Lock: ShareUpdateExclusive, Pos: loc(s.Relation.GetLocation())})
	case pg_query.ObjectType_OBJECT_COLUMN:
		name := rangeVarName(s.Relation)
		rk := relKindOf(s.RelationType)
		if s.RelationType == pg_query.ObjectType_OBJECT_TYPE {
			a.e.Tag = "ALTER TYPE"
			a.action(Action{Kind: ActRenameColumn, Target: name, Column: s.Subname})
			return
		}
		a.rel(name, rk, AccessExclusive)
		a.action(Action{Kind: ActRenameColumn, Target: name, TargetKind: rk, Column: s.Subname, Lock: AccessExclusive, Pos: loc(s.Relation.GetLocation())})
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		a.e.Tag = "ALTER TABLE"
		name := rangeVarName(s.Relation)
		a.rel(name, KindTable, AccessExclusive)
		a.action(Action{Kind: ActRenameConstraint, Target: name, Lock: AccessExclusive, Constraint: &Constraint{Type: ConstraintUnknown, Name: s.Subname}})
	case pg_query.ObjectType_OBJECT_TRIGGER, pg_query.ObjectType_OBJECT_POLICY, pg_query.ObjectType_OBJECT_RULE:
		a.e.Tag = "ALTER " + objectWord(s.RenameType)
		name := rangeVarName(s.Relation)
		a.rel(name, KindTable, AccessExclusive)
		a.action(Action{Kind: ActRename, Target: name, Lock: AccessExclusive})
	case pg_query.ObjectType_OBJECT_SCHEMA:
		a.e.Tag = "ALTER SCHEMA"
		a.action(Action{Kind: ActRename, Target: Name{Name: s.Subname}, TargetKind: KindSchema})
		a.creates(Name{Name: s.Newname})
		a.note("renaming a schema breaks every query that names it")
	default:
		a.e.Tag = "ALTER " + objectWord(s.RenameType)
		a.action(Action{Kind: ActRename})
	}
}

func (a *analyzer) setSchema(s *pg_query.AlterObjectSchemaStmt) {
	a.e.Tag = "ALTER " + objectWord(s.ObjectType)
	switch s.ObjectType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		name := rangeVarName(s.Relation)
		rk := relKindOf(s.ObjectType)
		a.rel(name, rk, AccessExclusive)
		a.creates(Name{Schema: s.Newschema, Name: name.Name})
		a.action(Action{Kind: ActSetSchema, Target: name, TargetKind: rk, Lock: AccessExclusive})
	default:
		a.action(Action{Kind: ActSetSchema})
	}
}

func (a *analyzer) truncate(s *pg_query.TruncateStmt) {
	a.e.Tag = "TRUNCATE"
	for _, r := range s.Relations {
		name := rangeVarName(r.GetRangeVar())
		a.rel(name, KindTable, AccessExclusive)
		act := Action{Kind: ActTruncate, Target: name, TargetKind: KindTable, Lock: AccessExclusive, Destructive: !a.isNew(name), Pos: loc(r.GetRangeVar().GetLocation())}
		if act.Destructive {
			a.e.Destructive = true
		}
		a.action(act)
	}
	if s.Behavior == pg_query.DropBehavior_DROP_CASCADE {
		a.note("CASCADE also empties every table with a foreign key to the truncated ones")
	}
}

func defNames(opts []*pg_query.Node) map[string]bool {
	m := map[string]bool{}
	for _, o := range opts {
		if d := o.GetDefElem(); d != nil {
			on := true
			if arg := d.GetArg(); arg != nil {
				if b := arg.GetBoolean(); b != nil {
					on = b.Boolval
				}
				if s := arg.GetString_(); s != nil {
					on = s.Sval != "false" && s.Sval != "off" && s.Sval != "0"
				}
				if i := arg.GetInteger(); i != nil {
					on = i.Ival != 0
				}
			}
			m[d.Defname] = on
		}
	}
	return m
}

func (a *analyzer) vacuum(s *pg_query.VacuumStmt) {
	opts := defNames(s.Options)
	if !s.IsVacuumcmd {
		// ANALYZE may run in a transaction block; it takes SHARE UPDATE EXCLUSIVE.
		a.e.Tag = "ANALYZE"
		a.vacuumRels(s, ActAnalyze, ShareUpdateExclusive, false)
		return
	}
	a.e.Tag = "VACUUM"
	a.e.Transactional = false
	if opts["full"] {
		// VACUUM FULL writes a new copy of the table under ACCESS EXCLUSIVE.
		a.vacuumRels(s, ActVacuumFull, AccessExclusive, true)
		return
	}
	a.vacuumRels(s, ActVacuum, ShareUpdateExclusive, false)
}

func (a *analyzer) vacuumRels(s *pg_query.VacuumStmt, kind ActionKind, l Lock, rewrite bool) {
	if len(s.Rels) == 0 {
		all := Name{Name: "*"}
		r := a.rel(all, KindDatabase, l)
		r.Rewrite = rewrite
		a.action(Action{Kind: kind, Target: all, TargetKind: KindDatabase, Lock: l, Rewrite: rewrite, Reason: "every table of the database, one at a time"})
		return
	}
	for _, n := range s.Rels {
		rv := n.GetVacuumRelation().GetRelation()
		name := rangeVarName(rv)
		a.rel(name, KindTable, l)
		if rewrite {
			a.rewrite(name)
		}
		a.action(Action{Kind: kind, Target: name, Lock: l, Rewrite: rewrite, Pos: loc(rv.GetLocation())})
	}
}

func (a *analyzer) cluster(s *pg_query.ClusterStmt) {
	a.e.Tag = "CLUSTER"
	if s.Relation == nil {
		// CLUSTER without a table re-clusters every clustered table, each in
		// its own transaction, so it can not run in a transaction block.
		a.e.Transactional = false
		all := Name{Name: "*"}
		r := a.rel(all, KindDatabase, AccessExclusive)
		r.Rewrite = true
		a.action(Action{Kind: ActCluster, Target: all, TargetKind: KindDatabase, Lock: AccessExclusive, Rewrite: true})
		return
	}
	name := rangeVarName(s.Relation)
	a.rel(name, KindTable, AccessExclusive)
	a.rewrite(name)
	a.action(Action{Kind: ActCluster, Target: name, TargetKind: KindTable, Lock: AccessExclusive, Rewrite: true, Pos: loc(s.Relation.GetLocation()), Reason: "CLUSTER writes the table anew in index order"})
}

func (a *analyzer) reindex(s *pg_query.ReindexStmt) {
	a.e.Tag = "REINDEX"
	conc := defNames(s.Params)["concurrently"]
	act := Action{Kind: ActReindex, Concurrently: conc, Rewrite: true}
	if conc {
		a.e.Transactional = false
	}
	// REINDEX takes SHARE on the table (writes wait) and ACCESS EXCLUSIVE on
	// each index it rebuilds; since the planner locks every index of a table,
	// that blocks nearly every query. CONCURRENTLY takes SHARE UPDATE
	// EXCLUSIVE on both.
	tableLock, indexLock := Share, AccessExclusive
	if conc {
		tableLock, indexLock = ShareUpdateExclusive, ShareUpdateExclusive
	}
	act.Lock = indexLock
	switch s.Kind {
	case pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX:
		name := rangeVarName(s.Relation)
		act.Target, act.TargetKind, act.Pos = name, KindIndex, loc(s.Relation.GetLocation())
		if ix, ok := a.index(name); ok {
			a.rel(ix.Table, KindTable, tableLock)
			a.scan(ix.Table)
			act.Relations = append(act.Relations, ix.Table)
		}
		r := a.rel(name, KindIndex, indexLock)
		r.Rewrite = true
	case pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE:
		name := rangeVarName(s.Relation)
		act.Target, act.TargetKind, act.Pos = name, KindTable, loc(s.Relation.GetLocation())
		a.rel(name, KindTable, tableLock)
		a.scan(name)
		act.Reason = "every index of the table is rebuilt, each under " + indexLock.String()
	case pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
		// REINDEX SCHEMA, DATABASE and SYSTEM can not run in a transaction block.
		a.e.Transactional = false
		name := Name{Name: s.Name}
		act.Target, act.TargetKind = name, KindSchema
		a.rel(Name{Schema: s.Name, Name: "*"}, KindSchema, tableLock)
	default:
		a.e.Transactional = false
		act.Target, act.TargetKind = Name{Name: "*"}, KindDatabase
		a.rel(Name{Name: "*"}, KindDatabase, tableLock)
	}
	a.action(act)
}

func (a *analyzer) comment(s *pg_query.CommentStmt) {
	a.e.Tag = "COMMENT"
	// COMMENT ON a relation or a column takes SHARE UPDATE EXCLUSIVE on the relation.
	switch s.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_INDEX, pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		name := listName(s.Object.GetList().GetItems())
		a.rel(name, relKindOf(s.Objtype), ShareUpdateExclusive)
		a.action(Action{Kind: ActComment, Target: name, Lock: ShareUpdateExclusive})
	case pg_query.ObjectType_OBJECT_COLUMN, pg_query.ObjectType_OBJECT_TABCONSTRAINT, pg_query.ObjectType_OBJECT_TRIGGER,
		pg_query.ObjectType_OBJECT_POLICY, pg_query.ObjectType_OBJECT_RULE:
		items := s.Object.GetList().GetItems()
		if len(items) >= 2 {
			name := listName(items[:len(items)-1])
			a.rel(name, KindTable, ShareUpdateExclusive)
			a.action(Action{Kind: ActComment, Target: name, Lock: ShareUpdateExclusive})
		}
	default:
		a.action(Action{Kind: ActComment})
	}
}

func (a *analyzer) alterEnum(s *pg_query.AlterEnumStmt) {
	a.e.Tag = "ALTER TYPE"
	name := listName(s.TypeName)
	if s.OldVal != "" {
		a.action(Action{Kind: ActRename, Target: name})
		return
	}
	// PostgreSQL 12+ runs ADD VALUE in a transaction block, but the new value
	// can not be used until that transaction commits (unless the type itself
	// was created in the same transaction). PostgreSQL 11 and older refuse ADD
	// VALUE in a transaction block altogether.
	a.e.EnumValues = append(a.e.EnumValues, EnumValue{Type: name, Value: s.NewVal})
	a.action(Action{Kind: ActAddEnumValue, Target: name, Default: s.NewVal})
}

func (a *analyzer) alterDomain(s *pg_query.AlterDomainStmt) {
	a.e.Tag = "ALTER DOMAIN"
	name := listName(s.TypeName)
	act := Action{Kind: ActAlterDomainConstrain, Target: name}
	// Checking the values (ADD CONSTRAINT without NOT VALID, VALIDATE
	// CONSTRAINT, SET NOT NULL) takes SHARE on every table with a column of
	// the domain or of a domain over it, found through pg_depend
	// (get_rels_with_domain in typecmds.c; checked with pg_locks on
	// PostgreSQL 15). A column of an array or composite type over the domain
	// makes these forms fail instead. DROP CONSTRAINT, SET/DROP DEFAULT,
	// DROP NOT NULL and ADD ... NOT VALID lock no table.
	checks := false
	switch s.Subtype {
	case "C": // ADD CONSTRAINT
		if con := s.Def.GetConstraint(); con != nil && !con.SkipValidation {
			checks = true
			a.note("ADD CONSTRAINT on a domain checks every column of that domain, holding SHARE on each table that uses it")
		}
	case "V": // VALIDATE CONSTRAINT
		checks = true
		a.note("VALIDATE CONSTRAINT on a domain checks every column of that domain, holding SHARE on each table that uses it")
	case "O": // SET NOT NULL
		checks = true
		a.note("SET NOT NULL on a domain checks every column of that domain, holding SHARE on each table that uses it")
	}
	if checks {
		// A domain created in the same unit is used only by tables of that
		// unit, which block no one.
		nt, ok := a.cat.(interface{ NewType(Name) bool })
		isNew := ok && nt.NewType(name)
		act.Scan, act.Lock, act.TargetKind = true, Share, KindDomain
		if r := a.rel(name, KindDomain, Share); r != nil {
			r.Scan, r.Kind, r.New = true, KindDomain, isNew
		}
		a.action(act)
		a.e.Actions[len(a.e.Actions)-1].New = isNew
		return
	}
	a.action(act)
}

func (a *analyzer) refresh(s *pg_query.RefreshMatViewStmt) {
	a.e.Tag = "REFRESH MATERIALIZED VIEW"
	name := rangeVarName(s.Relation)
	act := Action{Kind: ActRefreshMatView, Target: name, TargetKind: KindMatView, Concurrently: s.Concurrent, Pos: loc(s.Relation.GetLocation())}
	if s.Concurrent {
		// CONCURRENTLY takes EXCLUSIVE: reads of the view go on.
		act.Lock = Exclusive
		a.rel(name, KindMatView, Exclusive)
	} else {
		act.Lock = AccessExclusive
		act.Rewrite = true
		a.rel(name, KindMatView, AccessExclusive)
		a.rewrite(name)
	}
	a.note("the view's query reads its tables under ACCESS SHARE")
	a.action(act)
}

func (a *analyzer) lock(s *pg_query.LockStmt) {
	a.e.Tag = "LOCK TABLE"
	a.e.RequiresTransaction = true
	l := Lock(s.Mode)
	if l < AccessShare || l > AccessExclusive {
		l = AccessExclusive
	}
	for _, r := range s.Relations {
		name := rangeVarName(r.GetRangeVar())
		a.rel(name, KindTable, l)
		a.action(Action{Kind: ActLock, Target: name, Lock: l})
	}
}

func (a *analyzer) write(rv *pg_query.RangeVar) {
	if rv == nil {
		return
	}
	name := rangeVarName(rv)
	a.rel(name, KindTable, RowExclusive)
	a.action(Action{Kind: ActWrite, Target: name, Lock: RowExclusive, Pos: loc(rv.Location)})
}

// createTrigger analyses CREATE [OR REPLACE] [CONSTRAINT] TRIGGER, which
// takes SHARE ROW EXCLUSIVE on its table or view, OR REPLACE too: it blocks
// writes, not reads. On a partitioned table PostgreSQL clones the trigger
// onto every partition, locking each in the same mode.
func (a *analyzer) createTrigger(s *pg_query.CreateTrigStmt) {
	a.e.Tag = "CREATE TRIGGER"
	t := rangeVarName(s.Relation)
	kind := KindTable
	if ti, ok := a.table(t); ok {
		kind = ti.Kind
	}
	a.rel(t, kind, ShareRowExclusive)
	a.action(Action{Kind: ActCreateTrigger, Target: t, TargetKind: kind, Lock: ShareRowExclusive, Pos: loc(s.Relation.GetLocation())})
	if kind == KindPartitioned && !a.isNew(t) {
		a.note("the trigger is cloned onto every partition of " + t.String() + ", each locked SHARE ROW EXCLUSIVE")
	}
}

// kindOfDrop names the object type of a DROP for notes.
func kindOfDrop(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_TRIGGER:
		return "trigger"
	case pg_query.ObjectType_OBJECT_POLICY:
		return "policy"
	}
	return "rule"
}
