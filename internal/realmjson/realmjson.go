package realmjson

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/schemactl/schemactl/schema"
)

// Write writes r as JSON: objects keep the model's structure and
// field order, with snake_case keys and without empty values (empty
// strings, false, nil, empty lists; so a BY DEFAULT identity with default
// options is "identity": {}). Back-references (Schema.Realm, Table.Schema,
// Column.Table, ...) and declaration ranges are left out: the first would
// loop, the second are empty for a database.
//
// It walks the model by reflection, so that new model fields appear
// without changes here, and writes the text itself: encoding/json of the
// equivalent maps was ten times slower on a 2,000-table schema.
func Write(w io.Writer, r *schema.Realm) error {
	jw := &jsonWriter{}
	jw.value(reflect.ValueOf(r), 0)
	jw.buf.WriteByte('\n')
	_, err := w.Write(jw.buf.Bytes())
	return err
}

var (
	// rangeType is hcl.Range, the type of the model's declaration
	// ranges, named through the model so that this package needs only it.
	rangeType = reflect.TypeOf(schema.Schema{}.DeclRange)
	// backRefTypes are the pointer types of the model's back-references:
	// a field of one of these types points up the tree, never down (the
	// way down is always a slice or a differently typed field).
	backRefTypes = map[reflect.Type]bool{
		reflect.TypeFor[*schema.Realm]():  true,
		reflect.TypeFor[*schema.Schema](): true,
		reflect.TypeFor[*schema.Table]():  true,
	}
)

// jsonField is a struct field that Write writes.
type jsonField struct {
	index []int // for reflect.Value.FieldByIndex: embedded fields are flattened
	key   string
}

// jsonWriter writes model values as indented JSON.
type jsonWriter struct {
	buf    bytes.Buffer
	fields map[reflect.Type][]jsonField
}

// empty reports whether v is left out of its object.
func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

func (jw *jsonWriter) value(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			jw.buf.WriteString("null")
			return
		}
		jw.value(v.Elem(), depth)
	case reflect.Slice:
		if v.Len() == 0 {
			jw.buf.WriteString("[]")
			return
		}
		jw.buf.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				jw.buf.WriteByte(',')
			}
			jw.newline(depth + 1)
			jw.value(v.Index(i), depth+1)
		}
		jw.newline(depth)
		jw.buf.WriteByte(']')
	case reflect.Struct:
		jw.buf.WriteByte('{')
		n := 0
		for _, f := range jw.fieldsOf(v.Type()) {
			fv := v.FieldByIndex(f.index)
			if empty(fv) {
				continue
			}
			if n > 0 {
				jw.buf.WriteByte(',')
			}
			n++
			jw.newline(depth + 1)
			jw.string(f.key)
			jw.buf.WriteString(": ")
			jw.value(fv, depth+1)
		}
		if n > 0 {
			jw.newline(depth)
		}
		jw.buf.WriteByte('}')
	case reflect.String:
		jw.string(v.String())
	case reflect.Bool:
		jw.buf.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		jw.buf.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		jw.buf.WriteString(strconv.FormatUint(v.Uint(), 10))
	default:
		// The model holds nothing else; fail loudly in tests if it ever does.
		panic(fmt.Sprintf("realmjson: unexpected %s", v.Type()))
	}
}

func (jw *jsonWriter) newline(depth int) {
	jw.buf.WriteByte('\n')
	for range depth {
		jw.buf.WriteString("  ")
	}
}

// string writes s as a JSON string. Like encoding/json, it escapes quotes,
// backslashes, control characters, U+2028 and U+2029, and replaces invalid
// UTF-8 with U+FFFD; unlike it, it leaves <, > and & alone.
func (jw *jsonWriter) string(s string) {
	const hex = "0123456789abcdef"
	b := &jw.buf
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			b.WriteString(`\u`)
			b.WriteByte(hex[r>>12&0xf])
			b.WriteByte(hex[r>>8&0xf])
			b.WriteByte(hex[r>>4&0xf])
			b.WriteByte(hex[r&0xf])
		default:
			// Ranging over a string yields U+FFFD for invalid bytes.
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// fieldsOf lists the fields of struct type t that are written, in
// declaration order, with embedded structs flattened in place.
func (jw *jsonWriter) fieldsOf(t reflect.Type) []jsonField {
	if fs, ok := jw.fields[t]; ok {
		return fs
	}
	var fs []jsonField
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Type == rangeType || backRefTypes[f.Type] {
				continue
			}
			index := append(slices.Clone(prefix), i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type, index)
				continue
			}
			fs = append(fs, jsonField{index: index, key: snakeCase(f.Name)})
		}
	}
	walk(t, nil)
	if jw.fields == nil {
		jw.fields = map[reflect.Type][]jsonField{}
	}
	jw.fields[t] = fs
	return fs
}

// snakeCase turns a Go field name into a JSON key: NotNull → not_null,
// OnDeleteColumns → on_delete_columns.
func snakeCase(name string) string {
	var b strings.Builder
	runes := []rune(name)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			// A new word starts at an upper-case letter that follows a
			// lower-case one, or that ends a run of capitals before a
			// lower-case letter.
			if i > 0 && (unicode.IsLower(runes[i-1]) || (i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
