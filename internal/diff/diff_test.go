package diff_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/schema"
)

// describe prints changes one a line, sub-changes indented, with the
// fields that matter to a reader.
func describe(changes []diff.Change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, line(c))
		var subs []diff.Change
		switch c := c.(type) {
		case *diff.AlterTable:
			subs = c.Changes
		case *diff.AlterDomain:
			subs = c.Changes
		case *diff.AlterComposite:
			subs = c.Changes
		}
		for _, sc := range subs {
			out = append(out, "  "+line(sc))
		}
	}
	return out
}

func line(c diff.Change) string {
	switch c := c.(type) {
	case *diff.CreateSchema:
		return "CreateSchema " + c.Schema.Name
	case *diff.DropSchema:
		return "DropSchema " + c.Schema.Name
	case *diff.CreateExtension:
		return "CreateExtension " + c.Extension.Name
	case *diff.DropExtension:
		return "DropExtension " + c.Extension.Name
	case *diff.AlterExtension:
		return fmt.Sprintf("AlterExtension %s %s/%s -> %s/%s", c.To.Name, c.From.Schema, c.From.Version, c.To.Schema, c.To.Version)
	case *diff.CreateEnum:
		return "CreateEnum " + c.Enum.QualifiedName().String()
	case *diff.DropEnum:
		return "DropEnum " + c.Enum.QualifiedName().String()
	case *diff.AddEnumValue:
		return fmt.Sprintf("AddEnumValue %s %q before=%q after=%q", c.Enum.QualifiedName(), c.Value, c.Before, c.After)
	case *diff.RenameEnumValue:
		return fmt.Sprintf("RenameEnumValue %s %q -> %q", c.Enum.QualifiedName(), c.From, c.To)
	case *diff.ReplaceEnum:
		return fmt.Sprintf("ReplaceEnum %s uses=%s", c.To.QualifiedName(), uses(c.Columns))
	case *diff.CreateDomain:
		return "CreateDomain " + c.Domain.QualifiedName().String()
	case *diff.DropDomain:
		return "DropDomain " + c.Domain.QualifiedName().String()
	case *diff.AlterDomain:
		return "AlterDomain " + c.To.QualifiedName().String()
	case *diff.ReplaceDomain:
		return fmt.Sprintf("ReplaceDomain %s uses=%s", c.To.QualifiedName(), uses(c.Columns))
	case *diff.SetDomainDefault:
		return fmt.Sprintf("SetDomainDefault %q", c.Default)
	case *diff.SetDomainNotNull:
		return fmt.Sprintf("SetDomainNotNull %v", c.NotNull)
	case *diff.AddDomainCheck:
		return "AddDomainCheck " + c.Check.Name
	case *diff.DropDomainCheck:
		return "DropDomainCheck " + c.Check.Name
	case *diff.ValidateDomainCheck:
		return "ValidateDomainCheck " + c.Check.Name
	case *diff.CreateComposite:
		return "CreateComposite " + c.Composite.QualifiedName().String()
	case *diff.DropComposite:
		return "DropComposite " + c.Composite.QualifiedName().String()
	case *diff.AlterComposite:
		return "AlterComposite " + c.To.QualifiedName().String()
	case *diff.AddAttribute:
		return "AddAttribute " + c.Field.Name
	case *diff.DropAttribute:
		return "DropAttribute " + c.Field.Name
	case *diff.AlterAttribute:
		return fmt.Sprintf("AlterAttribute %s %s -> %s", c.To.Name, c.From.Type, c.To.Type)
	case *diff.CreateSequence:
		return "CreateSequence " + c.Sequence.QualifiedName().String()
	case *diff.DropSequence:
		return "DropSequence " + c.Sequence.QualifiedName().String()
	case *diff.AlterSequence:
		return "AlterSequence " + c.To.QualifiedName().String()
	case *diff.SetSequenceOwner:
		return fmt.Sprintf("SetSequenceOwner %s %s -> %s", c.Sequence.QualifiedName(), ref(c.From), ref(c.To))
	case *diff.CreateTable:
		return "CreateTable " + c.Table.QualifiedName().String()
	case *diff.DropTable:
		return "DropTable " + c.Table.QualifiedName().String()
	case *diff.RenameTable:
		return fmt.Sprintf("RenameTable %s -> %s", c.From.QualifiedName(), c.To.QualifiedName())
	case *diff.AlterTable:
		return "AlterTable " + c.To.QualifiedName().String()
	case *diff.SetLogged:
		return fmt.Sprintf("SetLogged %v", c.Logged)
	case *diff.AttachPartition:
		return "AttachPartition " + c.Table.PartitionOf.Bound
	case *diff.DetachPartition:
		return "DetachPartition " + c.Table.PartitionOf.Bound
	case *diff.AddColumn:
		return "AddColumn " + c.Column.Name
	case *diff.DropColumn:
		return "DropColumn " + c.Column.Name
	case *diff.RenameColumn:
		return fmt.Sprintf("RenameColumn %s -> %s", c.From.Name, c.To.Name)
	case *diff.AlterColumn:
		return fmt.Sprintf("AlterColumn %s %s", c.To.Name, c.What)
	case *diff.AddPrimaryKey:
		return "AddPrimaryKey " + c.Key.Name
	case *diff.DropPrimaryKey:
		return "DropPrimaryKey " + c.Key.Name
	case *diff.RenameConstraint:
		return fmt.Sprintf("RenameConstraint %s -> %s", c.From, c.To)
	case *diff.AddUnique:
		return "AddUnique " + c.Key.Name
	case *diff.DropUnique:
		return "DropUnique " + c.Key.Name
	case *diff.AddForeignKey:
		return "AddForeignKey " + c.ForeignKey.Name
	case *diff.DropForeignKey:
		return "DropForeignKey " + c.ForeignKey.Name
	case *diff.AlterForeignKey:
		return "AlterForeignKey " + c.To.Name
	case *diff.ValidateForeignKey:
		return "ValidateForeignKey " + c.ForeignKey.Name
	case *diff.AddCheck:
		return "AddCheck " + c.Check.Name
	case *diff.DropCheck:
		return "DropCheck " + c.Check.Name
	case *diff.ValidateCheck:
		return "ValidateCheck " + c.Check.Name
	case *diff.AddExclude:
		return "AddExclude " + c.Exclude.Name
	case *diff.DropExclude:
		return "DropExclude " + c.Exclude.Name
	case *diff.CreateIndex:
		return "CreateIndex " + c.Index.Name
	case *diff.DropIndex:
		return "DropIndex " + c.Index.Name
	case *diff.RenameIndex:
		return fmt.Sprintf("RenameIndex %s -> %s", c.From.Name, c.To.Name)
	case *diff.CommentOn:
		return fmt.Sprintf("CommentOn %s %q", c.Object, c.Comment)
	}
	return fmt.Sprintf("%T", c)
}

func uses(us []diff.ColumnUse) string {
	var parts []string
	for _, u := range us {
		parts = append(parts, u.From.Table.Name+"."+u.From.Name+"->"+u.To.Name)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func ref(r *schema.ColumnRef) string {
	if r == nil {
		return "none"
	}
	return r.Table.String() + "." + r.Column
}

func decode(t *testing.T, src string) *schema.Realm {
	t.Helper()
	if src == "" {
		return nil
	}
	r, diags := hclschema.DecodeBytes([]byte(src), "test.hcl")
	if diags.HasErrors() {
		t.Fatalf("decode: %v", diags)
	}
	return r
}

const pub = "schema \"public\" {}\n"

func table(name, body string) string {
	return "table \"" + name + "\" {\n  schema = schema.public\n" + body + "}\n"
}

func col(name, typ, more string) string {
	return "  column \"" + name + "\" {\n    type = " + typ + "\n" + more + "  }\n"
}

const pk = "  primary_key {\n    columns = [column.id]\n  }\n"

var id = col("id", "bigint", "")

func TestRealms(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		opts     diff.Options
		want     []string
	}{
		{
			name: "equal realms give no changes",
			from: pub + table("t", id+col("a", "text", "    default = \"x\"\n")+pk),
			to:   pub + table("t", id+col("a", "text", "    default = \"x\"\n")+pk),
			want: nil,
		},
		{
			name: "column order alone is not a change",
			from: pub + table("t", id+col("a", "text", "")+col("b", "text", "")),
			to:   pub + table("t", col("b", "text", "")+id+col("a", "text", "")),
			want: nil,
		},
		{
			name: "from nothing",
			to:   "schema \"app\" {}\n" + "table \"t\" {\n  schema = schema.app\n" + id + "}\n",
			want: []string{"CreateSchema app", "CreateTable app.t"},
		},
		{
			name: "schemas neither declared nor named are left alone",
			from: pub + "schema \"other\" {}\n",
			to:   pub,
			want: nil,
		},
		{
			name: "a schema named in Options is dropped with its objects",
			from: pub + "schema \"old\" {}\ntable \"t\" {\n  schema = schema.old\n" + id + "}\nenum \"e\" {\n  schema = schema.old\n  values = [\"a\"]\n}\n",
			to:   pub,
			opts: diff.Options{Schemas: []string{"old"}},
			want: []string{"DropEnum old.e", "DropTable old.t", "DropSchema old"},
		},
		{
			name: "extensions of unmanaged schemas are left alone",
			from: pub + "schema \"ext\" {}\nextension \"citext\" {\n  schema = schema.ext\n}\nextension \"hstore\" {\n  schema = schema.public\n}\n",
			to:   pub,
			want: []string{"DropExtension hstore"},
		},
		{
			// A version is set only when it is not the default (inspect
			// clears the default one): unset means "the default version".
			name: "an extension version left unset goes to the default version",
			from: pub + "extension \"citext\" {\n  schema = schema.public\n  version = \"1.4\"\n}\n",
			to:   pub + "extension \"citext\" {\n  schema = schema.public\n}\n",
			want: []string{"AlterExtension citext public/1.4 -> public/"},
		},
		{
			name: "an extension at the default version on both sides is not a change",
			from: pub + "extension \"citext\" {\n  schema = schema.public\n}\n",
			to:   pub + "extension \"citext\" {\n  schema = schema.public\n}\n",
			want: nil,
		},
		{
			name: "declared table rename, with a column rename inside",
			from: pub + table("old", id+col("a", "text", "")),
			to:   pub + table("new", "  renamed_from = \"old\"\n"+id+col("b", "text", "    renamed_from = \"a\"\n")),
			want: []string{"RenameTable public.old -> public.new", "AlterTable public.new", "  RenameColumn a -> b"},
		},
		{
			name: "a renamed table's primary key keeps its definition and takes the new default name",
			from: pub + table("old", id+pk),
			to:   pub + table("new", "  renamed_from = \"old\"\n"+id+pk),
			want: []string{"RenameTable public.old -> public.new", "AlterTable public.new", "  RenameConstraint old_pkey -> new_pkey"},
		},
		{
			name: "a rename already applied is not a change",
			from: pub + table("new", id),
			to:   pub + table("new", "  renamed_from = \"old\"\n"+id),
			want: nil,
		},
		{
			name: "without renamed_from, a drop and an add are never a rename",
			from: pub + table("t", id+col("a", "text", "")),
			to:   pub + table("t", id+col("b", "text", "")),
			want: []string{"AlterTable public.t", "  DropColumn a", "  AddColumn b"},
		},
		{
			name: "column properties",
			from: pub + table("t", col("a", "integer", "    null = true\n")+col("b", "text", "    default = \"x\"\n")+col("c", "text", "")),
			to:   pub + table("t", col("a", "bigint", "")+col("b", "text", "")+col("c", "text", "    collate = \"C\"\n    comment = \"see\"\n")),
			want: []string{"AlterTable public.t", "  AlterColumn a type|not null", "  AlterColumn b default", "  AlterColumn c collation", "  CommentOn column public.t.c \"see\""},
		},
		{
			name: "identity options equal to the defaults are no change",
			from: pub + table("t", col("a", "integer", "    identity {\n      generated = ALWAYS\n    }\n")),
			to:   pub + table("t", col("a", "integer", "    identity {\n      generated = ALWAYS\n      start = 1\n      increment = 1\n      max_value = 2147483647\n    }\n")),
			want: nil,
		},
		{
			name: "identity kind and options",
			from: pub + table("t", col("a", "integer", "    identity {\n      generated = ALWAYS\n    }\n")),
			to:   pub + table("t", col("a", "integer", "    identity {\n      generated = BY_DEFAULT\n      cache = 10\n    }\n")),
			want: []string{"AlterTable public.t", "  AlterColumn a identity"},
		},
		{
			name: "a changed generated expression drops and adds the column and what depends on it",
			from: pub + table("t", id+col("g", "text", "    as {\n      expr = \"id::text\"\n      type = STORED\n    }\n")+"  index \"t_g_idx\" {\n    columns = [column.g]\n  }\n  index \"t_expr_idx\" {\n    on {\n      expr = \"lower(g)\"\n    }\n  }\n  index \"t_id_idx\" {\n    columns = [column.id]\n  }\n  check \"t_g_check\" {\n    expr = \"g <> ''\"\n  }\n"),
			to:   pub + table("t", id+col("g", "text", "    as {\n      expr = \"(id + 1)::text\"\n      type = STORED\n    }\n")+"  index \"t_g_idx\" {\n    columns = [column.g]\n  }\n  index \"t_expr_idx\" {\n    on {\n      expr = \"lower(g)\"\n    }\n  }\n  index \"t_id_idx\" {\n    columns = [column.id]\n  }\n  check \"t_g_check\" {\n    expr = \"g <> ''\"\n  }\n"),
			want: []string{"AlterTable public.t", "  DropCheck t_g_check", "  DropIndex t_expr_idx", "  DropIndex t_g_idx", "  DropColumn g", "  AddColumn g", "  AddCheck t_g_check", "  CreateIndex t_expr_idx", "  CreateIndex t_g_idx"},
		},
		{
			name: "a generated column that becomes ordinary keeps its values",
			from: pub + table("t", id+col("g", "text", "    as {\n      expr = \"id::text\"\n      type = STORED\n    }\n")),
			to:   pub + table("t", id+col("g", "text", "")),
			want: []string{"AlterTable public.t", "  AlterColumn g generated"},
		},
		{
			name: "enum values added at their positions",
			from: pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"b\", \"d\"]\n}\n",
			to:   pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n}\n",
			want: []string{
				`AddEnumValue public.e "a" before="b" after=""`,
				`AddEnumValue public.e "c" before="" after="b"`,
				`AddEnumValue public.e "e" before="" after="d"`,
			},
		},
		{
			name: "enum value renamed, then one added after it",
			from: pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"a\", \"b\"]\n}\n",
			to:   pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"a\", \"bee\", \"c\"]\n  renamed_values = { bee = \"b\" }\n}\n",
			want: []string{`RenameEnumValue public.e "b" -> "bee"`, `AddEnumValue public.e "c" before="" after="bee"`},
		},
		{
			name: "a removed enum value replaces the type and lists the columns to convert",
			from: pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"a\", \"b\"]\n}\n" + table("t", id+col("x", "enum.e", "")+col("xs", "sql(\"public.e[]\")", "")+col("gone", "enum.e", "")+col("y", "text", "")),
			to:   pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"a\"]\n}\n" + table("t", id+col("x2", "enum.e", "    renamed_from = \"x\"\n")+col("xs", "sql(\"public.e[]\")", "")+col("y", "text", "")),
			want: []string{"ReplaceEnum public.e uses=[t.x->x2 t.xs->xs]", "AlterTable public.t", "  DropColumn gone", "  RenameColumn x -> x2"},
		},
		{
			name: "an enum under a domain cannot be replaced",
			from: pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"a\", \"b\"]\n}\ndomain \"d\" {\n  schema = schema.public\n  type = enum.e\n}\n",
			to:   pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"b\", \"a\"]\n}\ndomain \"d\" {\n  schema = schema.public\n  type = enum.e\n}\n",
			want: []string{"error: cannot change enum public.e: the type must be replaced (values removed or reordered, or its base type changed) but domain public.d is based on it"},
		},
		{
			name: "domain changes in place, and a replaced domain",
			from: pub + "domain \"d\" {\n  schema = schema.public\n  type = text\n  null = true\n  check \"c1\" {\n    expr = \"VALUE <> ''\"\n    not_valid = true\n  }\n}\ndomain \"n\" {\n  schema = schema.public\n  type = integer\n}\n" + table("t", col("n", "domain.n", "")),
			to:   pub + "domain \"d\" {\n  schema = schema.public\n  type = text\n  default = \"x\"\n  check \"c1\" {\n    expr = \"VALUE <> ''\"\n  }\n  check \"c2\" {\n    expr = \"length(VALUE) < 9\"\n  }\n}\ndomain \"n\" {\n  schema = schema.public\n  type = bigint\n}\n" + table("t", col("n", "domain.n", "")),
			want: []string{"AlterDomain public.d", "  SetDomainDefault \"'x'\"", "  SetDomainNotNull true", "  ValidateDomainCheck c1", "  AddDomainCheck c2", "ReplaceDomain public.n uses=[t.n->n]"},
		},
		{
			name: "composite attributes",
			from: pub + "composite \"c\" {\n  schema = schema.public\n  field \"a\" {\n    type = integer\n  }\n  field \"b\" {\n    type = text\n  }\n}\n",
			to:   pub + "composite \"c\" {\n  schema = schema.public\n  field \"a\" {\n    type = bigint\n  }\n  field \"c\" {\n    type = text\n    comment = \"new\"\n  }\n}\n",
			want: []string{"AlterComposite public.c", "  DropAttribute b", "  AlterAttribute a integer -> bigint", "  AddAttribute c"},
		},
		{
			name: "an attribute of a composite type that a column uses cannot change type",
			from: pub + "composite \"c\" {\n  schema = schema.public\n  field \"a\" {\n    type = integer\n  }\n}\n" + table("t", col("x", "composite.c", "")),
			to:   pub + "composite \"c\" {\n  schema = schema.public\n  field \"a\" {\n    type = bigint\n  }\n}\n" + table("t", col("x", "composite.c", "")),
			want: []string{"error: cannot change attribute public.c.a: PostgreSQL cannot change the type of an attribute while column public.t.x uses the type; add a new attribute, or a new type, and move the data"},
		},
		{
			name: "sequence options equal after normalization",
			from: pub + "sequence \"s\" {\n  schema = schema.public\n}\n",
			to:   pub + "sequence \"s\" {\n  schema = schema.public\n  type = bigint\n  start = 1\n  increment = 1\n  cache = 1\n}\n",
			want: nil,
		},
		{
			name: "sequence owner follows a renamed table and column",
			from: pub + "sequence \"s\" {\n  schema = schema.public\n  owned_by = table.a.column.x\n}\n" + table("a", col("x", "bigint", "")),
			to:   pub + "sequence \"s\" {\n  schema = schema.public\n  owned_by = table.b.column.y\n}\n" + table("b", "  renamed_from = \"a\"\n"+col("y", "bigint", "    renamed_from = \"x\"\n")),
			want: []string{"RenameTable public.a -> public.b", "AlterTable public.b", "  RenameColumn x -> y"},
		},
		{
			name: "a new sequence gets its owner set as a change of its own",
			to:   pub + "sequence \"s\" {\n  schema = schema.public\n  owned_by = table.a.column.x\n}\n" + table("a", col("x", "bigint", "")),
			want: []string{"CreateSchema public", "CreateSequence public.s", "SetSequenceOwner public.s none -> public.a.x", "CreateTable public.a"},
		},
		{
			name: "a foreign key to a renamed table is unchanged",
			from: pub + table("a", id+pk) + table("b", col("a_id", "bigint", "")+"  foreign_key \"b_a_fkey\" {\n    columns = [column.a_id]\n    ref_columns = [table.a.column.id]\n  }\n"),
			to:   pub + table("z", "  renamed_from = \"a\"\n"+id+"  primary_key {\n    name = \"a_pkey\"\n    columns = [column.id]\n  }\n") + table("b", col("a_id", "bigint", "")+"  foreign_key \"b_a_fkey\" {\n    columns = [column.a_id]\n    ref_columns = [table.z.column.id]\n  }\n"),
			want: []string{"RenameTable public.a -> public.z"},
		},
		{
			name: "a foreign key relying on a replaced key is dropped and added",
			from: pub + table("a", id+col("code", "text", "")+"  unique \"a_code_key\" {\n    columns = [column.code]\n  }\n") + table("b", col("code", "text", "")+"  foreign_key \"b_code_fkey\" {\n    columns = [column.code]\n    ref_columns = [table.a.column.code]\n  }\n"),
			to:   pub + table("a", id+col("code", "text", "")+"  unique \"a_code_key\" {\n    columns = [column.code]\n    storage_params = { fillfactor = 70 }\n  }\n") + table("b", col("code", "text", "")+"  foreign_key \"b_code_fkey\" {\n    columns = [column.code]\n    ref_columns = [table.a.column.code]\n  }\n"),
			want: []string{"AlterTable public.a", "  DropUnique a_code_key", "  AddUnique a_code_key", "AlterTable public.b", "  DropForeignKey b_code_fkey", "  AddForeignKey b_code_fkey"},
		},
		{
			name: "foreign key deferrability, validity and comment change in place",
			from: pub + table("a", id+pk) + table("b", col("a_id", "bigint", "")+"  foreign_key \"b_a_fkey\" {\n    columns = [column.a_id]\n    ref_columns = [table.a.column.id]\n    not_valid = true\n  }\n"),
			to:   pub + table("a", id+pk) + table("b", col("a_id", "bigint", "")+"  foreign_key \"b_a_fkey\" {\n    columns = [column.a_id]\n    ref_columns = [table.a.column.id]\n    deferrable = true\n    comment = \"x\"\n  }\n"),
			want: []string{"AlterTable public.b", "  AlterForeignKey b_a_fkey", "  ValidateForeignKey b_a_fkey", "  CommentOn constraint b_a_fkey on public.b \"x\""},
		},
		{
			name: "a valid check that should be NOT VALID is dropped and added",
			from: pub + table("t", id+"  check \"c\" {\n    expr = \"id > 0\"\n  }\n"),
			to:   pub + table("t", id+"  check \"c\" {\n    expr = \"id > 0\"\n    not_valid = true\n  }\n"),
			want: []string{"AlterTable public.t", "  DropCheck c", "  AddCheck c"},
		},
		{
			name: "index renamed, and one renamed and changed",
			from: pub + table("t", id+col("a", "text", "")+"  index \"i1\" {\n    columns = [column.a]\n  }\n  index \"i2\" {\n    columns = [column.a]\n  }\n"),
			to:   pub + table("t", id+col("a", "text", "")+"  index \"j1\" {\n    renamed_from = \"i1\"\n    columns = [column.a]\n  }\n  index \"j2\" {\n    renamed_from = \"i2\"\n    unique = true\n    columns = [column.a]\n  }\n"),
			want: []string{"AlterTable public.t", "  DropIndex i2", "  RenameIndex i1 -> j1", "  CreateIndex j2"},
		},
		{
			name: "partitions: attach, detach, and the partition key cannot change",
			from: pub + table("p", col("a", "integer", "")+"  partition {\n    type = RANGE\n    by {\n      column = column.a\n    }\n  }\n") + table("x", col("a", "integer", "")) + "table \"y\" {\n  schema = schema.public\n  partition_of = table.p\n  bound = DEFAULT\n}\n",
			to:   pub + table("p", col("a", "integer", "")+"  partition {\n    type = RANGE\n    by {\n      column = column.a\n    }\n  }\n") + "table \"x\" {\n  schema = schema.public\n  partition_of = table.p\n  bound = DEFAULT\n}\n" + table("y", col("a", "integer", "")),
			want: []string{"AlterTable public.x", "  AttachPartition DEFAULT", "AlterTable public.y", "  DetachPartition DEFAULT"},
		},
		{
			name: "partition key change",
			from: pub + table("p", col("a", "integer", "")+"  partition {\n    type = RANGE\n    by {\n      column = column.a\n    }\n  }\n"),
			to:   pub + table("p", col("a", "integer", "")+"  partition {\n    type = HASH\n    by {\n      column = column.a\n    }\n  }\n"),
			want: []string{"error: cannot change table public.p: PostgreSQL cannot change the partitioning of an existing table; create a new table and move the data"},
		},
		{
			name: "comments on every kind of object",
			from: pub + "enum \"e\" {\n  schema = schema.public\n  values = [\"a\"]\n}\nsequence \"s\" {\n  schema = schema.public\n}\n" + table("t", id+pk+"  index \"i\" {\n    columns = [column.id]\n  }\n"),
			to: "schema \"public\" {\n  comment = \"p\"\n}\nenum \"e\" {\n  schema = schema.public\n  values = [\"a\"]\n  comment = \"e\"\n}\nsequence \"s\" {\n  schema = schema.public\n  comment = \"s\"\n}\n" +
				table("t", "  comment = \"t\"\n"+col("id", "bigint", "    comment = \"c\"\n")+"  primary_key {\n    columns = [column.id]\n    comment = \"k\"\n  }\n  index \"i\" {\n    columns = [column.id]\n    comment = \"i\"\n  }\n"),
			want: []string{
				`CommentOn schema public "p"`, `CommentOn sequence public.s "s"`, `CommentOn enum public.e "e"`,
				"AlterTable public.t",
				`  CommentOn constraint t_pkey on public.t "k"`, `  CommentOn index public.i "i"`, `  CommentOn table public.t "t"`, `  CommentOn column public.t.id "c"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, err := diff.Realms(decode(t, tt.from), decode(t, tt.to), tt.opts)
			got := describe(changes)
			if err != nil {
				got = []string{"error: " + err.Error()}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("changes differ (-want +got):\n%s", d)
			}
		})
	}
}

// TestRealmsDoesNotModify checks that Realms leaves both realms as they were.
func TestRealmsDoesNotModify(t *testing.T) {
	src := pub + table("b", id+col("x", "text", "")+"  index \"z\" {\n    columns = [column.x]\n  }\n  index \"ai\" {\n    columns = [column.id]\n  }\n") + table("a", id)
	from, to := decode(t, src), decode(t, pub)
	// Put the lists out of order, as a hand-built realm may have them.
	from.Schemas[0].Tables[0], from.Schemas[0].Tables[1] = from.Schemas[0].Tables[1], from.Schemas[0].Tables[0]
	before := describeRealm(from)
	if _, err := diff.Realms(from, to, diff.Options{}); err != nil {
		t.Fatal(err)
	}
	if after := describeRealm(from); after != before {
		t.Errorf("Realms reordered its input:\nbefore %s\nafter  %s", before, after)
	}
}

func describeRealm(r *schema.Realm) string {
	var b strings.Builder
	for _, s := range r.Schemas {
		for _, t := range s.Tables {
			b.WriteString(t.Name + "(")
			for _, i := range t.Indexes {
				b.WriteString(i.Name + " ")
			}
			b.WriteString(") ")
		}
	}
	return b.String()
}

func TestUnsupportedErrorIsTyped(t *testing.T) {
	from := decode(t, pub+table("p", col("a", "integer", "")+"  partition {\n    type = RANGE\n    by {\n      column = column.a\n    }\n  }\n"))
	to := decode(t, pub+table("p", col("a", "integer", "")))
	_, err := diff.Realms(from, to, diff.Options{})
	var ue *diff.UnsupportedError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want a *diff.UnsupportedError", err)
	}
	if want := (diff.Object{Kind: diff.KindTable, Name: schema.QualifiedName{Schema: "public", Name: "p"}}); ue.Object != want {
		t.Errorf("Object = %v, want %v", ue.Object, want)
	}
}

func TestColumnChangeString(t *testing.T) {
	tests := []struct {
		c    diff.ColumnChange
		want string
	}{
		{0, "none"},
		{diff.ChangeType, "type"},
		{diff.ChangeType | diff.ChangeNotNull | diff.ChangeGenerated, "type|not null|generated"},
		{diff.ChangeIdentity | 1<<10, "identity|0x400"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%d.String() = %q, want %q", uint(tt.c), got, tt.want)
		}
	}
}
