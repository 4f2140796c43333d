package effect

import (
	"fmt"
	"strings"
)

// An Effect is what one statement does to a live database.
type Effect struct {
	// Tag names the command the way PostgreSQL's command tag does
	// ("ALTER TABLE", "CREATE INDEX").
	Tag string
	// Relations lists every relation the statement locks, with the strongest
	// lock it takes on each, in the order the statement names them.
	Relations []Relation
	// Actions are the steps of the statement: one per ALTER TABLE subcommand,
	// one for most other statements.
	Actions []Action
	// Transactional reports whether the statement may run inside a
	// transaction block. False for CREATE INDEX CONCURRENTLY, VACUUM, ...
	Transactional bool
	// RequiresTransaction reports that the statement fails outside a
	// transaction block (LOCK TABLE).
	RequiresTransaction bool
	// Destructive reports that the statement loses data (DROP TABLE, DROP
	// COLUMN, TRUNCATE, DROP ... CASCADE).
	Destructive bool
	// Creates lists the relations, types and schemas the statement creates.
	Creates []Name
	// EnumValues lists the values that ALTER TYPE ... ADD VALUE adds; they can
	// not be used before the transaction that adds them commits.
	EnumValues []EnumValue
	// Notes explain what the fields cannot say: assumptions made for want of
	// catalog knowledge, and PostgreSQL version quirks.
	Notes []string
}

// A Relation is one relation a statement locks.
type Relation struct {
	Name Name
	Kind Kind
	Lock Lock
	// Rewrite reports that the statement writes a new copy of the relation's
	// data (and rebuilds its indexes) while holding Lock.
	Rewrite bool
	// Scan reports that the statement reads the whole relation while holding
	// Lock, to validate a constraint or to build an index.
	Scan bool
	// New reports that the catalog knows the relation as created earlier in
	// the same unit; such locks block no one.
	New bool
	// Table is the table an index belongs to, when the catalog knows it.
	Table Name
}

// An EnumValue is a value added to an enum type.
type EnumValue struct {
	Type  Name
	Value string
}

// ActionKind names one kind of step of a statement, in SQL words.
type ActionKind string

// The action kinds. ALTER TABLE subcommands that PostgreSQL's parser never
// produces (it adds them internally) have kinds too, because internal/plan
// may describe them.
const (
	ActCreateTable          ActionKind = "CREATE TABLE"
	ActCreateTableAs        ActionKind = "CREATE TABLE AS"
	ActCreateView           ActionKind = "CREATE VIEW"
	ActCreateMatView        ActionKind = "CREATE MATERIALIZED VIEW"
	ActRefreshMatView       ActionKind = "REFRESH MATERIALIZED VIEW"
	ActCreateIndex          ActionKind = "CREATE INDEX"
	ActDropIndex            ActionKind = "DROP INDEX"
	ActReindex              ActionKind = "REINDEX"
	ActDrop                 ActionKind = "DROP"
	ActTruncate             ActionKind = "TRUNCATE"
	ActVacuum               ActionKind = "VACUUM"
	ActVacuumFull           ActionKind = "VACUUM FULL"
	ActAnalyze              ActionKind = "ANALYZE"
	ActCluster              ActionKind = "CLUSTER"
	ActRename               ActionKind = "RENAME"
	ActRenameColumn         ActionKind = "RENAME COLUMN"
	ActRenameConstraint     ActionKind = "RENAME CONSTRAINT"
	ActSetSchema            ActionKind = "SET SCHEMA"
	ActComment              ActionKind = "COMMENT"
	ActGrant                ActionKind = "GRANT"
	ActLock                 ActionKind = "LOCK"
	ActCreateTrigger        ActionKind = "CREATE TRIGGER"
	ActCreatePolicy         ActionKind = "CREATE POLICY"
	ActCreateRule           ActionKind = "CREATE RULE"
	ActCreateStatistics     ActionKind = "CREATE STATISTICS"
	ActAlterSequence        ActionKind = "ALTER SEQUENCE"
	ActAddEnumValue         ActionKind = "ADD VALUE"
	ActWrite                ActionKind = "WRITE"
	ActRead                 ActionKind = "READ"
	ActAddColumn            ActionKind = "ADD COLUMN"
	ActDropColumn           ActionKind = "DROP COLUMN"
	ActAlterColumnType      ActionKind = "ALTER COLUMN TYPE"
	ActSetDefault           ActionKind = "SET DEFAULT"
	ActDropDefault          ActionKind = "DROP DEFAULT"
	ActSetNotNull           ActionKind = "SET NOT NULL"
	ActDropNotNull          ActionKind = "DROP NOT NULL"
	ActDropExpression       ActionKind = "DROP EXPRESSION"
	ActCheckNotNull         ActionKind = "CHECK NOT NULL"
	ActSetStatistics        ActionKind = "SET STATISTICS"
	ActSetColumnOptions     ActionKind = "SET (attribute_option)"
	ActResetColumnOptions   ActionKind = "RESET (attribute_option)"
	ActSetStorage           ActionKind = "SET STORAGE"
	ActSetCompression       ActionKind = "SET COMPRESSION"
	ActAddIndex             ActionKind = "ADD INDEX"
	ActReAdd                ActionKind = "RE-ADD"
	ActAddConstraint        ActionKind = "ADD CONSTRAINT"
	ActAlterConstraint      ActionKind = "ALTER CONSTRAINT"
	ActValidateConstraint   ActionKind = "VALIDATE CONSTRAINT"
	ActDropConstraint       ActionKind = "DROP CONSTRAINT"
	ActColumnOptions        ActionKind = "ALTER COLUMN OPTIONS"
	ActOwner                ActionKind = "OWNER TO"
	ActClusterOn            ActionKind = "CLUSTER ON"
	ActDropCluster          ActionKind = "SET WITHOUT CLUSTER"
	ActSetLogged            ActionKind = "SET LOGGED"
	ActSetUnlogged          ActionKind = "SET UNLOGGED"
	ActDropOids             ActionKind = "SET WITHOUT OIDS"
	ActSetAccessMethod      ActionKind = "SET ACCESS METHOD"
	ActSetTablespace        ActionKind = "SET TABLESPACE"
	ActSetOptions           ActionKind = "SET (storage_parameter)"
	ActResetOptions         ActionKind = "RESET (storage_parameter)"
	ActReplaceOptions       ActionKind = "REPLACE (storage_parameter)"
	ActTrigger              ActionKind = "ENABLE/DISABLE TRIGGER"
	ActRule                 ActionKind = "ENABLE/DISABLE RULE"
	ActInherit              ActionKind = "INHERIT"
	ActNoInherit            ActionKind = "NO INHERIT"
	ActOf                   ActionKind = "OF"
	ActNotOf                ActionKind = "NOT OF"
	ActReplicaIdentity      ActionKind = "REPLICA IDENTITY"
	ActRowSecurity          ActionKind = "ROW LEVEL SECURITY"
	ActGenericOptions       ActionKind = "OPTIONS"
	ActAttachPartition      ActionKind = "ATTACH PARTITION"
	ActDetachPartition      ActionKind = "DETACH PARTITION"
	ActDetachFinalize       ActionKind = "DETACH PARTITION FINALIZE"
	ActAddIdentity          ActionKind = "ADD GENERATED AS IDENTITY"
	ActSetIdentity          ActionKind = "SET identity option"
	ActDropIdentity         ActionKind = "DROP IDENTITY"
	ActAddColumnToView      ActionKind = "ADD COLUMN (view)"
	ActOther                ActionKind = "OTHER"
	ActTransaction          ActionKind = "TRANSACTION"
	ActSet                  ActionKind = "SET"
	ActCreate               ActionKind = "CREATE"
	ActAlter                ActionKind = "ALTER"
	ActUnknown              ActionKind = "UNKNOWN"
	ActCreateDatabase       ActionKind = "CREATE DATABASE"
	ActDropDatabase         ActionKind = "DROP DATABASE"
	ActAlterDomainConstrain ActionKind = "ALTER DOMAIN"
)

// An Action is one step of a statement.
type Action struct {
	Kind ActionKind
	// Target is the relation (or type, or schema) the action changes.
	Target Name
	// TargetKind is what Target is, as far as the statement or the catalog says.
	TargetKind Kind
	// New reports that Target was created earlier in the same unit.
	New bool
	// Column is the column the action is about, if any.
	Column string
	// Constraint describes the constraint of ADD/VALIDATE/DROP CONSTRAINT and
	// of constraints declared inline with ADD COLUMN.
	Constraint *Constraint
	// Lock is the lock the action needs on Target.
	Lock         Lock
	Rewrite      bool // the action rewrites Target
	Scan         bool // the action reads all of Target (validation, index build)
	Destructive  bool // the action loses data
	Concurrently bool // CONCURRENTLY was given
	// FromType and ToType are set for ALTER COLUMN TYPE: the current type as
	// the catalog gives it ("" when unknown) and the new one as written.
	FromType, ToType string
	// Default is the text of the default of ADD COLUMN or SET DEFAULT; Volatile
	// reports that it is, or may be, volatile (evaluated once per row).
	Default  string
	Volatile bool
	// NotNull reports ADD COLUMN ... NOT NULL.
	NotNull bool
	// Generated reports ADD COLUMN ... GENERATED ALWAYS AS (...) STORED; Identity
	// reports GENERATED ... AS IDENTITY.
	Generated, Identity bool
	// Relations lists other relations the action locks (the referenced table
	// of a foreign key, the partition of ATTACH PARTITION).
	Relations []Name
	// Reason says in words why the action does or does not rewrite or scan.
	Reason string
	// Pos is the byte offset in the parsed text of the clause that the action
	// comes from, or -1 when the parser records none.
	Pos int
}

// ConstraintType is the kind of a table constraint.
type ConstraintType string

// Constraint types.
const (
	ConstraintCheck      ConstraintType = "CHECK"
	ConstraintForeignKey ConstraintType = "FOREIGN KEY"
	ConstraintPrimaryKey ConstraintType = "PRIMARY KEY"
	ConstraintUnique     ConstraintType = "UNIQUE"
	ConstraintExclusion  ConstraintType = "EXCLUDE"
	ConstraintNotNull    ConstraintType = "NOT NULL"
	ConstraintUnknown    ConstraintType = "CONSTRAINT"
)

// A Constraint describes the constraint an action adds, validates or drops.
type Constraint struct {
	Type ConstraintType
	Name string // "" when PostgreSQL will choose it
	// NotValid reports NOT VALID: existing rows are not checked now.
	NotValid bool
	// UsingIndex names the existing index of ADD ... USING INDEX.
	UsingIndex string
	Columns    []string
	References Name // the referenced table of a foreign key
	// NotNullColumn is set for a CHECK (col IS NOT NULL).
	NotNullColumn string
}

// Lock returns the strongest lock the statement takes on a relation that
// is not new.
func (e Effect) Lock() Lock {
	var l Lock
	for _, r := range e.Relations {
		if !r.New && r.Lock > l {
			l = r.Lock
		}
	}
	return l
}

// Rewrites reports whether the statement rewrites a relation that is not new.
func (e Effect) Rewrites() bool {
	for _, r := range e.Relations {
		if r.Rewrite && !r.New {
			return true
		}
	}
	return false
}

// Scans reports whether the statement reads in full a relation that is not new.
func (e Effect) Scans() bool {
	for _, r := range e.Relations {
		if r.Scan && !r.New {
			return true
		}
	}
	return false
}

// Relation returns the entry for name.
func (e Effect) Relation(name Name) (Relation, bool) {
	for _, r := range e.Relations {
		if r.Name == name {
			return r, true
		}
	}
	return Relation{}, false
}

// String summarises the effect on one line, for example
//
//	ALTER TABLE: public.users ACCESS EXCLUSIVE rewrite; destructive
//
// internal/plan puts such lines in `--` comments above each statement.
func (e Effect) String() string {
	var b strings.Builder
	b.WriteString(e.Tag)
	b.WriteString(":")
	if len(e.Relations) == 0 {
		b.WriteString(" no lock on existing relations")
	}
	for i, r := range e.Relations {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s %s", r.Name, r.Lock)
		if r.Rewrite {
			b.WriteString(" rewrite")
		}
		if r.Scan {
			b.WriteString(" scan")
		}
		if r.New {
			b.WriteString(" (new)")
		}
	}
	if !e.Transactional {
		b.WriteString("; not in a transaction")
	}
	if e.RequiresTransaction {
		b.WriteString("; needs a transaction")
	}
	if e.Destructive {
		b.WriteString("; destructive")
	}
	return b.String()
}
