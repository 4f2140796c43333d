package lint

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

var ruleRerunSafe = &Rule{
	ID:       "rerun-safe",
	Category: CategoryMigration,
	// Off by default: most files that lint sees as plain SQL are run by a
	// runner that wraps them in a transaction, where the rule never fires,
	// and on files that really run statement by statement it flags nearly
	// every statement. --enable rerun-safe turns it on at warning.
	Severity: Off,
	Summary: "In a file that runs statement by statement (no transaction around it), a statement that fails when it runs a second time (CREATE without IF NOT EXISTS, DROP without IF EXISTS, " +
		"ADD COLUMN without IF NOT EXISTS, a RENAME, an ADD CONSTRAINT, ...) and that a later transaction of the same file follows: if that later part fails, " +
		"this statement has already committed, and running the file again stops at it. The file's last transaction is not flagged (nothing after it can fail), " +
		"nor is anything in a file that runs in one transaction.",
	Alternative: "IF NOT EXISTS / IF EXISTS / OR REPLACE where PostgreSQL has them; otherwise run the statements in one transaction, or give the statement a migration of its own",
	check:       checkRerunSafe,
	finish:      finishRerunSafe,
}

// A rerunCandidate is a statement that fails when run twice.
type rerunCandidate struct {
	c          *stmtCtx
	off        int // where the finding points
	what, hint string
	// dup: a rerun does not fail but makes a second copy.
	dup bool
}

func checkRerunSafe(c *stmtCtx, r *Rule) {
	if c.run.mode != TxAutocommit {
		return
	}
	c.run.rerun = append(c.run.rerun, rerunProblems(c)...)
}

func finishRerunSafe(run *fileRun, r *Rule) {
	for _, p := range run.rerun {
		if p.c.txID == run.lastTx {
			continue
		}
		msg := fmt.Sprintf("%s fails when the file is run again, and a later statement of the file commits separately: if that one fails, this one has already committed and a rerun stops here", p.what)
		if p.dup {
			msg = fmt.Sprintf("%s builds a second, duplicate index when the file is run again after a later statement of it failed", p.what)
		}
		p.c.report(r, p.off, zeroName, msg, p.hint)
	}
}

const (
	hintIfNotExists = "add IF NOT EXISTS"
	hintIfExists    = "add IF EXISTS"
	hintOrReplace   = "use CREATE OR REPLACE"
	hintNoForm      = "PostgreSQL has no IF NOT EXISTS for it: run the file's statements in one transaction (BEGIN ... COMMIT), or give this statement a migration of its own"
)

// rerunProblems lists what in the statement of c fails on a second run.
func rerunProblems(c *stmtCtx) []rerunCandidate {
	n := c.stmt.Node()
	if n == nil {
		return nil
	}
	one := func(ok bool, what, hint string) []rerunCandidate {
		if ok {
			return nil
		}
		return []rerunCandidate{{c: c, off: -1, what: what, hint: hint}}
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		return one(x.CreateStmt.IfNotExists, "CREATE TABLE without IF NOT EXISTS", hintIfNotExists)
	case *pg_query.Node_CreateForeignTableStmt:
		return one(x.CreateForeignTableStmt.GetBaseStmt().GetIfNotExists(), "CREATE FOREIGN TABLE without IF NOT EXISTS", hintIfNotExists)
	case *pg_query.Node_CreateTableAsStmt:
		return one(x.CreateTableAsStmt.IfNotExists, "CREATE "+objectWordAs(x.CreateTableAsStmt.Objtype)+" without IF NOT EXISTS", hintIfNotExists)
	case *pg_query.Node_IndexStmt:
		hint := hintIfNotExists
		if x.IndexStmt.Concurrent {
			hint = "add IF NOT EXISTS, after a DROP INDEX CONCURRENTLY IF EXISTS of the same name: a build that failed leaves an INVALID index behind, which IF NOT EXISTS alone would keep"
		}
		if x.IndexStmt.Idxname == "" {
			return []rerunCandidate{{c: c, off: -1, what: "CREATE INDEX without a name", hint: "name the index and add IF NOT EXISTS", dup: true}}
		}
		return one(x.IndexStmt.IfNotExists, "CREATE INDEX without IF NOT EXISTS", hint)
	case *pg_query.Node_CreateSeqStmt:
		return one(x.CreateSeqStmt.IfNotExists, "CREATE SEQUENCE without IF NOT EXISTS", hintIfNotExists)
	case *pg_query.Node_CreateSchemaStmt:
		return one(x.CreateSchemaStmt.IfNotExists, "CREATE SCHEMA without IF NOT EXISTS", hintIfNotExists)
	case *pg_query.Node_CreateExtensionStmt:
		return one(x.CreateExtensionStmt.IfNotExists, "CREATE EXTENSION without IF NOT EXISTS", hintIfNotExists)
	case *pg_query.Node_ViewStmt:
		return one(x.ViewStmt.Replace, "CREATE VIEW without OR REPLACE", hintOrReplace)
	case *pg_query.Node_CreateFunctionStmt:
		return one(x.CreateFunctionStmt.Replace, "CREATE FUNCTION without OR REPLACE", hintOrReplace)
	case *pg_query.Node_CreateTrigStmt:
		return one(x.CreateTrigStmt.Replace, "CREATE TRIGGER without OR REPLACE", hintOrReplace+" (PostgreSQL 14+)")
	case *pg_query.Node_CreateEnumStmt:
		return one(false, "CREATE TYPE", hintNoForm)
	case *pg_query.Node_CompositeTypeStmt:
		return one(false, "CREATE TYPE", hintNoForm)
	case *pg_query.Node_CreateDomainStmt:
		return one(false, "CREATE DOMAIN", hintNoForm)
	case *pg_query.Node_CreatePolicyStmt:
		return one(false, "CREATE POLICY", hintNoForm)
	case *pg_query.Node_DropStmt:
		return one(x.DropStmt.MissingOk, "DROP "+objectWordDrop(x.DropStmt.RemoveType)+" without IF EXISTS", hintIfExists)
	case *pg_query.Node_AlterEnumStmt:
		if x.AlterEnumStmt.OldVal != "" {
			return one(false, "ALTER TYPE ... RENAME VALUE", hintNoForm)
		}
		return one(x.AlterEnumStmt.SkipIfNewValExists, "ALTER TYPE ... ADD VALUE without IF NOT EXISTS", hintIfNotExists)
	case *pg_query.Node_RenameStmt:
		return one(false, "RENAME", "PostgreSQL has no IF EXISTS for the new name: run the file's statements in one transaction (BEGIN ... COMMIT), or give the rename a migration of its own")
	case *pg_query.Node_AlterObjectSchemaStmt:
		return one(false, "SET SCHEMA", hintNoForm)
	case *pg_query.Node_AlterTableStmt:
		var out []rerunCandidate
		for _, cn := range x.AlterTableStmt.Cmds {
			cmd := cn.GetAlterTableCmd()
			if cmd == nil {
				continue
			}
			var what, hint string
			switch cmd.Subtype {
			case pg_query.AlterTableType_AT_AddColumn:
				if !cmd.MissingOk {
					what, hint = "ADD COLUMN without IF NOT EXISTS", hintIfNotExists
				}
			case pg_query.AlterTableType_AT_DropColumn:
				if !cmd.MissingOk {
					what, hint = "DROP COLUMN without IF EXISTS", hintIfExists
				}
			case pg_query.AlterTableType_AT_DropConstraint:
				if !cmd.MissingOk {
					what, hint = "DROP CONSTRAINT without IF EXISTS", hintIfExists
				}
			case pg_query.AlterTableType_AT_AddConstraint:
				if con := cmd.GetDef().GetConstraint(); con != nil && con.Conname != "" {
					what, hint = "ADD CONSTRAINT", "PostgreSQL has no IF NOT EXISTS for constraints: DROP CONSTRAINT IF EXISTS first, or run the file's statements in one transaction"
				}
			}
			if what != "" {
				out = append(out, rerunCandidate{c: c, off: -1, what: what, hint: hint})
			}
		}
		return out
	}
	return nil
}

// objectWordAs names what CREATE ... AS creates.
func objectWordAs(t pg_query.ObjectType) string {
	if t == pg_query.ObjectType_OBJECT_MATVIEW {
		return "MATERIALIZED VIEW"
	}
	return "TABLE AS"
}

// objectWordDrop names what a DROP drops, for messages.
func objectWordDrop(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_TABLE:
		return "TABLE"
	case pg_query.ObjectType_OBJECT_INDEX:
		return "INDEX"
	case pg_query.ObjectType_OBJECT_VIEW:
		return "VIEW"
	case pg_query.ObjectType_OBJECT_MATVIEW:
		return "MATERIALIZED VIEW"
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		return "SEQUENCE"
	case pg_query.ObjectType_OBJECT_SCHEMA:
		return "SCHEMA"
	case pg_query.ObjectType_OBJECT_TYPE:
		return "TYPE"
	case pg_query.ObjectType_OBJECT_DOMAIN:
		return "DOMAIN"
	case pg_query.ObjectType_OBJECT_FUNCTION:
		return "FUNCTION"
	case pg_query.ObjectType_OBJECT_TRIGGER:
		return "TRIGGER"
	case pg_query.ObjectType_OBJECT_EXTENSION:
		return "EXTENSION"
	}
	return "statement"
}
