package schema

import "strings"

// WithoutDefaultPrecision drops a precision of 6 from a time, timestamp or
// interval type: "timestamp(6) without time zone" is "timestamp without
// time zone", "interval day to second(6)" is "interval day to second",
// arrays alike. Six fractional digits is the most PostgreSQL keeps, so
// the two spellings store and compare the same values; they differ only
// in pg_attribute.atttypmod. Atlas writes and reads them as one type, so a
// schema.hcl that says timestamp(6) builds, and compares with, a plain
// timestamp, and a database made with timestamp(6) (as Rails makes its
// timestamps) shows no change against one that says timestamp.
func WithoutDefaultPrecision(typ string) string {
	base, dims := typ, ""
	if i := strings.IndexByte(typ, '['); i > 0 {
		base, dims = typ[:i], typ[i:]
	}
	for _, p := range defaultPrecisionTypes {
		if strings.HasPrefix(base, p.name+"(6)") && base[len(p.name)+3:] == p.suffix {
			return p.name + p.suffix + dims
		}
	}
	if strings.HasPrefix(base, "interval ") && strings.HasSuffix(base, "second(6)") {
		return strings.TrimSuffix(base, "(6)") + dims
	}
	return typ
}

// defaultPrecisionTypes are the format_type spellings that put a precision
// between the name and a suffix.
var defaultPrecisionTypes = []struct{ name, suffix string }{
	{"timestamp", " without time zone"},
	{"timestamp", " with time zone"},
	{"time", " without time zone"},
	{"time", " with time zone"},
	{"interval", ""},
}

// normalizeTypes applies WithoutDefaultPrecision to every type a schema
// spells.
func (s *Schema) normalizeTypes() {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			c.Type = WithoutDefaultPrecision(c.Type)
		}
	}
	for _, d := range s.Domains {
		d.Type = WithoutDefaultPrecision(d.Type)
	}
	for _, c := range s.Composites {
		for _, f := range c.Fields {
			f.Type = WithoutDefaultPrecision(f.Type)
		}
	}
	for _, v := range s.Views {
		for _, c := range v.Columns {
			c.Type = WithoutDefaultPrecision(c.Type)
		}
	}
}
