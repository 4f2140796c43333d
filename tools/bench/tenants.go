package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/schemactl/schemactl/internal/bigschema"
	"github.com/schemactl/schemactl/internal/devdb"
)

// tenantEditLimit is the target of a diff after editing one table of the
// schema-per-tenant database (issue 13).
const tenantEditLimit = 3 * time.Second

// benchTenants creates the schema-per-tenant database (c.tenants schemas of
// c.perTenant tables each) as database tenants of srv, from nothing, and
// times inspect against pg_dump -s of it and a diff after editing one table
// of one tenant. perObject, when not zero, is inspect's time per object of
// the 2,000-table database, to show how the time grows with the objects.
func benchTenants(ctx context.Context, srv *devdb.Server, c config, pgDump string, perObject time.Duration) ([]row, error) {
	url, err := createDatabase(ctx, srv, "tenants")
	if err != nil {
		return nil, err
	}
	tables := c.tenants * c.perTenant
	t0 := time.Now()
	if err := execSQL(ctx, url, bigschema.TenantsSQL(c.tenants, c.perTenant)); err != nil {
		return nil, fmt.Errorf("create the tenant schemas: %w", err)
	}
	fmt.Printf("\ncreated %d tables in %d schemas in %v\n", tables, c.tenants, time.Since(t0).Round(time.Millisecond))
	label := fmt.Sprintf("%d tables in %d schemas", tables, c.tenants)
	inspect, err := benchInspect(c, url, pgDump, "inspect "+label)
	if err != nil {
		return nil, err
	}
	per := inspect.ours.median / time.Duration(tables)
	if perObject > 0 {
		inspect.detail += fmt.Sprintf("; %v per table, %.2fx the 2,000-table database's time per object", per, float64(per)/float64(perObject))
	} else {
		inspect.detail += fmt.Sprintf("; %v per table", per)
	}

	work, err := os.MkdirTemp("", "schemactl-bench-tenants-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	os.Setenv("SCHEMACTL_CACHE_DIR", filepath.Join(work, "cache"))
	defer os.Unsetenv("SCHEMACTL_CACHE_DIR")
	// A tenant in the middle, so that neither end of the file is special.
	header := func(i int) string {
		return fmt.Sprintf(`table "t%04d" \{\n\s*schema\s*=\s*schema\.%s\n`, i%c.perTenant+1, bigschema.TenantSchema(c.tenants/2+i))
	}
	d, err := newDiffRun(c, url, work, header(0))
	if err != nil {
		return nil, err
	}
	first := d.run(1, "schemactl diff (first run)")
	if first.err != nil {
		return nil, fmt.Errorf("%s: %w", first.name, first.err)
	}
	printResult(first, " (fills the cache)")
	edit, err := d.edits(func(i int) string { return header(i + 1) })
	if err != nil {
		return nil, err
	}
	if edit.err == nil {
		printResult(edit, "")
	}
	return []row{inspect, timeRow("diff after editing one table, "+label, edit, tenantEditLimit, 0)}, nil
}
