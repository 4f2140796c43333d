package deploy

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/migrate"
)

func errUnknownFormat(d *migrate.Dir) error {
	return fmt.Errorf("%s: unknown migrations format %q", d.Path, d.Format)
}
