package schema

import "github.com/hashicorp/hcl/v2"

// A Realm is the schema of one database: the schemas schemactl manages and
// the extensions installed in it.
type Realm struct {
	Schemas    []*Schema
	Extensions []*Extension
	// Privileges and DefaultPrivileges are the grants of the realm's
	// objects; see Privilege for when they are managed.
	Privileges        []*Privilege
	DefaultPrivileges []*DefaultPrivilege
	// Roles are the roles a desired state declares; on the current side,
	// the same roles as the server has them (read only when roles are
	// managed: see diff.Options.ManageRoles).
	Roles []*Role
}

// A Schema is a PostgreSQL schema (namespace) and the objects in it.
type Schema struct {
	Name       string
	Tables     []*Table
	Enums      []*Enum
	Domains    []*Domain
	Composites []*Composite
	Sequences  []*Sequence
	Views      []*View     // views and materialized views
	Functions  []*Function // functions and procedures, overloads included
	Comment    string
	Realm      *Realm    `json:"-"` // back-reference, set by (*Realm).Link
	DeclRange  hcl.Range // where it was declared; zero when inspected
}

// An Extension is an installed extension.
type Extension struct {
	Name      string
	Schema    string // the schema its objects live in
	Version   string // "" for the default version
	Comment   string
	DeclRange hcl.Range
}

// A Table is an ordinary, unlogged or partitioned table, or a partition.
//
// Columns keep catalog (attnum) or declaration order and are never sorted:
// column order is visible to users, to SELECT * and to COPY.
type Table struct {
	Schema       *Schema `json:"-"` // back-reference, set by (*Realm).Link
	Name         string
	Unlogged     bool
	Columns      []*Column
	PartitionKey *PartitionKey // non-nil for a partitioned table
	PartitionOf  *PartitionOf  // non-nil for a partition of another table
	PrimaryKey   *Key          // nil when the table has none
	Uniques      []*Key        // UNIQUE constraints
	Indexes      []*Index      // indexes that back no constraint
	ForeignKeys  []*ForeignKey
	Checks       []*Check
	Excludes     []*Exclude
	// Inherits lists the parents of a table that uses INHERITS, in order.
	Inherits []QualifiedName
	Triggers []*Trigger
	// RowSecurity and ForceRowSecurity are ALTER TABLE ... ENABLE / FORCE
	// ROW LEVEL SECURITY; Policies take effect only with RowSecurity.
	RowSecurity      bool
	ForceRowSecurity bool
	Policies         []*Policy
	Comment          string
	RenamedFrom      string // previous name declared with renamed_from in HCL; "" otherwise
	DeclRange        hcl.Range
}

// A Column is a column of a table.
type Column struct {
	Table     *Table `json:"-"` // back-reference, set by (*Realm).Link
	Name      string
	Type      string // format_type() spelling: "character varying(255)", "public.status[]"
	Collation string // "" for the type's default collation; otherwise as "schema"."name" prints, e.g. "C"
	NotNull   bool
	Default   Expr      // "" when absent
	Identity  *Identity // nil unless GENERATED ... AS IDENTITY
	Generated Expr      // expression of a stored generated column, "" otherwise
	Comment   string
	DeclRange hcl.Range
	// RenamedFrom is the previous name declared with renamed_from in HCL; "" otherwise.
	RenamedFrom string
	// Inherited reports that the column comes from a parent named in the
	// table's Inherits (pg_attribute.attinhcount > 0), whether or not the
	// child declares it too: CREATE TABLE leaves it to INHERITS, and a
	// change of its type is made on the parent, which carries it down.
	// Its NOT NULL and default are still the child's own.
	Inherited bool `json:",omitempty"`
}

// Serial column types. A column is inspected as serial when its sequence is
// owned by it, has its default options and the name PostgreSQL gives it
// (<table>_<column>_seq), which is exactly what `serial` creates.
const (
	TypeSmallSerial = "smallserial"
	TypeSerial      = "serial"
	TypeBigSerial   = "bigserial"
)

// An Expr is SQL expression text as PostgreSQL prints it back (pg_get_expr).
// Before a dev database made it canonical, it is the text the user wrote.
type Expr string

// Identity is the identity specification of a column.
type Identity struct {
	Always   bool            // GENERATED ALWAYS (true) or BY DEFAULT (false)
	Sequence SequenceOptions // options of the implicit sequence
}

// SequenceOptions are the options of a sequence. A nil field means the
// default for the sequence's type and direction; Normalize clears fields that
// equal their default, so that the catalog and HCL compare equal.
type SequenceOptions struct {
	Start     *int64
	Increment *int64 // default 1
	MinValue  *int64
	MaxValue  *int64
	Cache     *int64 // default 1
	Cycle     bool
}

// A PartitionKey is the PARTITION BY clause of a partitioned table.
type PartitionKey struct {
	Strategy string // "RANGE", "LIST" or "HASH"
	Parts    []*PartitionPart
}

// A PartitionPart is one column or expression of a partition key.
type PartitionPart struct {
	Column    string // "" when Expr is set
	Expr      Expr
	Collation string
	OpClass   string
}

// PartitionOf makes a table a partition of Parent.
type PartitionOf struct {
	Parent QualifiedName
	Bound  string // pg_get_expr(relpartbound): "FOR VALUES FROM (1) TO (10)", "DEFAULT"
}

// A Key is a PRIMARY KEY or UNIQUE constraint, with the index that backs it.
type Key struct {
	Table             *Table `json:"-"` // back-reference, set by (*Realm).Link
	Name              string
	Columns           []string
	Include           []string // INCLUDE columns
	NullsNotDistinct  bool     // UNIQUE NULLS NOT DISTINCT (PostgreSQL >= 15)
	Deferrable        bool
	InitiallyDeferred bool
	StorageParams     []StorageParam // WITH (...) of the backing index
	Comment           string         // comment on the constraint
	DeclRange         hcl.Range
}

// A StorageParam is one name=value pair of a WITH (...) clause.
type StorageParam struct {
	Name  string
	Value string
}

// An Index is an index that backs no constraint.
type Index struct {
	Table            *Table `json:"-"` // back-reference, set by (*Realm).Link
	Name             string
	Unique           bool
	Method           string // access method, e.g. "btree", "gin"
	Parts            []*IndexPart
	Include          []string
	Predicate        Expr // WHERE clause of a partial index
	NullsNotDistinct bool
	StorageParams    []StorageParam
	Comment          string
	RenamedFrom      string // previous name declared with renamed_from in HCL; "" otherwise
	DeclRange        hcl.Range
}

// An IndexPart is one key column or expression of an index.
type IndexPart struct {
	Column        string // "" when Expr is set
	Expr          Expr
	Collation     string
	OpClass       string         // "" for the default operator class
	OpClassParams []StorageParam // e.g. siglen=32 for gist_trgm_ops
	Desc          bool
	NullsFirst    bool // only stored when it differs from the default for the direction
	NullsLast     bool
}

// Foreign key actions and match types as PostgreSQL spells them.
const (
	NoAction   = "NO ACTION"
	Restrict   = "RESTRICT"
	Cascade    = "CASCADE"
	SetNull    = "SET NULL"
	SetDefault = "SET DEFAULT"

	MatchSimple  = "SIMPLE"
	MatchFull    = "FULL"
	MatchPartial = "PARTIAL"
)

// A ForeignKey is a FOREIGN KEY constraint.
type ForeignKey struct {
	Table             *Table `json:"-"` // back-reference, set by (*Realm).Link
	Name              string
	Columns           []string
	RefTable          QualifiedName
	RefColumns        []string
	Match             string   // MatchSimple, MatchFull or MatchPartial
	OnDelete          string   // NoAction unless set
	OnDeleteColumns   []string // ON DELETE SET NULL (a, b) (PostgreSQL >= 15)
	OnUpdate          string
	Deferrable        bool
	InitiallyDeferred bool
	NotValid          bool
	Comment           string
	DeclRange         hcl.Range
}

// A Check is a CHECK constraint of a table or a domain.
type Check struct {
	Name      string
	Expr      Expr // the condition without CHECK and its outer parentheses
	NoInherit bool
	NotValid  bool
	Comment   string
	DeclRange hcl.Range
	// Inherited reports that a table's check comes from a parent named in
	// its Inherits (pg_constraint.coninhcount > 0): it is added, changed
	// and dropped on the parent, which carries it down. Never set on a
	// domain's checks.
	Inherited bool `json:",omitempty"`
}

// An Exclude is an EXCLUDE constraint.
type Exclude struct {
	Table             *Table `json:"-"` // back-reference, set by (*Realm).Link
	Name              string
	Method            string // access method, "gist" unless set
	Elements          []*ExcludeElement
	Include           []string
	Predicate         Expr
	StorageParams     []StorageParam
	Deferrable        bool
	InitiallyDeferred bool
	Comment           string
	DeclRange         hcl.Range
}

// An ExcludeElement is one "element WITH operator" of an EXCLUDE constraint.
type ExcludeElement struct {
	IndexPart
	Operator string // e.g. "=", "&&"
}

// An Enum is an enumerated type.
type Enum struct {
	Schema    *Schema `json:"-"` // back-reference, set by (*Realm).Link
	Name      string
	Values    []string // in sort order
	Comment   string
	DeclRange hcl.Range
	// RenamedValues maps a value to its previous label, as declared with
	// renamed_values in HCL (ALTER TYPE ... RENAME VALUE); nil otherwise.
	RenamedValues map[string]string
}

// A Domain is a domain type.
type Domain struct {
	Schema    *Schema `json:"-"` // back-reference, set by (*Realm).Link
	Name      string
	Type      string // the underlying type, format_type spelling
	Collation string
	NotNull   bool
	Default   Expr
	Checks    []*Check
	Comment   string
	DeclRange hcl.Range
}

// A Composite is a composite type (CREATE TYPE ... AS (...)).
type Composite struct {
	Schema    *Schema `json:"-"` // back-reference, set by (*Realm).Link
	Name      string
	Fields    []*Field
	Comment   string
	DeclRange hcl.Range
}

// A Field is an attribute of a composite type.
type Field struct {
	Name      string
	Type      string
	Collation string
	Comment   string
	DeclRange hcl.Range
}

// A Sequence is a standalone sequence (not one that backs an identity or a
// serial column).
type Sequence struct {
	Schema    *Schema `json:"-"` // back-reference, set by (*Realm).Link
	Name      string
	Type      string // "bigint" unless set: "smallint", "integer" or "bigint"
	Options   SequenceOptions
	OwnedBy   *ColumnRef // OWNED BY table.column, nil for none
	Comment   string
	DeclRange hcl.Range
}

// A ColumnRef names a column of a table.
type ColumnRef struct {
	Table  QualifiedName
	Column string
}

// A QualifiedName is a schema-qualified object name, both parts unquoted.
type QualifiedName struct {
	Schema string
	Name   string
}

// String returns the name as PostgreSQL would print it, quoting each part
// only where needed: public.users, "My Schema"."Users".
func (q QualifiedName) String() string {
	if q.Schema == "" {
		return QuoteIdent(q.Name)
	}
	return QuoteIdent(q.Schema) + "." + QuoteIdent(q.Name)
}
