package plan

import (
	"fmt"
	"time"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/schema"
)

// A Plan is the ordered list of statements that carries out a list of
// changes. Applied in order, every statement succeeds on a database in the
// state the changes start from (data permitting: a new NOT NULL column on a
// table with rows needs a default, a new unique index needs unique values).
type Plan struct {
	Statements []Statement
}

// A Statement is one SQL statement of a plan, with what it does to a live
// database. The lock, rewrite, scan and transaction facts come from
// internal/effect, the one place that knows them, asked about this very SQL
// against the state that the statements before it leave.
type Statement struct {
	// SQL is one statement without the final semicolon.
	SQL string
	// Comment says what the statement does, in words: `add column email to public.users`.
	Comment string
	// Lock is the strongest table-level lock the statement takes on a
	// relation that exists before the plan (effect.LockNone when it only
	// touches objects the plan created), and Relation is that relation.
	Lock     effect.Lock
	Relation schema.QualifiedName
	// Locks lists every existing relation the statement locks, in the order
	// the statement names them.
	Locks []RelationLock
	// Rewrite reports that the statement rewrites an existing table (and
	// rebuilds its indexes) under its lock; Scan that it reads one in full.
	Rewrite bool
	Scan    bool
	// Transactional reports that the statement runs inside the transaction
	// of the statements around it. It is false for statements PostgreSQL
	// refuses in a transaction block (CREATE INDEX CONCURRENTLY), and for
	// statements the plan runs on their own so that what precedes them is
	// committed first: VALIDATE CONSTRAINT, which would otherwise scan under
	// the ACCESS EXCLUSIVE lock that the ADD CONSTRAINT ... NOT VALID before
	// it holds until commit, and ALTER TYPE ... ADD VALUE when a later
	// statement uses the value, which PostgreSQL allows only once the
	// addition is committed. Notes say why.
	Transactional bool
	// Destructive reports that the statement loses data: DROP TABLE, DROP
	// COLUMN, a type change that may narrow or round values.
	Destructive bool
	// Notes explain what the other fields cannot: why a statement runs
	// alone, or what effect analysis had to assume.
	Notes []string
	// Source is the change the statement carries out; nil for the SET
	// lock_timeout statements the plan adds.
	Source diff.Change
}

// A RelationLock is a lock that a statement takes on an existing relation.
type RelationLock struct {
	Relation schema.QualifiedName
	Mode     effect.Lock
	Rewrite  bool // rewrites the relation under the lock
	Scan     bool // reads the whole relation under the lock
	// Domain reports that Relation names a domain: the lock is taken on
	// every table with a column of it (ALTER DOMAIN ... ADD CONSTRAINT).
	Domain bool `json:",omitempty"`
}

// what names what the lock is on, for comments.
func (l RelationLock) what() string {
	if l.Domain {
		return "the tables using domain " + l.Relation.String()
	}
	return l.Relation.String()
}

// DefaultLockTimeout is the lock_timeout a plan sets before statements that
// block writes on existing tables, when Options.LockTimeout is zero. A
// statement that waits longer than this for its lock fails instead of
// queueing every other session behind it; the plan can then be run again.
const DefaultLockTimeout = 5 * time.Second

// Options control Build.
type Options struct {
	// From is the realm the changes start from, as the diff saw it; nil
	// means an empty database. Effect analysis asks it what exists.
	From *schema.Realm
	// LockTimeout is set (SET lock_timeout) before statements that take a
	// SHARE or stronger lock on an existing relation: zero means
	// DefaultLockTimeout, a negative value sets none.
	LockTimeout time.Duration
	// ServerVersion is the target server's server_version_num (150004 for
	// 15.4), or 0 when unknown. It decides between forms that need a newer
	// server and their portable equivalents: CREATE OR REPLACE TRIGGER
	// (PostgreSQL >= 14) or DROP TRIGGER and CREATE TRIGGER. Unknown means
	// the portable form. A known version also refuses, with a
	// *VersionError, changes the server cannot make (UNIQUE NULLS NOT
	// DISTINCT below 15, say).
	ServerVersion int
}

// Build orders the statements that carry out changes (from diff.Realms).
//
// Statements are grouped in fixed phases, which is enough while the model
// has no views or functions: schemas and extensions; renames; drops of
// foreign keys, constraints, indexes, columns and tables (dependants before
// what they depend on); sequences and types; new tables; new and altered
// columns; indexes; validations; keys; partitions; foreign keys; drops of
// sequences, types, extensions and schemas; comments. Within a phase,
// statements follow the changes, which diff sorts by name, except where a
// dependency orders them (a partition after its table, a domain after the
// enum it is based on). See docs/plan.md.
func Build(changes []diff.Change, opts Options) (*Plan, error) {
	if err := checkVersion(changes, opts.ServerVersion); err != nil {
		return nil, err
	}
	steps, err := build(changes, opts.ServerVersion)
	if err != nil {
		return nil, err
	}
	if err := annotate(steps, opts.From); err != nil {
		return nil, err
	}
	isolateEnumValues(steps)
	steps = setLockTimeouts(steps, opts.LockTimeout)
	p := &Plan{Statements: make([]Statement, len(steps))}
	for i, s := range steps {
		p.Statements[i] = s.Statement
	}
	return p, nil
}

// A step is a statement being planned, with the facts the planner knows
// about it before effect analysis.
type step struct {
	Statement
	// alone asks that the statement run outside the transaction of its
	// neighbours, for the reason given; effect analysis cannot know it.
	alone string
	// enumValue is the value an ADD VALUE statement adds.
	enumValue string
	// notes are what the planner knows about the statement and effect
	// analysis cannot (a materialized view rebuilt under a lock).
	notes []string
}

// A phase is a stage of a plan; see Build.
type phase int

const (
	// Roles first: grants and policies may name them; memberships once
	// every role exists.
	phRole phase = iota
	phRoleMember
	phSchema
	phExtension
	phRenameTable
	phRename
	phReleaseOwner
	// Dependants go before what they depend on: policies and triggers,
	// then views (in reverse dependency order), then functions, then the
	// privileges the plan revokes.
	phDropPolicy
	phDropTrigger
	phDropView
	phDropFunction
	phRevoke
	phDropForeignKey
	phDetach
	phDropConstraint
	phDropColumn
	phDropTable
	phSequence
	phCreateType
	phAlterType
	// Functions that use no relation (their argument and result types are
	// base types, enums, domains or composites) come before the tables
	// whose defaults, checks, generated columns and indexes may call them;
	// their bodies are not checked at creation (check_function_bodies).
	phFunction
	phCreateTable
	phAlterTable
	phIndex
	phValidateCheck
	phConstraint
	phAttach
	phForeignKey
	phValidateForeignKey
	phOwner
	// Views, materialized views and the functions that use a relation's
	// row type, in one dependency order; then triggers, row level security
	// and policies, which need both tables and functions; then grants.
	phView
	// Checks and indexes whose expressions call a function of phView
	// (one that uses a relation) are added once it exists: the check NOT
	// VALID (or, on a new table, plainly), then the index, then the
	// check's validation.
	phLateConstraint
	phLateIndex
	phLateValidate
	phTrigger
	phRowSecurity
	phPolicy
	phGrant
	phDropSequence
	phDropType
	phDropExtension
	phDropSchema
	phComment
	numPhases
)

// A builder collects the steps of each phase.
type builder struct {
	phases [numPhases][]*step
	// renamed maps the current names of renamed tables to their new names.
	renamed map[schema.QualifiedName]schema.QualifiedName
	// droppedTables and droppedColumns are what the plan drops, by current
	// name, so that the drop of a sequence they own is left to PostgreSQL.
	droppedTables  map[schema.QualifiedName]bool
	droppedColumns map[schema.QualifiedName]map[string]bool
	// serverVersion is Options.ServerVersion (0 for a dump).
	serverVersion int
	// functionPhases are the phases that create the plan's functions
	// (see placeFunctions).
	functionPhases map[*schema.Function]phase
	// callsLate report whether an expression calls one of the functions
	// created in phView (see late).
	callsLate []func(string) bool
}

// build plans the changes without effect analysis, as Dump needs.
func build(changes []diff.Change, serverVersion int) ([]*step, error) {
	b := &builder{
		serverVersion:  serverVersion,
		renamed:        map[schema.QualifiedName]schema.QualifiedName{},
		droppedTables:  map[schema.QualifiedName]bool{},
		droppedColumns: map[schema.QualifiedName]map[string]bool{},
	}
	for _, c := range changes {
		switch c := c.(type) {
		case *diff.RenameTable:
			b.renamed[c.From.QualifiedName()] = c.To.QualifiedName()
		case *diff.DropTable:
			b.droppedTables[c.Table.QualifiedName()] = true
		case *diff.AlterTable:
			for _, sc := range c.Changes {
				if dc, ok := sc.(*diff.DropColumn); ok {
					q := c.From.QualifiedName()
					if b.droppedColumns[q] == nil {
						b.droppedColumns[q] = map[string]bool{}
					}
					b.droppedColumns[q][dc.Column.Name] = true
				}
			}
		}
	}
	b.functionPhases = placeFunctions(changes)
	for f, ph := range b.functionPhases {
		if ph == phView {
			b.callsLate = append(b.callsLate, exprCalls(f))
		}
	}
	ordered, fkSources, fks := orderChanges(changes)
	for i, fk := range fks {
		q := fkSources[i].Table.QualifiedName()
		b.add(phDropForeignKey, fkSources[i], "drop foreign key "+ident(fk.Name)+" of "+q.String()+
			", since the tables it links are dropped and reference each other",
			"ALTER TABLE "+qname(q)+" DROP CONSTRAINT "+ident(fk.Name))
	}
	for _, c := range ordered {
		if err := b.change(c); err != nil {
			return nil, err
		}
	}
	if err := b.sortDependencies(); err != nil {
		return nil, err
	}
	if err := b.sortFunctions(); err != nil {
		return nil, err
	}
	var steps []*step
	for _, ph := range b.phases {
		steps = append(steps, ph...)
	}
	return uncheckBodies(steps), nil
}

// add appends a statement to a phase.
func (b *builder) add(ph phase, src diff.Change, comment, sql string) *step {
	s := &step{Statement: Statement{SQL: sql, Comment: comment, Source: src, Transactional: true}}
	b.phases[ph] = append(b.phases[ph], s)
	return s
}

// comment adds COMMENT ON for a created object, when it has a comment.
func (b *builder) comment(src diff.Change, o diff.Object, text string) {
	if text != "" {
		b.add(phComment, src, "comment on "+o.String(), commentSQL(o, text))
	}
}

// current returns the name a table has once the plan's renames are done.
func (b *builder) current(q schema.QualifiedName) schema.QualifiedName {
	if n, ok := b.renamed[q]; ok {
		return n
	}
	return q
}

// An UnsupportedError reports a change that the planner cannot carry out.
type UnsupportedError struct {
	Change diff.Change
	Reason string
}

func (e *UnsupportedError) Error() string { return "plan: " + e.Reason }

func (b *builder) change(c diff.Change) error {
	switch c := c.(type) {
	case *diff.CreateSchema:
		q := schema.QualifiedName{Name: c.Schema.Name}
		b.add(phSchema, c, "create schema "+q.String(), "CREATE SCHEMA "+ident(c.Schema.Name))
		b.comment(c, diff.Object{Kind: diff.KindSchema, Name: q}, c.Schema.Comment)
	case *diff.DropSchema:
		b.add(phDropSchema, c, "drop schema "+ident(c.Schema.Name), "DROP SCHEMA "+ident(c.Schema.Name))
	case *diff.CreateExtension:
		b.createExtension(c)
	case *diff.DropExtension:
		b.add(phDropExtension, c, "drop extension "+ident(c.Extension.Name), "DROP EXTENSION "+ident(c.Extension.Name))
	case *diff.AlterExtension:
		name := ident(c.To.Name)
		switch {
		case c.To.Version == c.From.Version:
		case c.To.Version == "":
			// UPDATE without TO goes to the default version of the
			// control file, which is what "" means.
			b.add(phExtension, c, "update extension "+name+" to its default version",
				"ALTER EXTENSION "+name+" UPDATE")
		default:
			b.add(phExtension, c, "update extension "+name+" to version "+c.To.Version,
				"ALTER EXTENSION "+name+" UPDATE TO "+literal(c.To.Version))
		}
		if c.To.Schema != "" && c.To.Schema != c.From.Schema {
			b.add(phExtension, c, "move extension "+name+" to schema "+ident(c.To.Schema),
				"ALTER EXTENSION "+name+" SET SCHEMA "+ident(c.To.Schema))
		}
	case *diff.CreateEnum, *diff.DropEnum, *diff.AddEnumValue, *diff.RenameEnumValue, *diff.ReplaceEnum,
		*diff.CreateDomain, *diff.DropDomain, *diff.AlterDomain, *diff.ReplaceDomain,
		*diff.CreateComposite, *diff.DropComposite, *diff.AlterComposite:
		return b.typeChange(c)
	case *diff.CreateSequence, *diff.DropSequence, *diff.AlterSequence, *diff.SetSequenceOwner:
		b.sequenceChange(c)
	case *diff.CreateTable:
		b.createTable(c)
	case *diff.DropTable:
		q := c.Table.QualifiedName()
		for _, fk := range c.ForeignKeysFirst {
			b.add(phDropForeignKey, c, "drop foreign key "+ident(fk.Name)+" of "+q.String()+
				" first: the key it references is dropped before the table",
				"ALTER TABLE "+qname(q)+" DROP CONSTRAINT "+ident(fk.Name))
		}
		s := b.add(phDropTable, c, "drop table "+q.String(), "DROP TABLE "+qname(q))
		s.Destructive = true
	case *diff.RenameTable:
		from, to := c.From.QualifiedName(), c.To.QualifiedName()
		b.add(phRenameTable, c, "rename table "+from.String()+" to "+ident(to.Name),
			"ALTER TABLE "+qname(from)+" RENAME TO "+ident(to.Name))
	case *diff.AlterTable:
		return b.alterTable(c)
	case *diff.SetRowSecurity, *diff.SetForceRowSecurity, *diff.CreatePolicy, *diff.DropPolicy, *diff.AlterPolicy:
		b.policyChange(c)
	case *diff.CreateRole, *diff.AlterRole, *diff.GrantMembership, *diff.RevokeMembership, *diff.CommentOnRole:
		b.roleChange(c)
	case *diff.CreateFunction, *diff.DropFunction, *diff.ReplaceFunction, *diff.AlterFunction, *diff.RecreateFunction,
		*diff.CommentOnFunction:
		return b.functionChange(c)
	case *diff.CommentOn:
		b.add(phComment, c, "comment on "+c.Object.String(), commentSQL(c.Object, c.Comment))
	case *diff.Grant, *diff.Revoke, *diff.GrantDefault, *diff.RevokeDefault:
		b.privilegeChange(c)
	case *diff.CreateTrigger, *diff.DropTrigger, *diff.ReplaceTrigger, *diff.AlterTriggerState, *diff.CommentOnTrigger:
		return b.triggerChange(c)
	case *diff.CreateView, *diff.DropView, *diff.ReplaceView, *diff.RecreateView, *diff.AlterView, *diff.RefreshMaterializedView,
		*diff.RenameView:
		return b.viewChange(c)
	default:
		return fmt.Errorf("plan: unexpected change %T", c)
	}
	return nil
}

func (b *builder) createExtension(c *diff.CreateExtension) {
	e := c.Extension
	sql := "CREATE EXTENSION " + ident(e.Name)
	if e.Schema != "" {
		sql += " WITH SCHEMA " + ident(e.Schema)
	}
	if e.Version != "" {
		sql += " VERSION " + literal(e.Version)
	}
	b.add(phExtension, c, "create extension "+ident(e.Name), sql)
	b.comment(c, diff.Object{Kind: diff.KindExtension, Name: schema.QualifiedName{Name: e.Name}}, e.Comment)
}
