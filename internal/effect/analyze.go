package effect

import (
	"reflect"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Analyze describes what s does to a database whose current state cat
// describes (nil: nothing is known). It never fails: a statement it has no
// specific knowledge of gets an Effect with a Note that says so.
func Analyze(s Statement, cat Catalog) Effect {
	a := &analyzer{cat: cat, text: s.SQL, base: s.Start}
	a.e.Transactional = true
	if s.node == nil {
		a.e.Tag = "UNKNOWN"
		a.note("statement was not parsed by effect.Parse; its effects are unknown")
		return a.e
	}
	a.statement(s.node)
	return a.e
}

// A Result pairs a statement of a script with its effect.
type Result struct {
	Statement Statement
	Effect    Effect
}

// Describe parses text and analyzes each statement in order, each against the
// state that the statements before it leave (see [State]). Tables created in
// text are therefore New for the statements after them. It is the call that
// internal/plan needs for the SQL it generates.
func Describe(text string, cat Catalog) ([]Result, error) {
	stmts, err := Parse(text)
	if err != nil {
		return nil, err
	}
	st := NewState(cat)
	out := make([]Result, 0, len(stmts))
	for _, s := range stmts {
		out = append(out, Result{Statement: s, Effect: Analyze(s, st)})
		st.Apply(s)
	}
	return out, nil
}

type analyzer struct {
	cat  Catalog
	e    Effect
	text string // the statement's SQL
	base int    // offset of text in the parsed text
}

func (a *analyzer) note(s string) {
	for _, n := range a.e.Notes {
		if n == s {
			return
		}
	}
	a.e.Notes = append(a.e.Notes, s)
}

func (a *analyzer) table(n Name) (TableInfo, bool) {
	if a.cat == nil || n.IsZero() {
		return TableInfo{}, false
	}
	return a.cat.Table(n)
}

func (a *analyzer) index(n Name) (IndexInfo, bool) {
	if a.cat == nil || n.IsZero() {
		return IndexInfo{}, false
	}
	return a.cat.Index(n)
}

// rel records lock l on the relation called n and returns its entry's
// index. The kind and the New flag come from the catalog when it knows n.
func (a *analyzer) rel(n Name, kind Kind, l Lock) *Relation {
	if n.IsZero() {
		return nil
	}
	for i := range a.e.Relations {
		if a.e.Relations[i].Name == n {
			r := &a.e.Relations[i]
			if l > r.Lock {
				r.Lock = l
			}
			return r
		}
	}
	r := Relation{Name: n, Kind: kind, Lock: l}
	if t, ok := a.table(n); ok {
		r.New = t.New
		if t.Kind != KindUnknown {
			r.Kind = t.Kind
		}
	} else if ix, ok := a.index(n); ok {
		r.New = ix.New
		r.Kind = KindIndex
		r.Table = ix.Table
	}
	a.e.Relations = append(a.e.Relations, r)
	return &a.e.Relations[len(a.e.Relations)-1]
}

// isNew reports whether the catalog knows n as created in this unit.
func (a *analyzer) isNew(n Name) bool {
	if t, ok := a.table(n); ok {
		return t.New
	}
	if ix, ok := a.index(n); ok {
		return ix.New
	}
	return false
}

func (a *analyzer) rewrite(n Name) {
	if r := a.rel(n, KindUnknown, LockNone); r != nil {
		r.Rewrite = true
	}
}

func (a *analyzer) scan(n Name) {
	if r := a.rel(n, KindUnknown, LockNone); r != nil {
		r.Scan = true
	}
}

func (a *analyzer) action(act Action) {
	if act.Pos == 0 {
		act.Pos = -1
	}
	if !act.Target.IsZero() {
		act.New = a.isNew(act.Target)
		if act.TargetKind == KindUnknown {
			if t, ok := a.table(act.Target); ok {
				act.TargetKind = t.Kind
			}
		}
	}
	a.e.Actions = append(a.e.Actions, act)
}

func (a *analyzer) creates(n Name) {
	if !n.IsZero() {
		a.e.Creates = append(a.e.Creates, n)
	}
}

// loc converts a parser location (an offset in the parsed text, -1 for
// none) to an Action.Pos.
func loc(l int32) int {
	if l < 0 {
		return -1
	}
	return int(l)
}

func (a *analyzer) statement(node *pg_query.Node) {
	switch n := node.Node.(type) {
	case *pg_query.Node_CreateStmt:
		a.createTable(n.CreateStmt, "CREATE TABLE")
	case *pg_query.Node_CreateForeignTableStmt:
		a.createTable(n.CreateForeignTableStmt.BaseStmt, "CREATE FOREIGN TABLE")
	case *pg_query.Node_CreateTableAsStmt:
		a.createTableAs(n.CreateTableAsStmt)
	case *pg_query.Node_ViewStmt:
		a.createView(n.ViewStmt)
	case *pg_query.Node_IndexStmt:
		a.createIndex(n.IndexStmt)
	case *pg_query.Node_DropStmt:
		a.drop(n.DropStmt)
	case *pg_query.Node_AlterTableStmt:
		a.alterTable(n.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		a.rename(n.RenameStmt)
	case *pg_query.Node_AlterObjectSchemaStmt:
		a.setSchema(n.AlterObjectSchemaStmt)
	case *pg_query.Node_TruncateStmt:
		a.truncate(n.TruncateStmt)
	case *pg_query.Node_VacuumStmt:
		a.vacuum(n.VacuumStmt)
	case *pg_query.Node_ClusterStmt:
		a.cluster(n.ClusterStmt)
	case *pg_query.Node_ReindexStmt:
		a.reindex(n.ReindexStmt)
	case *pg_query.Node_CommentStmt:
		a.comment(n.CommentStmt)
	case *pg_query.Node_GrantStmt:
		a.e.Tag = "GRANT"
		if !n.GrantStmt.IsGrant {
			a.e.Tag = "REVOKE"
		}
		// GRANT and REVOKE update the object's catalog row (relacl, attacl,
		// proacl, nspacl) without locking a table: PostgreSQL resolves the
		// names with NoLock. Two sessions granting on one object at once
		// make the second fail with "tuple concurrently updated".
		a.action(Action{Kind: ActGrant, Reason: "privileges change in the catalog without a table lock"})
	case *pg_query.Node_AlterDefaultPrivilegesStmt:
		// Only pg_default_acl changes: objects created later take the
		// privileges; no existing relation is touched or locked.
		a.e.Tag = "ALTER DEFAULT PRIVILEGES"
		a.action(Action{Kind: ActGrant, Reason: "default privileges change in the catalog without a table lock"})
	case *pg_query.Node_GrantRoleStmt:
		a.e.Tag = "GRANT"
		if !n.GrantRoleStmt.IsGrant {
			a.e.Tag = "REVOKE"
		}
	case *pg_query.Node_AlterEnumStmt:
		a.alterEnum(n.AlterEnumStmt)
	case *pg_query.Node_CreateEnumStmt:
		a.e.Tag = "CREATE TYPE"
		a.creates(listName(n.CreateEnumStmt.TypeName))
	case *pg_query.Node_CompositeTypeStmt:
		a.e.Tag = "CREATE TYPE"
		a.creates(rangeVarName(n.CompositeTypeStmt.Typevar))
	case *pg_query.Node_CreateRangeStmt:
		a.e.Tag = "CREATE TYPE"
		a.creates(listName(n.CreateRangeStmt.TypeName))
	case *pg_query.Node_CreateDomainStmt:
		a.e.Tag = "CREATE DOMAIN"
		a.creates(listName(n.CreateDomainStmt.Domainname))
	case *pg_query.Node_AlterDomainStmt:
		a.alterDomain(n.AlterDomainStmt)
	case *pg_query.Node_DefineStmt:
		a.e.Tag = "CREATE " + strings.TrimPrefix(n.DefineStmt.Kind.String(), "OBJECT_")
		a.creates(listName(n.DefineStmt.Defnames))
	case *pg_query.Node_CreateSeqStmt:
		a.e.Tag = "CREATE SEQUENCE"
		a.creates(rangeVarName(n.CreateSeqStmt.Sequence))
	case *pg_query.Node_AlterSeqStmt:
		a.e.Tag = "ALTER SEQUENCE"
		name := rangeVarName(n.AlterSeqStmt.Sequence)
		a.rel(name, KindSequence, ShareRowExclusive)
		a.action(Action{Kind: ActAlterSequence, Target: name, TargetKind: KindSequence, Lock: ShareRowExclusive})
	case *pg_query.Node_RefreshMatViewStmt:
		a.refresh(n.RefreshMatViewStmt)
	case *pg_query.Node_CreateFunctionStmt:
		a.e.Tag = "CREATE FUNCTION"
		if n.CreateFunctionStmt.IsProcedure {
			a.e.Tag = "CREATE PROCEDURE"
		}
		a.creates(listName(n.CreateFunctionStmt.Funcname))
	case *pg_query.Node_AlterFunctionStmt:
		a.e.Tag = "ALTER FUNCTION"
	case *pg_query.Node_CreateTrigStmt:
		a.createTrigger(n.CreateTrigStmt)
	case *pg_query.Node_CreateEventTrigStmt:
		a.e.Tag = "CREATE EVENT TRIGGER"
	case *pg_query.Node_CreateSchemaStmt:
		a.e.Tag = "CREATE SCHEMA"
		a.creates(Name{Name: n.CreateSchemaStmt.Schemaname})
		if len(n.CreateSchemaStmt.SchemaElts) > 0 {
			a.note("the objects created inside CREATE SCHEMA are not analyzed one by one")
		}
	case *pg_query.Node_CreateExtensionStmt:
		a.e.Tag = "CREATE EXTENSION"
		a.note("an extension's install script may take any lock; schemactl does not read it")
	case *pg_query.Node_AlterExtensionStmt:
		a.e.Tag = "ALTER EXTENSION"
		a.note("an extension's update script may take any lock; schemactl does not read it")
	case *pg_query.Node_AlterExtensionContentsStmt:
		a.e.Tag = "ALTER EXTENSION"
	case *pg_query.Node_CreatePolicyStmt:
		a.e.Tag = "CREATE POLICY"
		t := rangeVarName(n.CreatePolicyStmt.Table)
		a.rel(t, KindTable, AccessExclusive)
		a.action(Action{Kind: ActCreatePolicy, Target: t, Lock: AccessExclusive})
	case *pg_query.Node_AlterPolicyStmt:
		a.e.Tag = "ALTER POLICY"
		t := rangeVarName(n.AlterPolicyStmt.Table)
		a.rel(t, KindTable, AccessExclusive)
		a.action(Action{Kind: ActAlter, Target: t, Lock: AccessExclusive})
	case *pg_query.Node_RuleStmt:
		a.e.Tag = "CREATE RULE"
		t := rangeVarName(n.RuleStmt.Relation)
		a.rel(t, KindTable, AccessExclusive)
		a.action(Action{Kind: ActCreateRule, Target: t, Lock: AccessExclusive})
	case *pg_query.Node_CreateStatsStmt:
		a.e.Tag = "CREATE STATISTICS"
		for _, r := range n.CreateStatsStmt.Relations {
			if rv := r.GetRangeVar(); rv != nil {
				t := rangeVarName(rv)
				a.rel(t, KindTable, ShareUpdateExclusive)
				a.action(Action{Kind: ActCreateStatistics, Target: t, Lock: ShareUpdateExclusive})
			}
		}
		a.creates(listName(n.CreateStatsStmt.Defnames))
	case *pg_query.Node_AlterStatsStmt:
		a.e.Tag = "ALTER STATISTICS"
	case *pg_query.Node_LockStmt:
		a.lock(n.LockStmt)
	case *pg_query.Node_InsertStmt:
		a.e.Tag = "INSERT"
		a.write(n.InsertStmt.Relation)
		a.reads(n.InsertStmt.SelectStmt)
	case *pg_query.Node_UpdateStmt:
		a.e.Tag = "UPDATE"
		a.write(n.UpdateStmt.Relation)
		a.reads(n.UpdateStmt.WhereClause)
		a.reads(n.UpdateStmt.FromClause...)
	case *pg_query.Node_DeleteStmt:
		a.e.Tag = "DELETE"
		a.write(n.DeleteStmt.Relation)
		a.reads(n.DeleteStmt.WhereClause)
		a.reads(n.DeleteStmt.UsingClause...)
	case *pg_query.Node_MergeStmt:
		a.e.Tag = "MERGE"
		a.write(n.MergeStmt.Relation)
		a.reads(n.MergeStmt.SourceRelation)
	case *pg_query.Node_SelectStmt:
		a.e.Tag = "SELECT"
		if into := n.SelectStmt.IntoClause; into != nil {
			a.e.Tag = "SELECT INTO"
			t := rangeVarName(into.Rel)
			a.creates(t)
			a.action(Action{Kind: ActCreateTableAs, Target: t, TargetKind: KindTable})
		}
		a.reads(node)
		if len(a.e.Actions) == 0 {
			a.action(Action{Kind: ActRead})
		}
	case *pg_query.Node_CopyStmt:
		a.e.Tag = "COPY"
		if rv := n.CopyStmt.Relation; rv != nil {
			if n.CopyStmt.IsFrom {
				a.write(rv)
			} else {
				a.rel(rangeVarName(rv), KindTable, AccessShare)
			}
		}
		a.reads(n.CopyStmt.Query)
	case *pg_query.Node_CreatedbStmt:
		a.e.Tag = "CREATE DATABASE"
		a.e.Transactional = false
		a.action(Action{Kind: ActCreateDatabase, Target: Name{Name: n.CreatedbStmt.Dbname}, TargetKind: KindDatabase})
	case *pg_query.Node_DropdbStmt:
		a.e.Tag = "DROP DATABASE"
		a.e.Transactional = false
		a.e.Destructive = true
		a.action(Action{Kind: ActDropDatabase, Target: Name{Name: n.DropdbStmt.Dbname}, TargetKind: KindDatabase, Destructive: true})
	case *pg_query.Node_AlterDatabaseStmt:
		a.e.Tag = "ALTER DATABASE"
		for _, o := range n.AlterDatabaseStmt.Options {
			if o.GetDefElem().GetDefname() == "tablespace" {
				a.e.Transactional = false
			}
		}
	case *pg_query.Node_AlterDatabaseSetStmt:
		a.e.Tag = "ALTER DATABASE"
	case *pg_query.Node_AlterDatabaseRefreshCollStmt:
		a.e.Tag = "ALTER DATABASE"
	case *pg_query.Node_CreateTableSpaceStmt:
		a.e.Tag = "CREATE TABLESPACE"
		a.e.Transactional = false
	case *pg_query.Node_DropTableSpaceStmt:
		a.e.Tag = "DROP TABLESPACE"
		a.e.Transactional = false
	case *pg_query.Node_AlterSystemStmt:
		a.e.Tag = "ALTER SYSTEM"
		a.e.Transactional = false
	case *pg_query.Node_CreateSubscriptionStmt:
		a.e.Tag = "CREATE SUBSCRIPTION"
		// With create_slot = true, the default, it can not run in a transaction block.
		a.e.Transactional = false
	case *pg_query.Node_DropSubscriptionStmt:
		a.e.Tag = "DROP SUBSCRIPTION"
		// Dropping a subscription that has a replication slot can not run in a transaction block.
		a.e.Transactional = false
	case *pg_query.Node_VariableSetStmt:
		a.e.Tag = "SET"
		if n.VariableSetStmt.Kind == pg_query.VariableSetKind_VAR_RESET || n.VariableSetStmt.Kind == pg_query.VariableSetKind_VAR_RESET_ALL {
			a.e.Tag = "RESET"
		}
		a.action(Action{Kind: ActSet, Column: n.VariableSetStmt.Name})
	case *pg_query.Node_VariableShowStmt:
		a.e.Tag = "SHOW"
	case *pg_query.Node_TransactionStmt:
		a.e.Tag = transactionTag(n.TransactionStmt.Kind)
		a.action(Action{Kind: ActTransaction})
		if n.TransactionStmt.Kind == pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED ||
			n.TransactionStmt.Kind == pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED {
			a.e.Transactional = false
		}
	case *pg_query.Node_DoStmt:
		a.e.Tag = "DO"
		a.note("the effects of a DO block are unknown: schemactl does not analyze procedural code")
		a.action(Action{Kind: ActUnknown})
	case *pg_query.Node_CallStmt:
		a.e.Tag = "CALL"
		a.note("the effects of a procedure call are unknown")
		a.action(Action{Kind: ActUnknown})
	case *pg_query.Node_ExplainStmt:
		a.e.Tag = "EXPLAIN"
		for _, o := range n.ExplainStmt.Options {
			if o.GetDefElem().GetDefname() == "analyze" {
				a.note("EXPLAIN ANALYZE runs the statement; its effects are not analyzed")
			}
		}
	case *pg_query.Node_CreateCastStmt, *pg_query.Node_CreateConversionStmt, *pg_query.Node_CreateOpClassStmt,
		*pg_query.Node_CreateOpFamilyStmt, *pg_query.Node_CreatePlangStmt, *pg_query.Node_CreateFdwStmt,
		*pg_query.Node_CreateForeignServerStmt, *pg_query.Node_CreateUserMappingStmt, *pg_query.Node_CreateRoleStmt,
		*pg_query.Node_CreatePublicationStmt, *pg_query.Node_CreateTransformStmt, *pg_query.Node_CreateAmStmt:
		a.e.Tag = "CREATE " + tagWord(node, "Create")
	default:
		a.e.Tag = genericTag(node)
		a.action(Action{Kind: ActOther})
	}
}

// tagWord turns the node's type name (CreateCastStmt) into a command word (CAST).
func tagWord(node *pg_query.Node, prefix string) string {
	name := genericTypeName(node)
	name = strings.TrimPrefix(name, prefix)
	name = strings.TrimSuffix(name, "Stmt")
	return strings.ToUpper(name)
}

// genericTag names a statement that has no specific handling.
func genericTag(node *pg_query.Node) string {
	name := strings.TrimSuffix(genericTypeName(node), "Stmt")
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

func genericTypeName(node *pg_query.Node) string {
	if node == nil || node.Node == nil {
		return "Unknown"
	}
	t := reflect.TypeOf(node.Node)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return strings.TrimPrefix(t.Name(), "Node_")
}

func transactionTag(k pg_query.TransactionStmtKind) string {
	switch k {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN:
		return "BEGIN"
	case pg_query.TransactionStmtKind_TRANS_STMT_START:
		return "START TRANSACTION"
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		return "COMMIT"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		return "ROLLBACK"
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		return "SAVEPOINT"
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		return "RELEASE"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		return "ROLLBACK TO SAVEPOINT"
	case pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
		return "PREPARE TRANSACTION"
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED:
		return "COMMIT PREPARED"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
		return "ROLLBACK PREPARED"
	}
	return "TRANSACTION"
}
