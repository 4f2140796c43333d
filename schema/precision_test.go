package schema

import "testing"

func TestWithoutDefaultPrecision(t *testing.T) {
	for in, want := range map[string]string{
		"timestamp(6) without time zone":   "timestamp without time zone",
		"timestamp(6) with time zone":      "timestamp with time zone",
		"time(6) without time zone":        "time without time zone",
		"time(6) with time zone":           "time with time zone",
		"interval(6)":                      "interval",
		"interval day to second(6)":        "interval day to second",
		"interval second(6)":               "interval second",
		"timestamp(6) without time zone[]": "timestamp without time zone[]",
		// Other precisions, and other types, stay.
		"timestamp(3) without time zone": "timestamp(3) without time zone",
		"timestamp(0) with time zone":    "timestamp(0) with time zone",
		"interval(5)":                    "interval(5)",
		"interval day":                   "interval day",
		"numeric(6,0)":                   "numeric(6,0)",
		"character varying(6)":           "character varying(6)",
		"public.timestamp(6)":            "public.timestamp(6)",
		"timestamp without time zone":    "timestamp without time zone",
	} {
		if got := WithoutDefaultPrecision(in); got != want {
			t.Errorf("WithoutDefaultPrecision(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeDropsDefaultPrecision(t *testing.T) {
	s := &Schema{
		Name:       "public",
		Tables:     []*Table{{Name: "t", Columns: []*Column{{Name: "at", Type: "timestamp(6) with time zone"}, {Name: "t3", Type: "time(3) without time zone"}}}},
		Domains:    []*Domain{{Name: "d", Type: "interval(6)"}},
		Composites: []*Composite{{Name: "c", Fields: []*Field{{Name: "f", Type: "time(6) without time zone[]"}}}},
		Views:      []*View{{Name: "v", Columns: []*ViewColumn{{Name: "x", Type: "interval day to second(6)"}}}},
	}
	r := &Realm{Schemas: []*Schema{s}}
	r.Normalize()
	for got, want := range map[*string]string{
		&s.Tables[0].Columns[0].Type:    "timestamp with time zone",
		&s.Tables[0].Columns[1].Type:    "time(3) without time zone",
		&s.Domains[0].Type:              "interval",
		&s.Composites[0].Fields[0].Type: "time without time zone[]",
		&s.Views[0].Columns[0].Type:     "interval day to second",
	} {
		if *got != want {
			t.Errorf("after Normalize: %q, want %q", *got, want)
		}
	}
}
