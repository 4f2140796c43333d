package state

import "github.com/schemactl/schemactl/schema"

// carryRenames copies the renames declared in a decoded HCL realm
// (renamed_from, renamed_values), and its role blocks, onto its canonical
// form. PostgreSQL knows
// nothing of them, so the round trip through the dev database, and the
// cache, lose them; the diff needs them on the realm it is given.
func carryRenames(decoded, canonical *schema.Realm) {
	// Role blocks too: roles are cluster-wide, so the dev database's copy
	// of the schema does not hold them.
	canonical.Roles = decoded.Roles
	for _, ds := range decoded.Schemas {
		cs, ok := canonical.Schema(ds.Name)
		if !ok {
			continue
		}
		for _, dt := range ds.Tables {
			ct, ok := cs.Table(dt.Name)
			if !ok {
				continue
			}
			ct.RenamedFrom = dt.RenamedFrom
			for _, dc := range dt.Columns {
				if cc, ok := ct.Column(dc.Name); ok {
					cc.RenamedFrom = dc.RenamedFrom
				}
			}
			for _, di := range dt.Indexes {
				if ci, ok := ct.Index(di.Name); ok {
					ci.RenamedFrom = di.RenamedFrom
				}
			}
		}
		for _, dv := range ds.Views {
			if cv, ok := cs.View(dv.Name); ok {
				cv.RenamedFrom = dv.RenamedFrom
			}
		}
		for _, de := range ds.Enums {
			if ce, ok := cs.Enum(de.Name); ok && len(de.RenamedValues) > 0 {
				ce.RenamedValues = make(map[string]string, len(de.RenamedValues))
				for k, v := range de.RenamedValues {
					ce.RenamedValues[k] = v
				}
			}
		}
	}
}

// CarryRenames copies the renames declared in a decoded HCL realm, and its
// role blocks, onto canonical, the realm a dev database made of it: for
// callers that canonicalise a decoded realm themselves (the convergence
// suite's HCL run).
func CarryRenames(decoded, canonical *schema.Realm) { carryRenames(decoded, canonical) }
