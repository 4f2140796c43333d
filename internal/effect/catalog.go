package effect

// A Catalog answers what exists before a statement runs. Analyze uses it to
// tell an existing table from a new one, to know a column's current type (is
// ALTER COLUMN TYPE a rewrite?), whether a validated CHECK already proves
// NOT NULL, which table an index belongs to, and how big a table is.
//
// A nil Catalog means that nothing is known: every relation a statement
// names is then assumed to exist, and every question that needs the catalog
// gets the cautious answer (a type change rewrites, SET NOT NULL scans).
// internal/lint builds a Catalog from a live database; internal/plan can build
// one from a schema model. [State] layers the effects of earlier statements
// over any Catalog.
type Catalog interface {
	// Table returns the table, view, materialized view, sequence or foreign
	// table called name, and whether it exists.
	Table(name Name) (TableInfo, bool)
	// Index returns the index called name, and whether it exists.
	Index(name Name) (IndexInfo, bool)
}

// Kind is the kind of a relation, as pg_class.relkind says.
type Kind int

// Relation kinds.
const (
	KindUnknown     Kind = iota // not known to the catalog
	KindTable                   // ordinary table (relkind r)
	KindPartitioned             // partitioned table (relkind p)
	KindView                    // view (v)
	KindMatView                 // materialized view (m)
	KindIndex                   // index or partitioned index (i, I)
	KindSequence                // sequence (S)
	KindForeign                 // foreign table (f)
	KindSchema                  // every relation of a schema (REINDEX SCHEMA)
	KindDatabase                // every relation of the database (REINDEX DATABASE, VACUUM)
	// KindDomain stands for every table with a column of a domain (or of a
	// domain over it): ALTER DOMAIN ... ADD CONSTRAINT, VALIDATE CONSTRAINT
	// and SET NOT NULL lock them all SHARE while they check the column
	// values. The relation's Name is the domain's name.
	KindDomain
)

var kindNames = [...]string{"relation", "table", "partitioned table", "view", "materialized view", "index", "sequence", "foreign table", "schema", "database", "domain"}

// String returns a word for the kind, for messages.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "relation"
	}
	return kindNames[k]
}

// IsTable reports whether k holds rows of its own that a statement can lock,
// scan or rewrite (tables and materialized views; an unknown relation is
// assumed to be a table).
func (k Kind) IsTable() bool {
	return k == KindTable || k == KindPartitioned || k == KindMatView || k == KindUnknown || k == KindForeign
}

// TableInfo is what a Catalog knows about one relation.
type TableInfo struct {
	Name        Name
	Kind        Kind
	Columns     []ColumnInfo     // in attnum order
	Checks      []CheckInfo      // CHECK constraints
	ForeignKeys []ForeignKeyInfo // foreign keys of this table
	// Parent is the partitioned table this one is a partition of; zero otherwise.
	Parent Name
	// DefaultPartition is the DEFAULT partition of a partitioned table;
	// PostgreSQL locks and scans it when a partition is attached or created.
	DefaultPartition Name
	// Rows is the planner's row estimate (pg_class.reltuples); negative when
	// unknown (PostgreSQL 14+ stores -1 for a table never vacuumed or analyzed).
	Rows float64
	// Pages is pg_class.relpages, the size in 8 kB pages at the last VACUUM or ANALYZE.
	Pages int64
	// Sized reports whether Rows and Pages come from a live database.
	Sized bool
	// New reports that the relation was created earlier in the same unit (a
	// migration, a file or a plan): nobody else uses it yet and it is empty,
	// so locks on it block no one and scans of it cost nothing.
	New bool
}

// Column returns the column called name.
func (t TableInfo) Column(name string) (ColumnInfo, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return ColumnInfo{}, false
}

// ColumnInfo is one column of a table.
type ColumnInfo struct {
	Name string
	// Type is the column's type as format_type() prints it ("character
	// varying(255)", "numeric(10,2)") or as SQL spells it ("varchar(255)");
	// both are understood.
	Type    string
	NotNull bool
	// Generated reports a stored generated column: its values are computed
	// from the other columns, so dropping it loses nothing.
	Generated bool
}

// CheckInfo is one CHECK constraint.
type CheckInfo struct {
	Name string
	// NotNullColumn is set when the constraint is exactly `CHECK (col IS NOT
	// NULL)`; a validated one lets SET NOT NULL skip its scan (PostgreSQL 12+).
	// [NotNullCheckColumn] computes it from pg_get_constraintdef() text.
	NotNullColumn string
	Valid         bool // convalidated: false after ADD ... NOT VALID until VALIDATE
}

// ForeignKeyInfo is one foreign key constraint of a table.
type ForeignKeyInfo struct {
	Name       string
	Columns    []string
	References Name
	Valid      bool
}

// IndexInfo is what a Catalog knows about one index.
type IndexInfo struct {
	Name    Name
	Table   Name // the indexed table
	Unique  bool
	Primary bool
	New     bool // created earlier in the same unit, see TableInfo.New
}
