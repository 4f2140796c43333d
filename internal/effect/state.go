package effect

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// A State is a Catalog that follows a script: it starts from a base Catalog
// (nil: nothing is known) and Apply changes it the way each statement
// changes the database. Lint uses it so that an index on a table created
// earlier in the same migration is known to be harmless; internal/plan can
// use it to describe a plan statement by statement.
//
// Relations created by applied statements are New until EndUnit, which
// marks the end of a migration (or file): from then on they count as
// existing, possibly big, tables.
//
// A State only follows what matters to effects: relations, columns with
// their types and NOT NULL, CHECK and foreign key constraints, indexes,
// partitions, and enum types created in the unit. A statement it cannot
// follow leaves it unchanged.
type State struct {
	base    Catalog
	tables  map[Name]*TableInfo // overlay; nil means dropped
	indexes map[Name]*IndexInfo // overlay; nil means dropped
	types   map[Name]bool       // types created in the current unit
	schemas map[string]bool     // schemas created in the current unit
	// fresh lists what the current unit created, for EndUnit: walking
	// every known table at the end of each file made linting a long
	// migration directory quadratic.
	fresh []*bool
	moved map[Name]Name // renamed tables: old name -> new name
}

// NewState returns a State over base.
func NewState(base Catalog) *State {
	return &State{base: base, tables: map[Name]*TableInfo{}, indexes: map[Name]*IndexInfo{}, types: map[Name]bool{}, schemas: map[string]bool{}, moved: map[Name]Name{}}
}

// Table implements Catalog.
func (s *State) Table(n Name) (TableInfo, bool) {
	if t, ok := s.tables[n]; ok {
		if t == nil {
			return TableInfo{}, false
		}
		return *t, true
	}
	if s.base == nil {
		return TableInfo{}, false
	}
	return s.base.Table(n)
}

// Index implements Catalog.
func (s *State) Index(n Name) (IndexInfo, bool) {
	if ix, ok := s.indexes[n]; ok {
		if ix == nil {
			return IndexInfo{}, false
		}
		return *ix, true
	}
	if s.base == nil {
		return IndexInfo{}, false
	}
	ix, ok := s.base.Index(n)
	if !ok {
		return IndexInfo{}, false
	}
	// The index follows its table when the table was renamed, and goes away
	// with it when it was dropped.
	for i := 0; i < 100; i++ {
		to, ok := s.moved[ix.Table]
		if !ok {
			break
		}
		ix.Table = to
	}
	if t, dropped := s.tables[ix.Table]; dropped && t == nil {
		return IndexInfo{}, false
	}
	return ix, true
}

// NewType reports whether the type called n was created in the current unit.
func (s *State) NewType(n Name) bool { return s.types[n] }

// NewSchema reports whether the schema called name was created in the
// current unit: what it holds is new too.
func (s *State) NewSchema(name string) bool { return s.schemas[name] }

// EndUnit ends a migration: everything created so far counts as existing.
func (s *State) EndUnit() {
	for _, New := range s.fresh {
		*New = false
	}
	s.fresh = s.fresh[:0]
	s.types = map[Name]bool{}
	s.schemas = map[string]bool{}
}

// setTable records table t under name n in the overlay (nil: dropped).
func (s *State) setTable(n Name, t *TableInfo) {
	if t != nil && t.New {
		s.fresh = append(s.fresh, &t.New)
	}
	s.tables[n] = t
}

// setIndex records index ix under name n in the overlay (nil: dropped).
func (s *State) setIndex(n Name, ix *IndexInfo) {
	if ix != nil && ix.New {
		s.fresh = append(s.fresh, &ix.New)
	}
	s.indexes[n] = ix
}

// ApplySQL parses text and applies its statements; it is how earlier
// migrations of a directory are replayed.
func (s *State) ApplySQL(text string) error {
	stmts, err := Parse(text)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		s.Apply(st)
	}
	return nil
}

// edit returns a copy of the table called n that the overlay owns, or nil
// when no such table is known.
func (s *State) edit(n Name) *TableInfo {
	if t, ok := s.tables[n]; ok {
		return t
	}
	if s.base == nil {
		return nil
	}
	t, ok := s.base.Table(n)
	if !ok {
		return nil
	}
	c := t
	c.Columns = append([]ColumnInfo(nil), t.Columns...)
	c.Checks = append([]CheckInfo(nil), t.Checks...)
	c.ForeignKeys = append([]ForeignKeyInfo(nil), t.ForeignKeys...)
	s.setTable(n, &c)
	return &c
}

// Apply changes the state the way st changes the database.
func (s *State) Apply(st Statement) {
	if st.node == nil {
		return
	}
	switch n := st.node.Node.(type) {
	case *pg_query.Node_CreateStmt:
		s.createTable(n.CreateStmt)
	case *pg_query.Node_CreateForeignTableStmt:
		s.createTable(n.CreateForeignTableStmt.BaseStmt)
	case *pg_query.Node_CreateTableAsStmt:
		if n.CreateTableAsStmt.Into != nil {
			name := rangeVarName(n.CreateTableAsStmt.Into.Rel)
			if _, exists := s.Table(name); !exists {
				kind := KindTable
				if n.CreateTableAsStmt.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
					kind = KindMatView
				}
				s.setTable(name, &TableInfo{Name: name, Kind: kind, New: true})
			}
		}
	case *pg_query.Node_SelectStmt:
		if into := n.SelectStmt.IntoClause; into != nil {
			name := rangeVarName(into.Rel)
			s.setTable(name, &TableInfo{Name: name, Kind: KindTable, New: true})
		}
	case *pg_query.Node_ViewStmt:
		name := rangeVarName(n.ViewStmt.View)
		if _, exists := s.Table(name); !exists {
			s.setTable(name, &TableInfo{Name: name, Kind: KindView, New: true})
		}
	case *pg_query.Node_CreateSeqStmt:
		name := rangeVarName(n.CreateSeqStmt.Sequence)
		if _, exists := s.Table(name); !exists {
			s.setTable(name, &TableInfo{Name: name, Kind: KindSequence, New: true})
		}
	case *pg_query.Node_IndexStmt:
		s.createIndex(n.IndexStmt)
	case *pg_query.Node_DropStmt:
		s.drop(n.DropStmt)
	case *pg_query.Node_AlterTableStmt:
		s.alterTable(n.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		s.rename(n.RenameStmt)
	case *pg_query.Node_AlterObjectSchemaStmt:
		r := n.AlterObjectSchemaStmt
		if r.Relation != nil {
			from := rangeVarName(r.Relation)
			s.moveTable(from, Name{Schema: r.Newschema, Name: from.Name})
		}
	case *pg_query.Node_CreateEnumStmt:
		s.types[listName(n.CreateEnumStmt.TypeName)] = true
	case *pg_query.Node_CompositeTypeStmt:
		s.types[rangeVarName(n.CompositeTypeStmt.Typevar)] = true
	case *pg_query.Node_CreateDomainStmt:
		s.types[listName(n.CreateDomainStmt.Domainname)] = true
	case *pg_query.Node_CreateSchemaStmt:
		// IF NOT EXISTS may meet a schema that exists and holds tables.
		if cs := n.CreateSchemaStmt; cs.Schemaname != "" && !cs.IfNotExists {
			s.schemas[cs.Schemaname] = true
		}
	}
}

func (s *State) createTable(c *pg_query.CreateStmt) {
	name := rangeVarName(c.Relation)
	if _, exists := s.Table(name); exists {
		return // IF NOT EXISTS, or an error at run time
	}
	t := &TableInfo{Name: name, Kind: KindTable, New: true, Rows: 0, Pages: 0}
	if c.Partspec != nil {
		t.Kind = KindPartitioned
	}
	if c.Partbound != nil && len(c.InhRelations) == 1 {
		t.Parent = rangeVarName(c.InhRelations[0].GetRangeVar())
		if c.Partbound.IsDefault {
			if p := s.edit(t.Parent); p != nil {
				p.DefaultPartition = name
			}
		}
	}
	var pk []string
	for _, elt := range c.TableElts {
		switch e := elt.Node.(type) {
		case *pg_query.Node_ColumnDef:
			col := ColumnInfo{Name: e.ColumnDef.Colname, Type: typeText(e.ColumnDef.TypeName), NotNull: e.ColumnDef.IsNotNull}
			for _, cn := range e.ColumnDef.Constraints {
				con := cn.GetConstraint()
				if con == nil {
					continue
				}
				switch con.Contype {
				case pg_query.ConstrType_CONSTR_NOTNULL, pg_query.ConstrType_CONSTR_IDENTITY:
					col.NotNull = true
				case pg_query.ConstrType_CONSTR_GENERATED:
					col.Generated = true
				case pg_query.ConstrType_CONSTR_PRIMARY:
					col.NotNull = true
					s.addIndex(name, con.Indexname, con.Conname, name.Name+"_pkey", true, true)
				case pg_query.ConstrType_CONSTR_UNIQUE:
					s.addIndex(name, con.Indexname, con.Conname, name.Name+"_"+col.Name+"_key", true, false)
				case pg_query.ConstrType_CONSTR_FOREIGN:
					t.ForeignKeys = append(t.ForeignKeys, ForeignKeyInfo{Name: orDefault(con.Conname, name.Name+"_"+col.Name+"_fkey"), Columns: []string{col.Name}, References: rangeVarName(con.Pktable), Valid: true})
				case pg_query.ConstrType_CONSTR_CHECK:
					t.Checks = append(t.Checks, CheckInfo{Name: orDefault(con.Conname, name.Name+"_"+col.Name+"_check"), NotNullColumn: notNullColumn(con.RawExpr), Valid: true})
				}
			}
			if tt := typeFromNode(e.ColumnDef.TypeName, ""); tt.isSerial() {
				col.NotNull = true
			}
			t.Columns = append(t.Columns, col)
		case *pg_query.Node_Constraint:
			s.tableConstraint(t, e.Constraint, &pk)
		}
	}
	for _, cn := range c.Constraints {
		if con := cn.GetConstraint(); con != nil {
			s.tableConstraint(t, con, &pk)
		}
	}
	for i := range t.Columns {
		for _, k := range pk {
			if t.Columns[i].Name == k {
				t.Columns[i].NotNull = true
			}
		}
	}
	s.setTable(name, t)
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

func keys(nodes []*pg_query.Node) []string {
	var out []string
	for _, k := range nodes {
		out = append(out, k.GetString_().GetSval())
	}
	return out
}

// tableConstraint records a table constraint of CREATE TABLE or ADD CONSTRAINT.
func (s *State) tableConstraint(t *TableInfo, con *pg_query.Constraint, pk *[]string) {
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_CHECK:
		t.Checks = append(t.Checks, CheckInfo{Name: orDefault(con.Conname, t.Name.Name+"_check"), NotNullColumn: notNullColumn(con.RawExpr), Valid: !con.SkipValidation})
	case pg_query.ConstrType_CONSTR_FOREIGN:
		t.ForeignKeys = append(t.ForeignKeys, ForeignKeyInfo{Name: orDefault(con.Conname, t.Name.Name+"_fkey"), Columns: keys(con.FkAttrs), References: rangeVarName(con.Pktable), Valid: !con.SkipValidation})
	case pg_query.ConstrType_CONSTR_PRIMARY:
		*pk = append(*pk, keys(con.Keys)...)
		if con.Indexname != "" {
			return // USING INDEX: the index exists
		}
		s.addIndex(t.Name, "", con.Conname, t.Name.Name+"_pkey", true, true)
	case pg_query.ConstrType_CONSTR_UNIQUE, pg_query.ConstrType_CONSTR_EXCLUSION:
		if con.Indexname != "" {
			return
		}
		s.addIndex(t.Name, "", con.Conname, t.Name.Name+"_key", con.Contype == pg_query.ConstrType_CONSTR_UNIQUE, false)
	}
}

// addIndex records the index behind a constraint. PostgreSQL names it after
// the constraint, or invents a name; the invented name here follows
// PostgreSQL's pattern for the simple cases and only matters for later
// statements that name the index.
func (s *State) addIndex(table Name, indexName, conName, fallback string, unique, primary bool) {
	n := orDefault(indexName, orDefault(conName, fallback))
	ix := siblingName(table, n)
	s.setIndex(ix, &IndexInfo{Name: ix, Table: table, Unique: unique, Primary: primary, New: true})
}

func (s *State) createIndex(ix *pg_query.IndexStmt) {
	if ix.Idxname == "" {
		return
	}
	table := rangeVarName(ix.Relation)
	name := siblingName(table, ix.Idxname)
	if _, exists := s.Index(name); exists {
		return
	}
	s.setIndex(name, &IndexInfo{Name: name, Table: table, Unique: ix.Unique, Primary: ix.Primary, New: true})
}

func (s *State) drop(d *pg_query.DropStmt) {
	switch d.RemoveType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		for _, o := range d.Objects {
			name := listName(o.GetList().GetItems())
			s.setTable(name, nil)
			for k, ix := range s.indexes {
				if ix != nil && ix.Table == name {
					s.setIndex(k, nil)
				}
			}
		}
	case pg_query.ObjectType_OBJECT_INDEX:
		for _, o := range d.Objects {
			s.setIndex(listName(o.GetList().GetItems()), nil)
		}
	}
}

func (s *State) alterTable(at *pg_query.AlterTableStmt) {
	name := rangeVarName(at.Relation)
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AttachPartition:
			part := rangeVarName(cmd.Def.GetPartitionCmd().GetName())
			if p := s.edit(part); p != nil {
				p.Parent = name
			}
			if cmd.Def.GetPartitionCmd().GetBound().GetIsDefault() {
				if t := s.edit(name); t != nil {
					t.DefaultPartition = part
				}
			}
			continue
		case pg_query.AlterTableType_AT_DetachPartition:
			part := rangeVarName(cmd.Def.GetPartitionCmd().GetName())
			if p := s.edit(part); p != nil {
				p.Parent = Name{}
			}
			if t := s.edit(name); t != nil && t.DefaultPartition == part {
				t.DefaultPartition = Name{}
			}
			continue
		}
		t := s.edit(name)
		if t == nil {
			// Unknown table: start knowing it from here, as existing.
			t = &TableInfo{Name: name, Kind: relKindOf(at.Objtype), Rows: -1}
			if at.Objtype != pg_query.ObjectType_OBJECT_TABLE {
				continue
			}
			s.setTable(name, t)
		}
		s.alterTableCmd(t, cmd)
	}
}

func (s *State) alterTableCmd(t *TableInfo, cmd *pg_query.AlterTableCmd) {
	col := func(name string) *ColumnInfo {
		for i := range t.Columns {
			if t.Columns[i].Name == name {
				return &t.Columns[i]
			}
		}
		return nil
	}
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_AddColumn:
		cd := cmd.Def.GetColumnDef()
		if cd == nil || col(cd.Colname) != nil {
			return
		}
		c := ColumnInfo{Name: cd.Colname, Type: typeText(cd.TypeName), NotNull: cd.IsNotNull}
		var pk []string
		for _, cn := range cd.Constraints {
			con := cn.GetConstraint()
			if con == nil {
				continue
			}
			switch con.Contype {
			case pg_query.ConstrType_CONSTR_NOTNULL, pg_query.ConstrType_CONSTR_IDENTITY, pg_query.ConstrType_CONSTR_PRIMARY:
				c.NotNull = true
			case pg_query.ConstrType_CONSTR_GENERATED:
				c.Generated = true
			}
			if con.Contype == pg_query.ConstrType_CONSTR_FOREIGN || con.Contype == pg_query.ConstrType_CONSTR_CHECK {
				cp := &pg_query.Constraint{Contype: con.Contype, Conname: con.Conname, RawExpr: con.RawExpr,
					SkipValidation: con.SkipValidation, Pktable: con.Pktable, FkAttrs: con.FkAttrs}
				if cp.Contype == pg_query.ConstrType_CONSTR_FOREIGN && len(cp.FkAttrs) == 0 {
					cp.FkAttrs = []*pg_query.Node{{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: cd.Colname}}}}
				}
				s.tableConstraint(t, cp, &pk)
			}
		}
		t.Columns = append(t.Columns, c)
	case pg_query.AlterTableType_AT_DropColumn:
		for i := range t.Columns {
			if t.Columns[i].Name == cmd.Name {
				t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
				break
			}
		}
	case pg_query.AlterTableType_AT_AlterColumnType:
		if c := col(cmd.Name); c != nil {
			c.Type = typeText(cmd.Def.GetColumnDef().GetTypeName())
		}
	case pg_query.AlterTableType_AT_SetNotNull:
		if c := col(cmd.Name); c != nil {
			c.NotNull = true
		} else {
			t.Columns = append(t.Columns, ColumnInfo{Name: cmd.Name, NotNull: true})
		}
	case pg_query.AlterTableType_AT_DropNotNull:
		if c := col(cmd.Name); c != nil {
			c.NotNull = false
		}
	case pg_query.AlterTableType_AT_AddConstraint:
		if con := cmd.Def.GetConstraint(); con != nil {
			var pk []string
			s.tableConstraint(t, con, &pk)
			for _, k := range pk {
				if c := col(k); c != nil {
					c.NotNull = true
				}
			}
		}
	case pg_query.AlterTableType_AT_ValidateConstraint:
		for i := range t.Checks {
			if t.Checks[i].Name == cmd.Name {
				t.Checks[i].Valid = true
			}
		}
		for i := range t.ForeignKeys {
			if t.ForeignKeys[i].Name == cmd.Name {
				t.ForeignKeys[i].Valid = true
			}
		}
	case pg_query.AlterTableType_AT_DropConstraint:
		for i := range t.Checks {
			if t.Checks[i].Name == cmd.Name {
				t.Checks = append(t.Checks[:i], t.Checks[i+1:]...)
				break
			}
		}
		for i := range t.ForeignKeys {
			if t.ForeignKeys[i].Name == cmd.Name {
				t.ForeignKeys = append(t.ForeignKeys[:i], t.ForeignKeys[i+1:]...)
				break
			}
		}
	}
}

func (s *State) rename(r *pg_query.RenameStmt) {
	switch r.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		from := rangeVarName(r.Relation)
		s.moveTable(from, siblingName(from, r.Newname))
	case pg_query.ObjectType_OBJECT_INDEX:
		from := rangeVarName(r.Relation)
		ix, ok := s.Index(from)
		if !ok {
			return
		}
		s.setIndex(from, nil)
		ix.Name = siblingName(from, r.Newname)
		s.setIndex(ix.Name, &ix)
	case pg_query.ObjectType_OBJECT_COLUMN:
		if t := s.edit(rangeVarName(r.Relation)); t != nil {
			for i := range t.Columns {
				if t.Columns[i].Name == r.Subname {
					t.Columns[i].Name = r.Newname
				}
			}
			for i := range t.Checks {
				if t.Checks[i].NotNullColumn == r.Subname {
					t.Checks[i].NotNullColumn = r.Newname
				}
			}
		}
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		if t := s.edit(rangeVarName(r.Relation)); t != nil {
			for i := range t.Checks {
				if t.Checks[i].Name == r.Subname {
					t.Checks[i].Name = r.Newname
				}
			}
			for i := range t.ForeignKeys {
				if t.ForeignKeys[i].Name == r.Subname {
					t.ForeignKeys[i].Name = r.Newname
				}
			}
		}
	}
}

// moveTable renames a relation (RENAME TO, SET SCHEMA); its indexes follow.
func (s *State) moveTable(from, to Name) {
	t := s.edit(from)
	if t == nil {
		return
	}
	c := *t
	c.Name = to
	s.setTable(from, nil)
	s.setTable(to, &c)
	s.moved[from] = to
	delete(s.moved, to)
	for k, ix := range s.indexes {
		if ix != nil && ix.Table == from {
			moved := *ix
			moved.Table = to
			s.setIndex(k, &moved)
		}
	}
}
