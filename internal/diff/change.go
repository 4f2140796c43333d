package diff

import (
	"fmt"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// A Change is one difference between two realms. Only this package
// implements Change; a type switch over its concrete types (all pointers)
// sees every kind of change there is.
//
// Model pointers in a change come from the realm that holds the object: a
// created or added object from the desired ("to") realm, a dropped object
// from the current ("from") realm. Changes that alter an object carry both.
type Change interface{ change() }

// Schemas and extensions.
type (
	// CreateSchema creates a schema. The objects in it are created by
	// changes of their own.
	CreateSchema struct{ Schema *schema.Schema }
	// DropSchema drops a schema, once changes of their own dropped the
	// objects in it.
	DropSchema struct{ Schema *schema.Schema }

	// CreateExtension installs an extension.
	CreateExtension struct{ Extension *schema.Extension }
	// DropExtension removes an extension.
	DropExtension struct{ Extension *schema.Extension }
	// AlterExtension updates an extension to To.Version when the versions
	// differ (To.Version "" is the default version of the server's
	// extension files, which From.Version "" stands for too), and moves it
	// to To.Schema when the schemas differ.
	AlterExtension struct{ From, To *schema.Extension }
)

// Types: enums, domains and composites.
type (
	// CreateEnum creates an enum type.
	CreateEnum struct{ Enum *schema.Enum }
	// DropEnum drops an enum type.
	DropEnum struct{ Enum *schema.Enum }
	// AddEnumValue adds Value to an existing enum, before the existing value
	// Before or after the existing value After (at most one is set; neither
	// means at the end). Enum is the desired enum.
	AddEnumValue struct {
		Enum          *schema.Enum
		Value         string
		Before, After string
	}
	// RenameEnumValue renames a value of an existing enum, as declared in
	// the desired state.
	RenameEnumValue struct {
		Enum     *schema.Enum
		From, To string
	}
	// ReplaceEnum turns enum From into To when values were removed or
	// reordered, which ALTER TYPE cannot do: the old type is renamed away, To
	// is created, Columns (existing columns of the old type or arrays of it
	// that the desired realm keeps) are converted, and the old type is dropped.
	ReplaceEnum struct {
		From, To *schema.Enum
		Columns  []ColumnUse
	}

	// CreateDomain creates a domain with its default, NOT NULL and checks.
	CreateDomain struct{ Domain *schema.Domain }
	// DropDomain drops a domain.
	DropDomain struct{ Domain *schema.Domain }
	// AlterDomain alters an existing domain; Changes holds SetDomainDefault,
	// SetDomainNotNull, AddDomainCheck, DropDomainCheck, ValidateDomainCheck
	// and CommentOn changes.
	AlterDomain struct {
		From, To *schema.Domain
		Changes  []Change
	}
	// SetDomainDefault sets the default of a domain, or drops it when
	// Default is "".
	SetDomainDefault struct {
		Domain  *schema.Domain
		Default schema.Expr
	}
	// SetDomainNotNull sets or drops NOT NULL on a domain.
	SetDomainNotNull struct {
		Domain  *schema.Domain
		NotNull bool
	}
	// AddDomainCheck adds a check constraint to a domain.
	AddDomainCheck struct {
		Domain *schema.Domain
		Check  *schema.Check
	}
	// DropDomainCheck drops a check constraint of a domain.
	DropDomainCheck struct {
		Domain *schema.Domain
		Check  *schema.Check
	}
	// ValidateDomainCheck validates a NOT VALID check of a domain.
	ValidateDomainCheck struct {
		Domain *schema.Domain
		Check  *schema.Check
	}
	// ReplaceDomain turns domain From into To when its underlying type or
	// collation changes, which ALTER DOMAIN cannot do, the way ReplaceEnum
	// does for enums.
	ReplaceDomain struct {
		From, To *schema.Domain
		Columns  []ColumnUse
	}

	// CreateComposite creates a composite type.
	CreateComposite struct{ Composite *schema.Composite }
	// DropComposite drops a composite type.
	DropComposite struct{ Composite *schema.Composite }
	// AlterComposite alters an existing composite type; Changes holds
	// AddAttribute, DropAttribute, AlterAttribute and CommentOn changes.
	AlterComposite struct {
		From, To *schema.Composite
		Changes  []Change
	}
	// AddAttribute adds an attribute to a composite type.
	AddAttribute struct {
		Composite *schema.Composite
		Field     *schema.Field
	}
	// DropAttribute drops an attribute of a composite type.
	DropAttribute struct {
		Composite *schema.Composite
		Field     *schema.Field
	}
	// AlterAttribute changes the type or collation of an attribute.
	AlterAttribute struct {
		Composite *schema.Composite
		From, To  *schema.Field
	}
)

// Sequences.
type (
	// CreateSequence creates a standalone sequence. Its OWNED BY is set by a
	// SetSequenceOwner change, since the owning table may not exist yet.
	CreateSequence struct{ Sequence *schema.Sequence }
	// DropSequence drops a standalone sequence.
	DropSequence struct{ Sequence *schema.Sequence }
	// AlterSequence changes the type or options of a sequence.
	AlterSequence struct{ From, To *schema.Sequence }
	// SetSequenceOwner changes the OWNED BY of a sequence from From to To
	// (nil means none).
	SetSequenceOwner struct {
		Sequence *schema.Sequence
		From, To *schema.ColumnRef
	}
)

// Tables.
type (
	// CreateTable creates a table with its columns, primary key, unique,
	// check and exclusion constraints, indexes, foreign keys and comments.
	CreateTable struct{ Table *schema.Table }
	// DropTable drops a table and its data. ForeignKeysFirst are foreign
	// keys of the table that must be dropped before the rest of the plan
	// runs, because the kept key they reference is dropped or replaced
	// (PostgreSQL refuses to drop a key that a foreign key uses).
	DropTable struct {
		Table            *schema.Table
		ForeignKeysFirst []*schema.ForeignKey
	}
	// RenameTable renames a table as declared by To.RenamedFrom.
	RenameTable struct{ From, To *schema.Table }
	// AlterTable alters an existing table; Changes holds the changes of its
	// columns, constraints, indexes, persistence, partition and comments.
	AlterTable struct {
		From, To *schema.Table
		Changes  []Change
	}

	// SetLogged makes a table logged (SET LOGGED) or unlogged (SET UNLOGGED).
	SetLogged struct {
		Table  *schema.Table
		Logged bool
	}
	// AttachPartition makes Table a partition of Table.PartitionOf.Parent.
	AttachPartition struct{ Table *schema.Table }
	// DetachPartition detaches Table from Table.PartitionOf.Parent (Table is
	// the current table).
	DetachPartition struct{ Table *schema.Table }

	// AddColumn adds a column to an existing table.
	AddColumn struct {
		Column *schema.Column
		Reason string // why a column that is dropped first is added again, or ""
	}
	// DropColumn drops a column and its data.
	DropColumn struct {
		Column *schema.Column
		Reason string // why a column that is added again is dropped first, or ""
	}
	// RenameColumn renames a column as declared by To.RenamedFrom.
	RenameColumn struct{ From, To *schema.Column }
	// AlterColumn changes the properties of a column that What lists.
	AlterColumn struct {
		From, To *schema.Column
		What     ColumnChange
	}

	// AddPrimaryKey adds a primary key to an existing table.
	AddPrimaryKey struct{ Key *schema.Key }
	// DropPrimaryKey drops the primary key of a table.
	DropPrimaryKey struct{ Key *schema.Key }
	// RenameConstraint renames the primary key of a table when only its
	// name differs (ALTER TABLE ... RENAME CONSTRAINT renames its index
	// too). A table has one primary key, so nothing is guessed; the case
	// arises when a table is renamed and its key keeps the default name
	// <table>_pkey in HCL.
	RenameConstraint struct {
		Table    *schema.Table
		From, To string
	}
	// AddUnique adds a UNIQUE constraint to an existing table.
	AddUnique struct{ Key *schema.Key }
	// DropUnique drops a UNIQUE constraint.
	DropUnique struct{ Key *schema.Key }
	// AddForeignKey adds a foreign key to an existing table.
	AddForeignKey struct{ ForeignKey *schema.ForeignKey }
	// DropForeignKey drops a foreign key.
	DropForeignKey struct{ ForeignKey *schema.ForeignKey }
	// AlterForeignKey changes only the deferrability of a foreign key.
	AlterForeignKey struct{ From, To *schema.ForeignKey }
	// ValidateForeignKey validates a foreign key that was NOT VALID.
	ValidateForeignKey struct{ ForeignKey *schema.ForeignKey }
	// AddCheck adds a check constraint to an existing table.
	AddCheck struct {
		Table *schema.Table
		Check *schema.Check
	}
	// DropCheck drops a check constraint of a table.
	DropCheck struct {
		Table *schema.Table
		Check *schema.Check
	}
	// ValidateCheck validates a check constraint that was NOT VALID.
	ValidateCheck struct {
		Table *schema.Table
		Check *schema.Check
	}
	// AddExclude adds an exclusion constraint to an existing table.
	AddExclude struct{ Exclude *schema.Exclude }
	// DropExclude drops an exclusion constraint.
	DropExclude struct{ Exclude *schema.Exclude }

	// CreateIndex creates an index on an existing table.
	CreateIndex struct{ Index *schema.Index }
	// DropIndex drops an index.
	DropIndex struct{ Index *schema.Index }
	// RenameIndex renames an index as declared by To.RenamedFrom.
	RenameIndex struct{ From, To *schema.Index }
)

// CommentOn sets the comment of an object that both realms have, or removes
// it when Comment is "". The comment of an object that a change creates or
// adds (CreateTable, AddColumn, CreateIndex, AddDomainCheck, ...) is part of
// that change, as is every comment of a replaced type.
type CommentOn struct {
	Object  Object
	Comment string
}

// An ObjectKind is a kind of object that PostgreSQL can comment on.
type ObjectKind int

// The kinds of objects.
const (
	KindSchema           ObjectKind = iota + 1
	KindExtension                   // Object.Name.Name only
	KindTable                       // also a partition
	KindColumn                      // Member of table Name
	KindConstraint                  // Member: a constraint of table Name
	KindIndex                       // Name: the index, in its table's schema
	KindEnum                        //
	KindDomain                      //
	KindDomainConstraint            // Member: a check of domain Name
	KindComposite                   //
	KindAttribute                   // Member: an attribute of composite type Name
	KindSequence                    //
	KindView                        //
	KindMaterializedView            //
)

var kindNames = [...]string{
	KindSchema:           "schema",
	KindExtension:        "extension",
	KindTable:            "table",
	KindColumn:           "column",
	KindConstraint:       "constraint",
	KindIndex:            "index",
	KindEnum:             "enum",
	KindDomain:           "domain",
	KindDomainConstraint: "domain constraint",
	KindComposite:        "composite type",
	KindAttribute:        "attribute",
	KindSequence:         "sequence",
	KindView:             "view",
	KindMaterializedView: "materialized view",
}

// String returns the kind in lower-case words, e.g. "domain constraint".
func (k ObjectKind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("ObjectKind(%d)", int(k))
}

// An Object names one object of a realm.
type Object struct {
	Kind ObjectKind
	// Name is the object's schema-qualified name; for a schema or an
	// extension only Name.Name is set. For a column, constraint or
	// attribute it is the table, domain or type the member belongs to.
	Name   schema.QualifiedName
	Member string
}

// String describes the object for messages, e.g. `column public.users.email`.
func (o Object) String() string {
	s := o.Kind.String() + " " + o.Name.String()
	if o.Member != "" {
		if o.Kind == KindConstraint || o.Kind == KindDomainConstraint {
			return o.Kind.String() + " " + schema.QuoteIdent(o.Member) + " on " + o.Name.String()
		}
		s += "." + schema.QuoteIdent(o.Member)
	}
	return s
}

// ColumnChange is a bit set of the properties of a column that differ.
// (Its String is written by hand rather than by stringer, which does not
// print combinations of bits.)
type ColumnChange uint

// The properties of a column that AlterColumn changes.
const (
	ChangeType      ColumnChange = 1 << iota // type, with a USING cast where needed
	ChangeCollation                          // collation (ALTER COLUMN ... TYPE ... COLLATE)
	ChangeNotNull                            // SET or DROP NOT NULL
	ChangeDefault                            // SET or DROP DEFAULT
	ChangeIdentity                           // identity added, dropped, or its kind or options altered
	ChangeGenerated                          // a stored generated column becomes an ordinary one (DROP EXPRESSION)
)

var columnChangeNames = []string{"type", "collation", "not null", "default", "identity", "generated"}

// Is reports whether c includes every bit of x.
func (c ColumnChange) Is(x ColumnChange) bool { return c&x == x }

// String lists the changed properties, e.g. "type|not null".
func (c ColumnChange) String() string {
	var parts []string
	for i, name := range columnChangeNames {
		if c&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if rest := c &^ (1<<len(columnChangeNames) - 1); rest != 0 {
		parts = append(parts, fmt.Sprintf("%#x", uint(rest)))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// An UnsupportedError reports a difference that schemactl cannot turn into
// changes, because PostgreSQL has no way to make it in place or because it
// would need objects the model does not have.
type UnsupportedError struct {
	Object Object
	Reason string
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("cannot change %s: %s", e.Object, e.Reason)
}

func (*CreateSchema) change()        {}
func (*DropSchema) change()          {}
func (*CreateExtension) change()     {}
func (*DropExtension) change()       {}
func (*AlterExtension) change()      {}
func (*CreateEnum) change()          {}
func (*DropEnum) change()            {}
func (*AddEnumValue) change()        {}
func (*RenameEnumValue) change()     {}
func (*ReplaceEnum) change()         {}
func (*CreateDomain) change()        {}
func (*DropDomain) change()          {}
func (*AlterDomain) change()         {}
func (*SetDomainDefault) change()    {}
func (*SetDomainNotNull) change()    {}
func (*AddDomainCheck) change()      {}
func (*DropDomainCheck) change()     {}
func (*ValidateDomainCheck) change() {}
func (*ReplaceDomain) change()       {}
func (*CreateComposite) change()     {}
func (*DropComposite) change()       {}
func (*AlterComposite) change()      {}
func (*AddAttribute) change()        {}
func (*DropAttribute) change()       {}
func (*AlterAttribute) change()      {}
func (*CreateSequence) change()      {}
func (*DropSequence) change()        {}
func (*AlterSequence) change()       {}
func (*SetSequenceOwner) change()    {}
func (*CreateTable) change()         {}
func (*DropTable) change()           {}
func (*RenameTable) change()         {}
func (*AlterTable) change()          {}
func (*SetLogged) change()           {}
func (*AttachPartition) change()     {}
func (*DetachPartition) change()     {}
func (*AddColumn) change()           {}
func (*DropColumn) change()          {}
func (*RenameColumn) change()        {}
func (*AlterColumn) change()         {}
func (*AddPrimaryKey) change()       {}
func (*DropPrimaryKey) change()      {}
func (*RenameConstraint) change()    {}
func (*AddUnique) change()           {}
func (*DropUnique) change()          {}
func (*AddForeignKey) change()       {}
func (*DropForeignKey) change()      {}
func (*AlterForeignKey) change()     {}
func (*ValidateForeignKey) change()  {}
func (*AddCheck) change()            {}
func (*DropCheck) change()           {}
func (*ValidateCheck) change()       {}
func (*AddExclude) change()          {}
func (*DropExclude) change()         {}
func (*CreateIndex) change()         {}
func (*DropIndex) change()           {}
func (*RenameIndex) change()         {}
func (*CommentOn) change()           {}
