package effect

import (
	"fmt"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func (a *analyzer) alterTable(s *pg_query.AlterTableStmt) {
	a.e.Tag = "ALTER " + objectWord(s.Objtype)
	target := rangeVarName(s.Relation)
	tk := relKindOf(s.Objtype)
	if s.Objtype == pg_query.ObjectType_OBJECT_TYPE {
		// ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE of a composite type.
		for range s.Cmds {
			a.action(Action{Kind: ActAlter, Target: target})
		}
		a.note("changing a composite type's attributes fails if a table column uses the type, unless CASCADE is given")
		return
	}
	if t, ok := a.table(target); ok && t.Kind == KindPartitioned && s.Relation.GetInh() {
		a.note("on a partitioned table most subcommands also run on every partition, under the same lock")
	}
	for _, c := range s.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		a.rel(target, tk, LockNone) // the target comes first in Relations
		act := a.alterTableCmd(target, tk, cmd)
		act.Target = target
		if act.TargetKind == KindUnknown {
			act.TargetKind = tk
		}
		r := a.rel(target, tk, act.Lock)
		if act.Rewrite {
			r.Rewrite = true
		}
		if act.Scan {
			r.Scan = true
		}
		if act.Destructive && !a.isNew(target) {
			a.e.Destructive = true
		} else {
			act.Destructive = false
		}
		if act.Pos < 0 || act.Pos == 0 {
			act.Pos = loc(s.Relation.GetLocation())
		}
		a.action(act)
	}
}

// alterTableCmd describes one subcommand. The lock levels are those of
// PostgreSQL 16's AlterTableGetLockLevel; the cases follow the order of the
// AlterTableType enum so that none is missed.
func (a *analyzer) alterTableCmd(target Name, tk Kind, cmd *pg_query.AlterTableCmd) Action {
	act := Action{Column: cmd.Name, Pos: -1}
	t, known := a.table(target)
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_AddColumn:
		a.addColumn(target, cmd, &act)
	case pg_query.AlterTableType_AT_AddColumnToView:
		// Only CREATE OR REPLACE VIEW produces it.
		act.Kind, act.Lock = ActAddColumnToView, AccessExclusive
	case pg_query.AlterTableType_AT_ColumnDefault:
		act.Lock = AccessExclusive
		if cmd.Def == nil {
			act.Kind = ActDropDefault
		} else {
			act.Kind = ActSetDefault
			act.Default = deparseExpr(cmd.Def)
			act.Reason = "a new default applies to future rows only: no rewrite"
		}
	case pg_query.AlterTableType_AT_CookedColumnDefault:
		act.Kind, act.Lock = ActSetDefault, AccessExclusive
	case pg_query.AlterTableType_AT_DropNotNull:
		act.Kind, act.Lock = ActDropNotNull, AccessExclusive
	case pg_query.AlterTableType_AT_SetNotNull:
		act.Kind, act.Lock = ActSetNotNull, AccessExclusive
		a.setNotNull(t, known, cmd.Name, &act)
	case pg_query.AlterTableType_AT_DropExpression:
		act.Kind, act.Lock = ActDropExpression, AccessExclusive
	case pg_query.AlterTableType_AT_CheckNotNull:
		// Internal (PostgreSQL <= 16): checks a partition's column is NOT NULL.
		act.Kind, act.Lock = ActCheckNotNull, AccessShare
	case pg_query.AlterTableType_AT_SetStatistics:
		act.Kind, act.Lock = ActSetStatistics, ShareUpdateExclusive
	case pg_query.AlterTableType_AT_SetOptions:
		act.Kind, act.Lock = ActSetColumnOptions, ShareUpdateExclusive
	case pg_query.AlterTableType_AT_ResetOptions:
		act.Kind, act.Lock = ActResetColumnOptions, ShareUpdateExclusive
	case pg_query.AlterTableType_AT_SetStorage:
		// ACCESS EXCLUSIVE because it may add a TOAST table.
		act.Kind, act.Lock = ActSetStorage, AccessExclusive
		act.Reason = "only new rows are stored the new way: no rewrite"
	case pg_query.AlterTableType_AT_SetCompression:
		act.Kind, act.Lock = ActSetCompression, AccessExclusive
		act.Reason = "only new values are compressed the new way: no rewrite"
	case pg_query.AlterTableType_AT_DropColumn:
		act.Kind, act.Lock, act.Destructive = ActDropColumn, AccessExclusive, true
		act.Reason = "the column's data is lost; the space is reclaimed by later updates, without a rewrite"
		if c, ok := t.Column(cmd.Name); ok && known && c.Generated {
			act.Destructive = false
			act.Reason = "a generated column's values are computed from the other columns: nothing is lost"
		}
	case pg_query.AlterTableType_AT_AddIndex:
		// Internal: ADD PRIMARY KEY / UNIQUE after parse analysis.
		act.Kind, act.Lock, act.Scan = ActAddIndex, AccessExclusive, true
	case pg_query.AlterTableType_AT_ReAddIndex, pg_query.AlterTableType_AT_ReAddConstraint,
		pg_query.AlterTableType_AT_ReAddDomainConstraint, pg_query.AlterTableType_AT_ReAddComment,
		pg_query.AlterTableType_AT_ReAddStatistics:
		// Internal: ALTER COLUMN TYPE re-creates dependent objects under the
		// ACCESS EXCLUSIVE lock it already holds.
		act.Kind, act.Lock = ActReAdd, AccessExclusive
	case pg_query.AlterTableType_AT_AddConstraint:
		a.addConstraint(target, cmd.Def.GetConstraint(), t, known, &act)
	case pg_query.AlterTableType_AT_AlterConstraint:
		act.Kind, act.Lock = ActAlterConstraint, AccessExclusive
		if con := cmd.Def.GetConstraint(); con != nil {
			act.Constraint = &Constraint{Type: ConstraintForeignKey, Name: con.Conname}
		}
	case pg_query.AlterTableType_AT_ValidateConstraint:
		// VALIDATE scans under SHARE UPDATE EXCLUSIVE: reads and writes go on.
		act.Kind, act.Lock, act.Scan = ActValidateConstraint, ShareUpdateExclusive, true
		act.Constraint = &Constraint{Type: ConstraintUnknown, Name: cmd.Name}
		act.Column = ""
		if known {
			for _, fk := range t.ForeignKeys {
				if fk.Name == cmd.Name {
					act.Constraint.Type = ConstraintForeignKey
					act.Constraint.References = fk.References
					// Validating a foreign key reads the referenced table under ROW SHARE.
					a.rel(fk.References, KindTable, RowShare)
					act.Relations = append(act.Relations, fk.References)
				}
			}
			for _, ck := range t.Checks {
				if ck.Name == cmd.Name {
					act.Constraint.Type = ConstraintCheck
					act.Constraint.NotNullColumn = ck.NotNullColumn
				}
			}
		}
		act.Reason = "existing rows are checked without blocking reads or writes"
	case pg_query.AlterTableType_AT_AddIndexConstraint:
		// Internal: ADD CONSTRAINT ... USING INDEX after parse analysis.
		act.Kind, act.Lock = ActAddConstraint, AccessExclusive
	case pg_query.AlterTableType_AT_DropConstraint:
		act.Kind, act.Lock = ActDropConstraint, AccessExclusive
		act.Constraint = &Constraint{Type: ConstraintUnknown, Name: cmd.Name}
		act.Column = ""
		if known {
			for _, fk := range t.ForeignKeys {
				if fk.Name == cmd.Name {
					// Dropping a foreign key removes its triggers from the
					// referenced table, under ACCESS EXCLUSIVE there too.
					act.Constraint.Type = ConstraintForeignKey
					a.rel(fk.References, KindTable, AccessExclusive)
					act.Relations = append(act.Relations, fk.References)
				}
			}
		}
	case pg_query.AlterTableType_AT_AlterColumnType:
		a.alterColumnType(cmd, t, known, &act)
	case pg_query.AlterTableType_AT_AlterColumnGenericOptions:
		act.Kind, act.Lock = ActColumnOptions, AccessExclusive
	case pg_query.AlterTableType_AT_ChangeOwner:
		act.Kind, act.Lock = ActOwner, AccessExclusive
	case pg_query.AlterTableType_AT_ClusterOn:
		act.Kind, act.Lock = ActClusterOn, ShareUpdateExclusive
		act.Reason = "only marks the index for a later CLUSTER"
	case pg_query.AlterTableType_AT_DropCluster:
		act.Kind, act.Lock = ActDropCluster, ShareUpdateExclusive
	case pg_query.AlterTableType_AT_SetLogged:
		act.Kind, act.Lock, act.Rewrite = ActSetLogged, AccessExclusive, true
		act.Reason = "the table is written anew (and to the WAL)"
	case pg_query.AlterTableType_AT_SetUnLogged:
		act.Kind, act.Lock, act.Rewrite = ActSetUnlogged, AccessExclusive, true
		act.Reason = "the table is written anew"
	case pg_query.AlterTableType_AT_DropOids:
		// A no-op since PostgreSQL 12, kept for compatibility.
		act.Kind, act.Lock = ActDropOids, AccessExclusive
	case pg_query.AlterTableType_AT_SetAccessMethod:
		act.Kind, act.Lock, act.Rewrite = ActSetAccessMethod, AccessExclusive, true
		act.Reason = "the table is written anew by the new access method"
	case pg_query.AlterTableType_AT_SetTableSpace:
		act.Kind, act.Lock, act.Rewrite = ActSetTablespace, AccessExclusive, true
		act.Reason = "the relation's files are copied to the new tablespace"
		if tk == KindIndex {
			a.note("an index under ACCESS EXCLUSIVE blocks every query that plans on its table, since the planner locks all of a table's indexes")
		}
	case pg_query.AlterTableType_AT_SetRelOptions:
		act.Kind = ActSetOptions
		act.Lock = relOptionsLock(cmd.Def)
	case pg_query.AlterTableType_AT_ResetRelOptions:
		act.Kind = ActResetOptions
		act.Lock = relOptionsLock(cmd.Def)
	case pg_query.AlterTableType_AT_ReplaceRelOptions:
		// Internal: CREATE OR REPLACE VIEW.
		act.Kind, act.Lock = ActReplaceOptions, AccessExclusive
	case pg_query.AlterTableType_AT_EnableTrig, pg_query.AlterTableType_AT_EnableAlwaysTrig,
		pg_query.AlterTableType_AT_EnableReplicaTrig, pg_query.AlterTableType_AT_DisableTrig,
		pg_query.AlterTableType_AT_EnableTrigAll, pg_query.AlterTableType_AT_DisableTrigAll,
		pg_query.AlterTableType_AT_EnableTrigUser, pg_query.AlterTableType_AT_DisableTrigUser:
		// Triggers affect writes only: SHARE ROW EXCLUSIVE.
		act.Kind, act.Lock = ActTrigger, ShareRowExclusive
	case pg_query.AlterTableType_AT_EnableRule, pg_query.AlterTableType_AT_EnableAlwaysRule,
		pg_query.AlterTableType_AT_EnableReplicaRule, pg_query.AlterTableType_AT_DisableRule:
		// Rules may change what SELECT returns: ACCESS EXCLUSIVE.
		act.Kind, act.Lock = ActRule, AccessExclusive
	case pg_query.AlterTableType_AT_AddInherit:
		act.Kind, act.Lock = ActInherit, AccessExclusive
		if rv := cmd.Def.GetRangeVar(); rv != nil {
			parent := rangeVarName(rv)
			a.rel(parent, KindTable, ShareUpdateExclusive)
			act.Relations = append(act.Relations, parent)
		}
	case pg_query.AlterTableType_AT_DropInherit:
		act.Kind, act.Lock = ActNoInherit, AccessExclusive
		if rv := cmd.Def.GetRangeVar(); rv != nil {
			parent := rangeVarName(rv)
			a.rel(parent, KindTable, AccessShare)
			act.Relations = append(act.Relations, parent)
		}
	case pg_query.AlterTableType_AT_AddOf:
		act.Kind, act.Lock = ActOf, AccessExclusive
	case pg_query.AlterTableType_AT_DropOf:
		act.Kind, act.Lock = ActNotOf, AccessExclusive
	case pg_query.AlterTableType_AT_ReplicaIdentity:
		act.Kind, act.Lock = ActReplicaIdentity, AccessExclusive
	case pg_query.AlterTableType_AT_EnableRowSecurity, pg_query.AlterTableType_AT_DisableRowSecurity,
		pg_query.AlterTableType_AT_ForceRowSecurity, pg_query.AlterTableType_AT_NoForceRowSecurity:
		act.Kind, act.Lock = ActRowSecurity, AccessExclusive
	case pg_query.AlterTableType_AT_GenericOptions:
		act.Kind, act.Lock = ActGenericOptions, AccessExclusive
	case pg_query.AlterTableType_AT_AttachPartition:
		a.attachPartition(target, tk, cmd.Def.GetPartitionCmd(), t, known, &act)
	case pg_query.AlterTableType_AT_DetachPartition:
		pc := cmd.Def.GetPartitionCmd()
		act.Kind = ActDetachPartition
		part := rangeVarName(pc.GetName())
		act.Relations = append(act.Relations, part)
		if pc.GetConcurrent() {
			// DETACH CONCURRENTLY runs two transactions: the parent is held
			// SHARE UPDATE EXCLUSIVE; the partition ends up ACCESS EXCLUSIVE
			// after all transactions using the parent have finished. It can not
			// run in a transaction block or with a DEFAULT partition present.
			act.Lock, act.Concurrently = ShareUpdateExclusive, true
			a.e.Transactional = false
			a.rel(part, KindTable, AccessExclusive)
			if known && !t.DefaultPartition.IsZero() {
				a.note("DETACH PARTITION CONCURRENTLY fails while the table has a DEFAULT partition")
			}
		} else {
			act.Lock = AccessExclusive
			a.rel(part, KindTable, AccessExclusive)
		}
		act.Pos = loc(pc.GetName().GetLocation())
	case pg_query.AlterTableType_AT_DetachPartitionFinalize:
		pc := cmd.Def.GetPartitionCmd()
		act.Kind, act.Lock = ActDetachFinalize, ShareUpdateExclusive
		part := rangeVarName(pc.GetName())
		a.rel(part, KindTable, AccessExclusive)
		act.Relations = append(act.Relations, part)
	case pg_query.AlterTableType_AT_AddIdentity:
		act.Kind, act.Lock, act.Identity = ActAddIdentity, AccessExclusive, true
		act.Reason = "existing rows keep their values: no rewrite"
	case pg_query.AlterTableType_AT_SetIdentity:
		act.Kind, act.Lock = ActSetIdentity, AccessExclusive
	case pg_query.AlterTableType_AT_DropIdentity:
		act.Kind, act.Lock = ActDropIdentity, AccessExclusive
	default:
		act.Kind, act.Lock = ActUnknown, AccessExclusive
		a.note("unknown ALTER TABLE subcommand " + cmd.Subtype.String() + ": assumed to take ACCESS EXCLUSIVE")
	}
	return act
}

func (a *analyzer) addColumn(target Name, cmd *pg_query.AlterTableCmd, act *Action) {
	act.Kind, act.Lock = ActAddColumn, AccessExclusive
	cd := cmd.Def.GetColumnDef()
	if cd == nil {
		return
	}
	act.Column = cd.Colname
	act.Pos = loc(cd.Location)
	typ := typeFromNode(cd.TypeName, "")
	act.ToType = typeText(cd.TypeName)
	var def *pg_query.Node
	hasDefault := false
	for _, c := range cd.Constraints {
		con := c.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_DEFAULT:
			def, hasDefault = con.RawExpr, true
		case pg_query.ConstrType_CONSTR_NOTNULL:
			act.NotNull = true
		case pg_query.ConstrType_CONSTR_IDENTITY:
			act.Identity = true
		case pg_query.ConstrType_CONSTR_GENERATED:
			act.Generated = true
		case pg_query.ConstrType_CONSTR_CHECK:
			act.Constraint = &Constraint{Type: ConstraintCheck, Name: con.Conname, NotValid: con.SkipValidation, Columns: []string{cd.Colname}}
		case pg_query.ConstrType_CONSTR_FOREIGN:
			ref := rangeVarName(con.Pktable)
			act.Constraint = &Constraint{Type: ConstraintForeignKey, Name: con.Conname, NotValid: con.SkipValidation, Columns: []string{cd.Colname}, References: ref}
			a.rel(ref, KindTable, ShareRowExclusive)
			act.Relations = append(act.Relations, ref)
		case pg_query.ConstrType_CONSTR_PRIMARY:
			act.Constraint = &Constraint{Type: ConstraintPrimaryKey, Name: con.Conname, Columns: []string{cd.Colname}}
			act.NotNull = true
		case pg_query.ConstrType_CONSTR_UNIQUE:
			act.Constraint = &Constraint{Type: ConstraintUnique, Name: con.Conname, Columns: []string{cd.Colname}}
		case pg_query.ConstrType_CONSTR_EXCLUSION:
			act.Constraint = &Constraint{Type: ConstraintExclusion, Name: con.Conname, Columns: []string{cd.Colname}}
		}
	}
	if cd.RawDefault != nil {
		def, hasDefault = cd.RawDefault, true
	}
	if hasDefault {
		act.Default = deparseExpr(def)
	}
	switch {
	case act.Generated:
		act.Rewrite = true
		act.Reason = "a stored generated column is computed for every existing row: the table is rewritten"
	case act.Identity:
		act.Rewrite = true
		act.Reason = "an identity column draws a value for every existing row: the table is rewritten"
	case typ.isSerial():
		act.Rewrite, act.Volatile = true, true
		act.Default = "nextval(...)"
		act.Reason = typ.name + " gives the column a nextval() default, evaluated for every existing row: the table is rewritten"
	case hasDefault:
		if why := volatility(def); why != "" {
			act.Rewrite, act.Volatile = true, true
			act.Reason = why + ": the default is evaluated for every existing row and the table is rewritten"
		} else {
			act.Reason = "a non-volatile default is stored once in the catalog (PostgreSQL 11+): no rewrite"
		}
	default:
		act.Reason = "a column without a default is NULL in existing rows: no rewrite"
	}
	if act.NotNull && !hasDefault && !act.Identity && !act.Generated && !typ.isSerial() {
		act.Scan = true
		act.Reason = "NOT NULL without a default fails on any existing row"
	}
	if c := act.Constraint; c != nil {
		switch c.Type {
		case ConstraintCheck, ConstraintForeignKey:
			act.Scan = true
		case ConstraintPrimaryKey, ConstraintUnique, ConstraintExclusion:
			act.Scan = true
			act.Reason += "; the " + string(c.Type) + " index is built from a full scan"
		}
	}
}

func (a *analyzer) setNotNull(t TableInfo, known bool, column string, act *Action) {
	if !known {
		act.Scan = true
		act.Reason = "every row is checked for NULL while ACCESS EXCLUSIVE is held (no catalog: a validated CHECK (" + column + " IS NOT NULL) can not be seen)"
		return
	}
	if c, ok := t.Column(column); ok && c.NotNull {
		act.Reason = "the column is already NOT NULL: nothing is checked"
		return
	}
	for _, ck := range t.Checks {
		if ck.Valid && ck.NotNullColumn == column {
			act.Reason = "the validated CHECK constraint " + ck.Name + " proves the column has no NULL: no scan (PostgreSQL 12+)"
			return
		}
	}
	act.Scan = true
	act.Reason = "every row is checked for NULL while ACCESS EXCLUSIVE is held"
}

func (a *analyzer) addConstraint(target Name, con *pg_query.Constraint, t TableInfo, known bool, act *Action) {
	act.Kind = ActAddConstraint
	act.Column = ""
	if con == nil {
		act.Lock = AccessExclusive
		return
	}
	act.Pos = loc(con.Location)
	c := &Constraint{Name: con.Conname, NotValid: con.SkipValidation, UsingIndex: con.Indexname}
	act.Constraint = c
	for _, k := range con.Keys {
		c.Columns = append(c.Columns, k.GetString_().GetSval())
	}
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_CHECK:
		c.Type = ConstraintCheck
		c.NotNullColumn = notNullColumn(con.RawExpr)
		act.Lock = AccessExclusive
		if c.NotValid {
			act.Reason = "NOT VALID: existing rows are not checked"
		} else {
			act.Scan = true
			act.Reason = "every row is checked while ACCESS EXCLUSIVE is held"
		}
	case pg_query.ConstrType_CONSTR_FOREIGN:
		c.Type = ConstraintForeignKey
		for _, k := range con.FkAttrs {
			c.Columns = append(c.Columns, k.GetString_().GetSval())
		}
		c.References = rangeVarName(con.Pktable)
		// A foreign key adds triggers to both tables: SHARE ROW EXCLUSIVE on
		// each, which blocks writes to both while existing rows are checked.
		act.Lock = ShareRowExclusive
		a.rel(c.References, KindTable, ShareRowExclusive)
		act.Relations = append(act.Relations, c.References)
		if c.NotValid {
			act.Reason = "NOT VALID: existing rows are not checked"
		} else {
			act.Scan = true
			a.scan(c.References)
			act.Reason = "every row is checked against the referenced table while both are locked SHARE ROW EXCLUSIVE"
		}
	case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
		c.Type = ConstraintUnique
		if con.Contype == pg_query.ConstrType_CONSTR_PRIMARY {
			c.Type = ConstraintPrimaryKey
		}
		act.Lock = AccessExclusive
		if c.UsingIndex != "" {
			act.Reason = "USING INDEX: the existing index becomes the constraint without a scan"
			if c.Type == ConstraintPrimaryKey {
				if nullable := a.nullableKeyColumns(t, known, c.Columns); nullable {
					act.Scan = true
					act.Reason = "USING INDEX, but the primary key's columns must be made NOT NULL, which checks every row under ACCESS EXCLUSIVE"
				}
			}
		} else {
			act.Scan = true
			act.Reason = "the index is built from a full scan while ACCESS EXCLUSIVE is held"
		}
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		c.Type = ConstraintExclusion
		act.Lock, act.Scan = AccessExclusive, true
		act.Reason = "the exclusion index is built from a full scan while ACCESS EXCLUSIVE is held"
	default:
		c.Type = ConstraintUnknown
		act.Lock = AccessExclusive
	}
}

// nullableKeyColumns reports whether a primary key added USING INDEX must
// first make some of its columns NOT NULL. The statement does not name the
// columns (they are the index's), so this only knows them when the
// constraint lists them; without a catalog it answers no.
func (a *analyzer) nullableKeyColumns(t TableInfo, known bool, cols []string) bool {
	if !known {
		return false
	}
	for _, c := range t.Columns {
		if !c.NotNull {
			for _, k := range cols {
				if k == c.Name {
					return true
				}
			}
		}
	}
	return false
}

func (a *analyzer) alterColumnType(cmd *pg_query.AlterTableCmd, t TableInfo, known bool, act *Action) {
	act.Kind, act.Lock = ActAlterColumnType, AccessExclusive
	cd := cmd.Def.GetColumnDef()
	if cd == nil {
		act.Rewrite = true
		return
	}
	to := typeFromNode(cd.TypeName, typeText(cd.TypeName))
	act.ToType = to.text
	act.Pos = loc(cd.TypeName.GetLocation())
	col, ok := t.Column(cmd.Name)
	if !known || !ok {
		act.Rewrite = true
		act.Reason = "the column's current type is unknown, so a rewrite is assumed"
		return
	}
	act.FromType = col.Type
	from, ok := parseType(col.Type)
	if !ok {
		act.Rewrite = true
		act.Reason = "the column's current type " + col.Type + " is not understood, so a rewrite is assumed"
		return
	}
	if using := cd.RawDefault; using != nil {
		ref := using.GetColumnRef()
		same := ref != nil && len(ref.Fields) == 1 && ref.Fields[0].GetString_().GetSval() == cmd.Name
		if !same {
			act.Rewrite = true
			act.Reason = "USING computes a new value for every row: the table is rewritten"
			return
		}
	}
	act.Rewrite, act.Reason = typeChangeRewrites(from, to)
	if !act.Rewrite && cd.CollClause != nil {
		act.Reason += "; indexes on the column are rebuilt if the collation changes"
	}
}

func (a *analyzer) attachPartition(target Name, tk Kind, pc *pg_query.PartitionCmd, t TableInfo, known bool, act *Action) {
	act.Kind = ActAttachPartition
	part := rangeVarName(pc.GetName())
	act.Relations = append(act.Relations, part)
	act.Pos = loc(pc.GetName().GetLocation())
	if tk == KindIndex {
		// ALTER INDEX parent ATTACH PARTITION child: SHARE UPDATE EXCLUSIVE on
		// the parent index, ACCESS EXCLUSIVE on the child index.
		act.Lock = ShareUpdateExclusive
		a.rel(part, KindIndex, AccessExclusive)
		return
	}
	// ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent and ACCESS
	// EXCLUSIVE on the partition, which it scans to prove its rows fit the
	// bound unless a validated CHECK constraint already implies the bound. A
	// DEFAULT partition is locked and scanned too.
	act.Lock = ShareUpdateExclusive
	a.rel(part, KindTable, AccessExclusive)
	if !a.isNew(part) {
		a.scan(part)
	}
	act.Reason = "the partition is scanned under ACCESS EXCLUSIVE unless a validated CHECK constraint on it implies the partition bound"
	if known && !t.DefaultPartition.IsZero() {
		a.rel(t.DefaultPartition, KindTable, AccessExclusive)
		a.scan(t.DefaultPartition)
		act.Relations = append(act.Relations, t.DefaultPartition)
	}
}

// relOptionsLock is the lock ALTER TABLE SET/RESET (storage parameters)
// needs: the strongest of its parameters' lock levels (reloptions.c). Most
// take SHARE UPDATE EXCLUSIVE; the ones that change what queries see take
// ACCESS EXCLUSIVE, and so does any parameter schemactl does not know.
func relOptionsLock(def *pg_query.Node) Lock {
	l := ShareUpdateExclusive
	for _, o := range def.GetList().GetItems() {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		name := d.Defname
		if d.Defnamespace != "" {
			name = d.Defnamespace + "." + d.Defname
		}
		if !shareUpdateExclusiveOptions[name] && !strings.HasPrefix(name, "autovacuum_") && !strings.HasPrefix(name, "toast.") {
			l = AccessExclusive
		}
	}
	return l
}

var shareUpdateExclusiveOptions = map[string]bool{
	"fillfactor": true, "parallel_workers": true, "toast_tuple_target": true, "vacuum_index_cleanup": true,
	"vacuum_truncate": true, "log_autovacuum_min_duration": true, "fastupdate": true,
	"gin_pending_list_limit": true, "pages_per_range": true, "autosummarize": true, "deduplicate_items": true,
	"n_distinct": true, "n_distinct_inherited": true,
}

// notNullColumn recognises CHECK (col IS NOT NULL).
func notNullColumn(expr *pg_query.Node) string {
	nt := expr.GetNullTest()
	if nt == nil || nt.Nulltesttype != pg_query.NullTestType_IS_NOT_NULL {
		return ""
	}
	ref := nt.Arg.GetColumnRef()
	if ref == nil || len(ref.Fields) != 1 {
		return ""
	}
	return ref.Fields[0].GetString_().GetSval()
}

// NotNullCheckColumn returns the column of a CHECK constraint that is
// exactly `CHECK (col IS NOT NULL)`, given as pg_get_constraintdef() prints
// it ("CHECK ((email IS NOT NULL))", optionally followed by NOT VALID) or as
// the bare expression; "" otherwise.
func NotNullCheckColumn(def string) string {
	d := strings.TrimSpace(def)
	d = strings.TrimSuffix(d, " NOT VALID")
	if !strings.HasPrefix(strings.ToUpper(d), "CHECK") {
		d = "CHECK (" + d + ")"
	}
	tree, err := pg_query.Parse("ALTER TABLE t ADD " + d)
	if err != nil || len(tree.Stmts) != 1 {
		return ""
	}
	at := tree.Stmts[0].Stmt.GetAlterTableStmt()
	if at == nil || len(at.Cmds) != 1 {
		return ""
	}
	con := at.Cmds[0].GetAlterTableCmd().GetDef().GetConstraint()
	if con == nil || con.Contype != pg_query.ConstrType_CONSTR_CHECK {
		return ""
	}
	return notNullColumn(con.RawExpr)
}

// typeText prints a parsed type name back as SQL.
func typeText(tn *pg_query.TypeName) string {
	if tn == nil {
		return ""
	}
	key, ok := typeKey(tn)
	if ok {
		if s, hit := typeTexts.Load(key); hit {
			return s.(string)
		}
	}
	s := deparseType(tn)
	if ok {
		typeTexts.Store(key, s)
	}
	return s
}

// typeTexts memoizes typeText: a migration names a handful of types over
// and over, and each deparse is a round trip through the C parser that
// costs more than the rest of a statement's analysis.
var typeTexts sync.Map

// typeKey identifies a type name by everything the deparser prints of it.
// It reports false for a modifier that is not a plain constant, which is
// then deparsed every time.
func typeKey(tn *pg_query.TypeName) (string, bool) {
	var b strings.Builder
	for _, n := range tn.Names {
		b.WriteString(n.GetString_().GetSval())
		b.WriteByte('.')
	}
	b.WriteByte('(')
	for _, m := range tn.Typmods {
		c := m.GetAConst()
		switch {
		case c == nil || c.Isnull:
			return "", false
		case c.GetIval() != nil:
			fmt.Fprintf(&b, "i%d,", c.GetIval().Ival)
		case c.GetSval() != nil:
			fmt.Fprintf(&b, "s%q,", c.GetSval().Sval)
		case c.GetFval() != nil:
			fmt.Fprintf(&b, "f%s,", c.GetFval().Fval)
		default:
			return "", false
		}
	}
	b.WriteString(")[")
	for _, a := range tn.ArrayBounds {
		fmt.Fprintf(&b, "%d,", a.GetInteger().GetIval())
	}
	fmt.Fprintf(&b, "]%t%t%d", tn.Setof, tn.PctType, tn.Typemod)
	return b.String(), true
}

// deparseType prints a type name as the deparser does, through a cast of
// NULL to it.
func deparseType(tn *pg_query.TypeName) string {
	cast := &pg_query.Node{Node: &pg_query.Node_TypeCast{TypeCast: &pg_query.TypeCast{
		Arg:      &pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{Isnull: true}}},
		TypeName: tn,
	}}}
	s := deparseExpr(cast)
	return strings.TrimPrefix(s, "NULL::")
}

// deparseExpr prints an expression back as SQL by deparsing `SELECT expr`.
func deparseExpr(expr *pg_query.Node) string {
	if expr == nil {
		return ""
	}
	tree := &pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
		TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: expr}}}},
	}}}}}}
	s, err := pg_query.Deparse(tree)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(s, "SELECT ")
}
