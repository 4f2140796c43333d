package hclschema

import (
	"path/filepath"
	"testing"

	"github.com/schemactl/schemactl/schema"
)

func i64(n int64) *int64 { return &n }

// catalogRealm is a realm as inspection reads it: canonical spellings
// (format_type, pg_get_expr, quoted collations), every object kind and
// every option, names that need quotes or brackets, and names declared in
// two schemas so that references must be qualified.
func catalogRealm() *schema.Realm {
	r := &schema.Realm{
		Extensions: []*schema.Extension{
			{Name: "pg_trgm", Schema: "public", Version: "1.6", Comment: "trigram matching"},
			{Name: "btree_gist", Schema: "extensions"},
		},
		Schemas: []*schema.Schema{
			{
				Name:    "public",
				Comment: "standard public schema",
				Enums: []*schema.Enum{
					{Name: "status", Values: []string{"active", "paused", "archived"}, Comment: "lifecycle",
						RenamedValues: map[string]string{"archived": "deleted", "paused": "on hold"}},
					{Name: "Mood", Values: []string{"happy", "it's complicated"}},
					{Name: "empty"},
				},
				Domains: []*schema.Domain{
					{Name: "email", Type: "character varying(320)", Collation: `"C"`, Default: "'nobody@example.com'::character varying",
						Checks: []*schema.Check{
							{Name: "email_at", Expr: "(VALUE)::text ~ '@'::text", NotValid: true, Comment: "an at sign"},
							{Name: "email_length", Expr: "length((VALUE)::text) > 3"},
						},
						Comment: "an address"},
					{Name: "positive", Type: "integer", NotNull: true, Default: "1",
						Checks: []*schema.Check{{Name: "positive_check", Expr: "VALUE > 0"}}},
				},
				Composites: []*schema.Composite{
					{Name: "address", Comment: "postal", Fields: []*schema.Field{
						{Name: "street", Type: "text", Collation: `"en_US"`, Comment: "and number"},
						{Name: "zip", Type: "character(5)"},
						{Name: "kind", Type: "public.status"},
					}},
				},
				Sequences: []*schema.Sequence{
					{Name: "ticket_seq", Type: "integer", Options: schema.SequenceOptions{
						Start: i64(1000), Increment: i64(-2), MinValue: i64(-100000), MaxValue: i64(5000), Cache: i64(20), Cycle: true,
					}, OwnedBy: &schema.ColumnRef{Table: schema.QualifiedName{Schema: "public", Name: "tickets"}, Column: "number"}, Comment: "ticket numbers"},
					{Name: "plain_seq", Type: "bigint"},
					{Name: "small_seq", Type: "smallint", Options: schema.SequenceOptions{MaxValue: i64(1000)}},
				},
				Tables: []*schema.Table{
					{
						Name:    "tickets",
						Comment: "support tickets",
						Columns: []*schema.Column{
							{Name: "id", Type: "bigint", NotNull: true, Identity: &schema.Identity{Always: true,
								Sequence: schema.SequenceOptions{Start: i64(100), Increment: i64(10), MaxValue: i64(1000000), Cache: i64(5), Cycle: true}}},
							{Name: "number", Type: "integer", NotNull: true, Default: "nextval('public.ticket_seq'::regclass)"},
							{Name: "serial_id", Type: "serial", NotNull: true},
							{Name: "title", Type: "character varying(200)", Collation: `"C"`, NotNull: true, Comment: "what it's about"},
							{Name: "body", Type: "text", Default: "''::text"},
							{Name: "status", Type: "public.status", NotNull: true, Default: "'active'::public.status"},
							{Name: "mood", Type: `public."Mood"`},
							{Name: "moods", Type: `public."Mood"[]`},
							{Name: "tags", Type: "text[]", NotNull: true, Default: "'{}'::text[]"},
							{Name: "priority", Type: "smallint", NotNull: true, Default: "3"},
							{Name: "weight", Type: "numeric(5,2)", Default: "1.25"},
							{Name: "negative", Type: "integer", Default: "'-1'::integer"},
							{Name: "urgent", Type: "boolean", NotNull: true, Default: "false"},
							{Name: "opened_at", Type: "timestamp(3) with time zone", NotNull: true, Default: "CURRENT_TIMESTAMP"},
							{Name: "due", Type: "date"},
							{Name: "local_time", Type: "timestamp without time zone"},
							{Name: "at_time", Type: "time(0) without time zone"},
							{Name: "zone_time", Type: "time with time zone"},
							{Name: "duration", Type: "interval day to second(3)"},
							{Name: "score", Type: "double precision"},
							{Name: "ratio", Type: "real"},
							{Name: "flags", Type: "bit(8)"},
							{Name: "mask", Type: "bit varying(16)"},
							{Name: "code", Type: "character(1)"},
							{Name: "raw", Type: "bytea"},
							{Name: "doc", Type: "jsonb", Default: "'{}'::jsonb"},
							{Name: "ip", Type: "inet"},
							{Name: "span", Type: "tstzrange"},
							{Name: "contact", Type: "public.email"},
							{Name: "home", Type: "public.address"},
							{Name: "amount", Type: "public.positive"},
							{Name: "title_lower", Type: "text", Generated: "lower((title)::text)"},
							{Name: "Mixed Case", Type: "text", Comment: "needs brackets"},
							{Name: "select", Type: "integer"},
							{Name: "1st", Type: "integer"},
							{Name: "trigram", Type: "public.gtrgm"},
							{Name: "dollar", Type: "text", Default: "'${x} %{y}'::text"},
							{Name: "unicode", Type: "text", Default: "E'tab\\there'::text", Comment: "ünïcödé\nsecond line"},
						},
						PrimaryKey: &schema.Key{Name: "tickets_pkey", Columns: []string{"id"}, Include: []string{"title"},
							StorageParams: []schema.StorageParam{{Name: "fillfactor", Value: "90"}}, Comment: "the key"},
						Uniques: []*schema.Key{
							{Name: "tickets_number_key", Columns: []string{"number", "Mixed Case"}, NullsNotDistinct: true,
								Deferrable: true, InitiallyDeferred: true, Include: []string{"due"},
								StorageParams: []schema.StorageParam{{Name: "fillfactor", Value: "80"}, {Name: "deduplicate_items", Value: "off"}}},
						},
						Indexes: []*schema.Index{
							{Name: "tickets_title_idx", Unique: true, Method: "btree",
								Parts: []*schema.IndexPart{
									{Column: "title", Collation: `"C"`, OpClass: "text_pattern_ops", Desc: true, NullsLast: true},
									{Expr: "lower((body)::text)", NullsFirst: true},
									{Column: "priority"},
								},
								Include:          []string{"status"},
								Predicate:        "status <> 'archived'::public.status",
								NullsNotDistinct: true,
								StorageParams:    []schema.StorageParam{{Name: "fillfactor", Value: "70"}},
								Comment:          "title search", RenamedFrom: "tickets_title_index"},
							{Name: "tickets_body_trgm", Method: "gist", Parts: []*schema.IndexPart{
								{Column: "body", OpClass: "public.gist_trgm_ops", OpClassParams: []schema.StorageParam{{Name: "siglen", Value: "32"}}},
							}},
							{Name: "tickets_tags_idx", Method: "gin", Parts: []*schema.IndexPart{{Column: "tags"}}},
							{Name: "tickets_opened_brin", Method: "brin", Parts: []*schema.IndexPart{{Column: "opened_at"}},
								StorageParams: []schema.StorageParam{{Name: "pages_per_range", Value: "32"}, {Name: "autosummarize", Value: "true"}}},
							{Name: "tickets_due_idx", Method: "btree", Parts: []*schema.IndexPart{{Column: "due"}, {Column: "priority"}}},
							{Name: "tickets_weird_ops", Method: "btree", Parts: []*schema.IndexPart{{Column: "title", OpClass: `public."Weird_Ops"`}}},
						},
						ForeignKeys: []*schema.ForeignKey{
							{Name: "tickets_number_fkey", Columns: []string{"priority", "number"},
								RefTable: schema.QualifiedName{Schema: "archive", Name: "tickets"}, RefColumns: []string{"priority", "id"},
								Match: schema.MatchFull, OnDelete: schema.SetNull, OnDeleteColumns: []string{"number"}, OnUpdate: schema.Cascade,
								Deferrable: true, InitiallyDeferred: true, NotValid: true, Comment: "old ticket"},
							{Name: "tickets_parent_fkey", Columns: []string{"serial_id"},
								RefTable: schema.QualifiedName{Schema: "public", Name: "tickets"}, RefColumns: []string{"id"},
								Match: schema.MatchSimple, OnDelete: schema.Restrict, OnUpdate: schema.NoAction},
							{Name: "tickets_outside_fkey", Columns: []string{"priority"},
								RefTable: schema.QualifiedName{Schema: "other", Name: "users"}, RefColumns: []string{"id"},
								Match: schema.MatchSimple, OnDelete: schema.NoAction, OnUpdate: schema.NoAction},
							{Name: "tickets_user_fkey", Columns: []string{"amount"},
								RefTable: schema.QualifiedName{Schema: "public", Name: "users"}, RefColumns: []string{"id"},
								Match: schema.MatchSimple, OnDelete: schema.SetDefault, OnUpdate: schema.NoAction},
						},
						Checks: []*schema.Check{
							{Name: "tickets_priority_check", Expr: "priority >= 1 AND priority <= 5", NoInherit: true, NotValid: true, Comment: "1 to 5"},
						},
						Excludes: []*schema.Exclude{
							{Name: "tickets_no_overlap", Method: "gist", Elements: []*schema.ExcludeElement{
								{IndexPart: schema.IndexPart{Column: "priority"}, Operator: "="},
								{IndexPart: schema.IndexPart{Expr: "tstzrange(opened_at, (due)::timestamp with time zone)", OpClass: "range_ops"}, Operator: "&&"},
							}, Include: []string{"title"}, Predicate: "NOT urgent",
								StorageParams: []schema.StorageParam{{Name: "fillfactor", Value: "60"}},
								Deferrable:    true, InitiallyDeferred: true, Comment: "one at a time"},
							{Name: "tickets_spgist_excl", Method: "spgist", Elements: []*schema.ExcludeElement{
								{IndexPart: schema.IndexPart{Column: "span"}, Operator: "&&"},
							}},
						},
						RenamedFrom: "issues",
					},
					{
						Name:     "users",
						Unlogged: true,
						Columns: []*schema.Column{
							{Name: "id", Type: "integer", NotNull: true, Identity: &schema.Identity{}},
						},
						PrimaryKey: &schema.Key{Name: "users_pk", Columns: []string{"id"}},
					},
					{
						Name: "events",
						Columns: []*schema.Column{
							{Name: "id", Type: "bigint", NotNull: true},
							{Name: "at", Type: "timestamp with time zone", NotNull: true},
							{Name: "kind", Type: "text", Collation: `"C"`},
						},
						PartitionKey: &schema.PartitionKey{Strategy: "RANGE", Parts: []*schema.PartitionPart{
							{Column: "at"},
							{Expr: "lower(kind)", Collation: `"C"`, OpClass: "text_pattern_ops"},
						}},
						PrimaryKey: &schema.Key{Name: "events_pkey", Columns: []string{"id", "at"}},
					},
					{
						Name:        "events_2024",
						PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "events"}, Bound: "FOR VALUES FROM ('2024-01-01 00:00:00+00', 'a') TO ('2025-01-01 00:00:00+00', 'z')"},
						Indexes:     []*schema.Index{{Name: "events_2024_kind_idx", Method: "hash", Parts: []*schema.IndexPart{{Column: "kind"}}}},
						Comment:     "one year",
					},
					{
						Name:        "events_default",
						PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "events"}, Bound: "DEFAULT"},
					},
					{
						Name: "regions",
						Columns: []*schema.Column{
							{Name: "code", Type: "text", NotNull: true},
						},
						PartitionKey: &schema.PartitionKey{Strategy: "LIST", Parts: []*schema.PartitionPart{{Column: "code"}}},
					},
					{
						Name: "buckets",
						Columns: []*schema.Column{
							{Name: "id", Type: "bigint", NotNull: true},
						},
						PartitionKey: &schema.PartitionKey{Strategy: "HASH", Parts: []*schema.PartitionPart{{Column: "id"}}},
					},
					{
						Name:        "buckets_0",
						PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "buckets"}, Bound: "FOR VALUES WITH (modulus 2, remainder 0)"},
					},
				},
			},
			{
				Name: "archive",
				Enums: []*schema.Enum{
					{Name: "status", Values: []string{"old"}},
				},
				Tables: []*schema.Table{
					{
						Name: "tickets",
						Columns: []*schema.Column{
							{Name: "id", Type: "integer", NotNull: true},
							{Name: "priority", Type: "smallint", NotNull: true},
							{Name: "status", Type: "archive.status"},
						},
						Uniques: []*schema.Key{{Name: "tickets_priority_id_key", Columns: []string{"priority", "id"}}},
					},
				},
			},
			{Name: "My Schema", Tables: []*schema.Table{{Name: "Odd Table", Columns: []*schema.Column{{Name: "x", Type: "integer"}}}}},
		},
	}
	r.Normalize()
	return r
}

// TestEncodeCatalogRealm checks that a realm as inspection reads it encodes
// to the golden text, decodes back to itself and encodes to the same bytes.
func TestEncodeCatalogRealm(t *testing.T) {
	got := checkRoundTrip(t, catalogRealm())
	golden(t, filepath.Join("testdata", "encode", "catalog.hcl"), string(got))
}

// TestEncodeEmptyRealm checks the edges: an empty realm, and a realm with an
// empty schema.
func TestEncodeEmptyRealm(t *testing.T) {
	if got := Encode(&schema.Realm{}); len(got) != 0 {
		t.Errorf("empty realm encodes to %q", got)
	}
	checkRoundTrip(t, &schema.Realm{})
	r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public"}}}
	r.Normalize()
	checkRoundTrip(t, r)
}
