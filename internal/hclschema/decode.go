package hclschema

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

// DecodeFile reads one schema HCL file. See DecodeFiles.
func DecodeFile(path string) (*schema.Realm, hcl.Diagnostics) { return DecodeFiles(path) }

// DecodeFiles reads schema HCL (docs/hcl.md) from files and folders; a
// folder stands for the .hcl files directly in it. All files form one
// realm: an object in one file may refer to an object in another.
//
// The realm is linked and normalized, and every object's DeclRange says
// where it was declared. Nothing is made canonical beyond the spelling of
// built-in type names: the text of expressions stays as written. When the
// diagnostics hold an error the realm is nil; every diagnostic has a Subject,
// except those about files that cannot be read.
func DecodeFiles(paths ...string) (*schema.Realm, hcl.Diagnostics) {
	realm, diags, chunked := decodeFiles(paths, true)
	if chunked && diags.HasErrors() {
		// Reported from files parsed whole, with their full context.
		realm, diags, _ = decodeFiles(paths, false)
	}
	return realm, diags
}

// decodeFiles is DecodeFiles, parsing large files in pieces when inPieces
// (see parseChunked); it reports whether any file was.
func decodeFiles(paths []string, inPieces bool) (*schema.Realm, hcl.Diagnostics, bool) {
	var (
		files   []*hcl.File
		diags   hcl.Diagnostics
		seen    = map[string]bool{}
		chunked bool
	)
	for _, p := range paths {
		names, more := hclFileNames(p)
		diags = append(diags, more...)
		for _, name := range names {
			if seen[filepath.Clean(name)] {
				continue
			}
			seen[filepath.Clean(name)] = true
			src, err := os.ReadFile(name)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Failed to read file",
					Detail:   fmt.Sprintf("The file %q could not be read: %v.", name, err),
				})
				continue
			}
			var f *hcl.File
			var more hcl.Diagnostics
			if inPieces {
				var pieces bool
				f, more, pieces = parseChunked(src, name)
				chunked = chunked || pieces
			} else {
				f, more = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
			}
			diags = append(diags, more...)
			files = append(files, f)
		}
	}
	if diags.HasErrors() {
		sortDiagnostics(diags)
		return nil, diags, chunked
	}
	realm, more := decodeHCLFiles(files)
	return realm, more, chunked
}

// DecodeBytes reads schema HCL from src, named filename in diagnostics.
func DecodeBytes(src []byte, filename string) (*schema.Realm, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		sortDiagnostics(diags)
		return nil, diags
	}
	return decodeHCLFiles([]*hcl.File{f})
}

// hclFileNames expands a folder into the .hcl files directly in it, sorted.
func hclFileNames(path string) ([]string, hcl.Diagnostics) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Failed to read file",
			Detail: fmt.Sprintf("%v.", err)}}
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Failed to read folder",
			Detail: fmt.Sprintf("%v.", err)}}
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".hcl") {
			names = append(names, filepath.Join(path, e.Name()))
		}
	}
	if len(names) == 0 {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No HCL files",
			Detail: fmt.Sprintf("The folder %q holds no .hcl file.", path)}}
	}
	return names, nil // os.ReadDir sorts by name
}

// sortDiagnostics orders diagnostics by file and position, so that their
// order does not depend on the order in which the decoder met them.
func sortDiagnostics(diags hcl.Diagnostics) {
	slices.SortStableFunc(diags, func(a, b *hcl.Diagnostic) int {
		switch {
		case a.Subject == nil && b.Subject == nil:
			return 0
		case a.Subject == nil:
			return -1
		case b.Subject == nil:
			return 1
		}
		if c := cmp.Compare(a.Subject.Filename, b.Subject.Filename); c != 0 {
			return c
		}
		return cmp.Compare(a.Subject.Start.Byte, b.Subject.Start.Byte)
	})
}

// A decoder turns the blocks of all files into one realm, in the phases of
// kindDecoder (kinds.go): first every block on its own, then the schema of
// every object and the names it takes, then column types (which may refer to
// any enum, domain or composite type), and last the references between
// tables. It holds what the kinds share: schemas, namespaces, tables.
type decoder struct {
	realm    *schema.Realm
	schemas  map[string]*schema.Schema // declared schemas
	phantoms map[string]*schema.Schema // schemas that are referenced but not declared

	kinds   []kindDecoder          // one for each of kinds, in its order
	byBlock map[string]kindDecoder // block type → its kind

	// Tables are what the other kinds refer to (sequence owners, foreign
	// keys, partitions), so the decoder rather than their kind holds them.
	tables       []*tableDecl
	tablesByName map[string][]*tableDecl
	// views are the placed views and materialized views, which depends_on
	// refers to.
	views       []*viewDecl
	typesByName map[string]map[string][]typeDecl // "enum" → name → declarations

	fkTargets []fkTarget // foreign keys whose referenced key is checked last

	relations map[schema.QualifiedName]nameDecl // pg_class names: tables, indexes, sequences, ...
	typeNames map[schema.QualifiedName]nameDecl // pg_type names: tables, enums, domains, composites

	// qualifiers holds the schema labels of blocks written with two labels,
	// table "billing" "users", keyed by the range of the name label; schemaOf
	// consumes them.
	qualifiers map[hcl.Range]qualifier
}

// A qualifier is the first of two labels of a block: its schema.
type qualifier struct {
	schema string
	rng    hcl.Range
	used   bool
}

// qualifiedKinds are the block types that take Atlas's schema label:
// table "billing" "users" is table "users" of schema billing.
var qualifiedKinds = map[string]bool{
	"table": true, "enum": true, "domain": true, "composite": true, "sequence": true,
	"view": true, "materialized": true, "function": true, "procedure": true,
}

// A nameDecl is the declaration that took a name in a namespace.
type nameDecl struct {
	kind string // "table", "index", "unique constraint", ...
	rng  hcl.Range
}

// A typeDecl is a declared enum, domain or composite type.
type typeDecl struct {
	schema *schema.Schema
	name   string
}

func decodeHCLFiles(files []*hcl.File) (*schema.Realm, hcl.Diagnostics) {
	d := &decoder{
		realm:        &schema.Realm{},
		schemas:      map[string]*schema.Schema{},
		phantoms:     map[string]*schema.Schema{},
		tablesByName: map[string][]*tableDecl{},
		typesByName:  map[string]map[string][]typeDecl{"enum": {}, "domain": {}, "composite": {}},
		relations:    map[schema.QualifiedName]nameDecl{},
		typeNames:    map[schema.QualifiedName]nameDecl{},
		byBlock:      map[string]kindDecoder{},
		qualifiers:   map[hcl.Range]qualifier{},
	}
	for _, k := range kinds {
		kd := k.decoder(d)
		d.kinds = append(d.kinds, kd)
		d.byBlock[k.block] = kd
	}
	var diags hcl.Diagnostics
	for _, f := range files {
		diags = append(diags, d.decodeBlocks(f.Body)...)
	}
	for i, phase := range []func(kindDecoder) hcl.Diagnostics{kindDecoder.place, kindDecoder.decodeTypes, kindDecoder.decodeRelations} {
		for _, kd := range d.kinds {
			diags = append(diags, phase(kd)...)
		}
		if i == 0 {
			diags = append(diags, d.unusedQualifiers()...)
		}
	}
	sortDiagnostics(diags)
	if diags.HasErrors() {
		return nil, diags
	}
	d.realm.Normalize()
	return d.realm, diags
}

// decodeBlocks decodes every top-level block of one file on its own.
func (d *decoder) decodeBlocks(body hcl.Body) hcl.Diagnostics {
	d.takeQualifiers(body)
	content, diags := body.Content(fileSchema)
	for _, b := range content.Blocks {
		kd, ok := d.byBlock[b.Type]
		if !ok {
			diags = append(diags, diagError(b.TypeRange, "Unsupported block type",
				"schemactl does not support %s blocks yet; manage this object outside schema.hcl.", b.Type))
			continue
		}
		diags = append(diags, kd.decodeBlock(b)...)
	}
	return diags
}

// takeQualifiers removes the schema label of the blocks written with two
// labels (table "billing" "users") and keeps it in d.qualifiers, so that
// the kinds see one label, their name, and schemaOf the schema. The blocks
// are those of a file just parsed by the decoder, which nothing else sees.
func (d *decoder) takeQualifiers(body hcl.Body) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return
	}
	for _, b := range sb.Blocks {
		if !qualifiedKinds[b.Type] || len(b.Labels) != 2 {
			continue
		}
		d.qualifiers[b.LabelRanges[1]] = qualifier{schema: b.Labels[0], rng: b.LabelRanges[0]}
		b.Labels, b.LabelRanges = b.Labels[1:], b.LabelRanges[1:]
	}
}

// unusedQualifiers reports the schema labels that no kind resolved: those
// of kinds whose objects have no schema of their own.
func (d *decoder) unusedQualifiers() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, q := range d.qualifiers {
		if !q.used {
			diags = append(diags, diagError(q.rng, "Extraneous label",
				"This block takes one label, its name; its object has no schema label."))
		}
	}
	return diags
}

// schemaOf resolves the schema of an object: its schema attribute, or the
// first of its two labels (table "billing" "users"), or both when they
// agree. When the schema is missing or wrong, the object goes into a
// phantom schema so that the references to it still resolve and cause no
// further errors.
func (d *decoder) schemaOf(attr *hcl.Attribute, kind, name string, nameRange hcl.Range) (*schema.Schema, hcl.Diagnostics) {
	q, qualified := d.qualifiers[nameRange]
	if qualified {
		q.used = true
		d.qualifiers[nameRange] = q
		if attr == nil {
			return d.lookupSchema(q.schema, q.rng)
		}
	}
	s, diags := d.schemaAttr(attr, kind, name, nameRange)
	if qualified && !diags.HasErrors() && s.Name != q.schema {
		return s, append(diags, diagError(q.rng, "Conflicting schema",
			"%s %q is labelled with schema %q but its schema attribute says %q.", capitalize(kind), name, q.schema, s.Name))
	}
	return s, diags
}

// schemaAttr resolves the schema attribute of an object.
func (d *decoder) schemaAttr(attr *hcl.Attribute, kind, name string, nameRange hcl.Range) (*schema.Schema, hcl.Diagnostics) {
	if attr == nil {
		return d.phantom(""), hcl.Diagnostics{diagError(nameRange, "Missing schema",
			"%s %q needs a schema, such as schema = schema.public.", capitalize(kind), name)}
	}
	r, diags := decodeReference(attr.Expr, "schema.public")
	if diags.HasErrors() {
		return d.phantom(""), diags
	}
	if len(r.names) != 2 || r.names[0] != "schema" {
		return d.phantom(""), hcl.Diagnostics{diagError(r.rng, "Invalid reference",
			"The schema of %s %q is a reference such as schema.public, not %s.", kind, name, r)}
	}
	s, more := d.lookupSchema(r.names[1], r.rng)
	return s, more
}

// lookupSchema returns the declared schema name, or a phantom and an error.
func (d *decoder) lookupSchema(name string, rng hcl.Range) (*schema.Schema, hcl.Diagnostics) {
	if s, ok := d.schemas[name]; ok {
		return s, nil
	}
	names := make([]string, 0, len(d.schemas))
	for n := range d.schemas {
		names = append(names, n)
	}
	slices.Sort(names)
	return d.phantom(name), hcl.Diagnostics{diagError(rng, "Reference to undeclared schema",
		"Schema %q is not declared.%s", name, didYouMean(name, names))}
}

func (d *decoder) phantom(name string) *schema.Schema {
	s, ok := d.phantoms[name]
	if !ok {
		s = &schema.Schema{Name: name}
		d.phantoms[name] = s
	}
	return s
}

// isPhantom reports whether s stands in for a schema that is not declared.
func (d *decoder) isPhantom(s *schema.Schema) bool { return d.phantoms[s.Name] == s }

// declare takes a name in a namespace, or reports the declaration that
// already took it. The explanation says which objects share the namespace.
func declare(ns map[schema.QualifiedName]nameDecl, key schema.QualifiedName, kind string, rng hcl.Range, where, explanation string) hcl.Diagnostics {
	prev, taken := ns[key]
	if !taken {
		ns[key] = nameDecl{kind: kind, rng: rng}
		return nil
	}
	if prev.kind == kind {
		return hcl.Diagnostics{diagError(rng, "Duplicate "+kind,
			"%s %q is already declared %s at %s.", capitalize(kind), key.Name, where, posString(prev.rng))}
	}
	return hcl.Diagnostics{diagError(rng, "Duplicate name",
		"%s %q has the name of %s %q declared at %s; %s.",
		capitalize(kind), key.Name, prev.kind, key.Name, posString(prev.rng), explanation)}
}

const (
	relationNamespace = "tables, sequences, indexes, composite types and the indexes of primary key, " +
		"unique and exclude constraints share one namespace per schema in PostgreSQL"
	typeNamespace       = "tables, composite types, enums and domains share one namespace of type names per schema in PostgreSQL"
	constraintNamespace = "the names of the constraints of a table are unique in PostgreSQL"
)

// declareRelation takes a name among the relations of schema s.
func (d *decoder) declareRelation(s *schema.Schema, name, kind string, rng hcl.Range) hcl.Diagnostics {
	return declare(d.relations, schema.QualifiedName{Schema: s.Name, Name: name}, kind, rng, fmt.Sprintf("in schema %q", s.Name), relationNamespace)
}

// declareType takes a name among the types of schema s.
func (d *decoder) declareType(s *schema.Schema, name, kind string, rng hcl.Range) hcl.Diagnostics {
	return declare(d.typeNames, schema.QualifiedName{Schema: s.Name, Name: name}, kind, rng, fmt.Sprintf("in schema %q", s.Name), typeNamespace)
}

func (d *decoder) addType(kind string, s *schema.Schema, name string) {
	d.typesByName[kind][name] = append(d.typesByName[kind][name], typeDecl{schema: s, name: name})
}

// lookupTable resolves table.T or table.S.T (names without the root).
func (d *decoder) lookupTable(names []string, rng hcl.Range) (*tableDecl, hcl.Diagnostics) {
	var schemaName, name string
	switch len(names) {
	case 1:
		name = names[0]
	case 2:
		schemaName, name = names[0], names[1]
	default:
		return nil, hcl.Diagnostics{diagError(rng, "Invalid reference", "Expected a table reference such as table.users or table.public.users.")}
	}
	candidates := d.tablesByName[name]
	if schemaName != "" {
		candidates = slices.DeleteFunc(slices.Clone(candidates), func(td *tableDecl) bool { return td.schema.Name != schemaName })
	}
	switch len(candidates) {
	case 1:
		return candidates[0], nil
	case 0:
		if schemaName != "" {
			if _, ok := d.schemas[schemaName]; !ok {
				_, diags := d.lookupSchema(schemaName, rng)
				return nil, diags
			}
			return nil, hcl.Diagnostics{diagError(rng, "Reference to undeclared table",
				"Table %q is not declared in schema %q.%s", name, schemaName, didYouMean(name, d.tableNames(schemaName)))}
		}
		return nil, hcl.Diagnostics{diagError(rng, "Reference to undeclared table",
			"Table %q is not declared.%s", name, didYouMean(name, d.tableNames("")))}
	}
	var schemas []string
	for _, td := range candidates {
		schemas = append(schemas, fmt.Sprintf("%q", td.schema.Name))
	}
	return nil, hcl.Diagnostics{diagError(rng, "Ambiguous reference",
		"Table %q is declared in schemas %s; name its schema, as in table.%s.%s.",
		name, strings.Join(schemas, " and "), candidates[0].schema.Name, name)}
}

// tableNames lists the declared table names, in one schema or in all.
func (d *decoder) tableNames(schemaName string) []string {
	var names []string
	for _, td := range d.tables {
		if schemaName == "" || td.schema != nil && td.schema.Name == schemaName {
			names = append(names, td.t.Name)
		}
	}
	slices.Sort(names)
	return names
}

// lookupType resolves enum.N, enum.S.N and the like to the type's
// qualified name.
func (d *decoder) lookupType(r reference) (schema.QualifiedName, hcl.Diagnostics) {
	kind := r.names[0]
	var schemaName, name string
	switch len(r.names) {
	case 2:
		name = r.names[1]
	case 3:
		schemaName, name = r.names[1], r.names[2]
	default:
		return schema.QualifiedName{}, hcl.Diagnostics{diagError(r.rng, "Invalid reference",
			"Expected a type reference such as %s.status or %s.public.status.", kind, kind)}
	}
	label := map[string]string{"enum": "enum", "domain": "domain", "composite": "composite type"}[kind]
	candidates := d.typesByName[kind][name]
	if schemaName != "" {
		candidates = slices.DeleteFunc(slices.Clone(candidates), func(t typeDecl) bool { return t.schema.Name != schemaName })
	}
	switch len(candidates) {
	case 1:
		return schema.QualifiedName{Schema: candidates[0].schema.Name, Name: name}, nil
	case 0:
		var names []string
		for n := range d.typesByName[kind] {
			names = append(names, n)
		}
		slices.Sort(names)
		where := ""
		if schemaName != "" {
			where = fmt.Sprintf(" in schema %q", schemaName)
		}
		return schema.QualifiedName{}, hcl.Diagnostics{diagError(r.rng, "Reference to undeclared "+label,
			"%s %q is not declared%s.%s", capitalize(label), name, where, didYouMean(name, names))}
	}
	var schemas []string
	for _, t := range candidates {
		schemas = append(schemas, fmt.Sprintf("%q", t.schema.Name))
	}
	return schema.QualifiedName{}, hcl.Diagnostics{diagError(r.rng, "Ambiguous reference",
		"%s %q is declared in schemas %s; name its schema, as in %s.%s.%s.",
		capitalize(label), name, strings.Join(schemas, " and "), kind, candidates[0].schema.Name, name)}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
