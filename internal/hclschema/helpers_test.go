package hclschema

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

// realmCmp compares realms field by field, ignoring where objects were
// declared and the back-references that Link sets.
var realmCmp = []cmp.Option{
	cmpopts.IgnoreTypes(hcl.Range{}),
	cmpopts.IgnoreFields(schema.Schema{}, "Realm"),
	cmpopts.IgnoreFields(schema.Table{}, "Schema"),
	cmpopts.IgnoreFields(schema.Column{}, "Table"),
	cmpopts.IgnoreFields(schema.Key{}, "Table"),
	cmpopts.IgnoreFields(schema.Index{}, "Table"),
	cmpopts.IgnoreFields(schema.ForeignKey{}, "Table"),
	cmpopts.IgnoreFields(schema.Exclude{}, "Table"),
	cmpopts.IgnoreFields(schema.Enum{}, "Schema"),
	cmpopts.IgnoreFields(schema.Domain{}, "Schema"),
	cmpopts.IgnoreFields(schema.Composite{}, "Schema"),
	cmpopts.IgnoreFields(schema.Sequence{}, "Schema"),
	cmpopts.EquateEmpty(),
}

// formatDiagnostics prints diagnostics one per line, as the CLI does
// (writeDiagnostics in cmd/schemactl/app.go).
func formatDiagnostics(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		if d.Subject != nil {
			fmt.Fprintf(&b, "%s:%d:%d: %s: %s\n", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, sev, msg)
		} else {
			fmt.Fprintf(&b, "%s: %s\n", sev, msg)
		}
	}
	return b.String()
}

// dumpRealm prints a realm as indented text for golden files: every field
// that is not zero, back-references left out, DeclRange as file:line:col.
func dumpRealm(r *schema.Realm) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(r).Elem(), "")
	return b.String()
}

var rangeType = reflect.TypeOf(hcl.Range{})

func dumpValue(b *strings.Builder, v reflect.Value, indent string) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		if fv.IsZero() {
			continue
		}
		if f.Type.Kind() == reflect.Pointer && (f.Name == "Realm" || f.Name == "Schema" || f.Name == "Table") {
			continue // a back-reference
		}
		dumpField(b, f.Name, fv, indent)
	}
}

func dumpField(b *strings.Builder, name string, v reflect.Value, indent string) {
	switch {
	case v.Type() == rangeType:
		rng := v.Interface().(hcl.Range)
		fmt.Fprintf(b, "%s%s: %s\n", indent, name, posString(rng))
	case v.Kind() == reflect.Pointer:
		elem := v.Elem()
		if elem.Kind() == reflect.Struct {
			fmt.Fprintf(b, "%s%s:\n", indent, name)
			dumpValue(b, elem, indent+"  ")
		} else {
			dumpField(b, name, elem, indent)
		}
	case v.Kind() == reflect.Struct:
		fmt.Fprintf(b, "%s%s:\n", indent, name)
		dumpValue(b, v, indent+"  ")
	case v.Kind() == reflect.Slice:
		fmt.Fprintf(b, "%s%s:\n", indent, name)
		for i := 0; i < v.Len(); i++ {
			e := v.Index(i)
			if e.Kind() == reflect.Pointer {
				e = e.Elem()
			}
			if e.Kind() == reflect.Struct {
				fmt.Fprintf(b, "%s  -\n", indent)
				dumpValue(b, e, indent+"    ")
			} else {
				fmt.Fprintf(b, "%s  - %q\n", indent, e.Interface())
			}
		}
	case v.Kind() == reflect.Map:
		fmt.Fprintf(b, "%s%s:\n", indent, name)
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			fmt.Fprintf(b, "%s  %q: %q\n", indent, k.Interface(), v.MapIndex(k).Interface())
		}
	case v.Kind() == reflect.String:
		fmt.Fprintf(b, "%s%s: %q\n", indent, name, v.Interface())
	default:
		fmt.Fprintf(b, "%s%s: %v\n", indent, name, v.Interface())
	}
}

// golden compares got with the golden file path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}
