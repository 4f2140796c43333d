package main

import "strings"

// A rule says how a cut document becomes a case: marker lines first (see
// readMarkers), then text around the snippet, or a line added inside one
// of its blocks, where the snippet is a fragment (a table body, a column
// block) or lacks the schema block it refers to.
type rule struct {
	markers       []string // "apart: REASON", "setup: SQL", "rejects: REGEXP", "wrapped: WHAT"
	before, after string
	edits         [][2]string // old, new (the first occurrence)
}

func (r rule) apply(text string) string {
	var b strings.Builder
	for _, m := range r.markers {
		b.WriteString(markerPrefix + m + "\n")
	}
	for _, e := range r.edits {
		text = strings.Replace(text, e[0], e[1], 1)
	}
	b.WriteString(r.before)
	b.WriteString(text)
	b.WriteString(r.after)
	return b.String()
}

// The rules of the unit-test documents. Atlas's tests only load these
// documents (or compare the marshaller's text with them). Where a document
// uses what it does not declare (an extension, the tables a view reads),
// the setup provides it; where PostgreSQL rejects what a document says, so
// that Atlas's own plan of it fails as well, the rule names the error
// schemactl must give.
var unitRules = map[string]rule{
	"SQLSpec": {markers: []string{
		"setup: CREATE EXTENSION hstore",
		// The index's where = "active" names no column; PostgreSQL would
		// also refuse a HASH index that is unique or has two columns.
		`rejects: column "active" does not exist`,
	}},
	"Types-hstore":                 {markers: []string{"setup: CREATE EXTENSION hstore"}},
	"UnmarshalSpec_IndexType-GiST": {markers: []string{"setup: CREATE EXTENSION btree_gist"}},
	"MarshalViews": {markers: []string{
		"setup: CREATE TABLE public.t2 (id int); CREATE TABLE public.t3 (id int)",
		// v1 is SELECT 1 with check_option = LOCAL.
		"rejects: WITH CHECK OPTION is supported only on automatically updatable views",
	}},
	"UnmarshalViews": {markers: []string{
		"setup: CREATE TABLE public.t3 (id int); CREATE TABLE public.multi (id int)",
		// v3 is a join with check_option = LOCAL.
		"rejects: WITH CHECK OPTION is supported only on automatically updatable views",
	}},
	"MarshalQualifiers": {markers: []string{"setup: CREATE SCHEMA s3; CREATE TABLE s3.t1 (id int)"}},
	"MarshalRealm": {markers: []string{
		"rejects: which no primary key, unique constraint or unique index covers exactly",
	}},
	"MarshalSkipQualifiers":       {markers: []string{`rejects: Table "t1" is already declared in schema "s1"`}},
	"MarshalSpec_BRINIndex":       {markers: []string{`rejects: access method "brin" does not support unique indexes`}},
	"UnmarshalSpec_IndexOpClass":  {markers: []string{`rejects: access method "gist" does not support unique indexes`}},
	"MarshalSpec_Enum":            {markers: []string{`rejects: type "states\[\]" does not exist`}},
	"MarshalSpec_GeneratedColumn": {markers: []string{`rejects: cannot use generated column "c1" in column generation expression`}},
}

// The rules of the doc blocks: most are fragments of a document, wrapped
// in the smallest schema or table that makes them one.
var docRules = map[string]rule{
	"hcl-02-table": publicSchema,
	"hcl-03-check": {
		markers: []string{"wrapped: schema public and the table's schema"},
		after:   "schema \"public\" {}\n",
		edits:   [][2]string{{"table \"products\" {\n", "table \"products\" {\n    schema = schema.public\n"}},
	},
	"hcl-04-partitions":        publicSchema,
	"hcl-06-view":              {markers: []string{"apart: the views read tables and views the block does not declare (users, active_users, t1, films)"}},
	"hcl-07-materialized-view": {markers: []string{"apart: the view reads materialized view m1, which the block does not declare"}},
	"hcl-08-column":            {markers: []string{"apart: column blocks without a table, one of MySQL's type tinyint(1)"}},
	"hcl-09-generated-columns": {
		markers: []string{"wrapped: schema test", `rejects: cannot use generated column "b" in column generation expression`},
		after:   "schema \"test\" {}\n",
	},
	"hcl-10-primary-key": {
		markers: []string{"wrapped: table t with column id, schema public"},
		before:  "table \"t\" {\n  schema = schema.public\n  column \"id\" {\n    type = int\n  }\n",
		after:   "}\nschema \"public\" {}\n",
	},
	"hcl-11-foreign-key": {
		markers: []string{"wrapped: schemas public and market"},
		after:   "schema \"public\" {}\nschema \"market\" {}\n",
	},
	"hcl-12-foreign-key": {
		markers: []string{"wrapped: schemas public and admin", `rejects: unknown column "id" of table admin.users`},
		after:   "schema \"public\" {}\nschema \"admin\" {}\n",
	},
	"hcl-13-index":             {markers: []string{"apart: index blocks without a table, two of them MySQL's (FULLTEXT, parser)"}},
	"hcl-14-index-expressions": testSchema,
	"hcl-15-partial-indexes":   publicSchema,
	"hcl-16-trigger": {
		markers: []string{"wrapped: table orders (order_id, amount), schema public"},
		after: "table \"orders\" {\n  schema = schema.public\n  column \"order_id\" {\n    type = int\n  }\n" +
			"  column \"amount\" {\n    type = int\n  }\n}\nschema \"public\" {}\n",
	},
	"hcl-17-computed-triggers": {markers: []string{"apart: for_each over tables the block does not declare, and function audit_log_table"}},
	"hcl-18-function":          publicSchema,
	"hcl-19-procedure": {
		markers: []string{"wrapped: tables t1 (a, b) and t2 (c, b) that the body writes, schema public"},
		after: "table \"t1\" {\n  schema = schema.public\n  column \"a\" {\n    type = integer\n  }\n  column \"b\" {\n    type = text\n  }\n}\n" +
			"table \"t2\" {\n  schema = schema.public\n  column \"c\" {\n    type = integer\n  }\n  column \"b\" {\n    type = text\n  }\n}\n" +
			"schema \"public\" {}\n",
	},
	"hcl-22-enum": testSchema,
	"hcl-24-charset-and-collation": {
		markers: []string{"wrapped: the table's schema"},
		edits:   [][2]string{{"table \"products\" {\n", "table \"products\" {\n  schema = schema.public\n"}},
	},
	"hcl-25-auto-increment": publicSchema,
}

var (
	publicSchema = rule{markers: []string{"wrapped: schema public"}, after: "schema \"public\" {}\n"}
	testSchema   = rule{markers: []string{"wrapped: schema test"}, after: "schema \"test\" {}\n"}
)
