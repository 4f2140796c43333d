package hclschema

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/schema"
)

type checkHCL struct {
	Name      string         `hcl:"name,label"`
	NameRange hcl.Range      `hcl:"name,label_range"`
	Expr      *hcl.Attribute `hcl:"expr,optional"`
	NoInherit bool           `hcl:"no_inherit,optional"`
	NotValid  bool           `hcl:"not_valid,optional"`
	Comment   string         `hcl:"comment,optional"`
	DefRange  hcl.Range      `hcl:",def_range"`
}

// decodeCheck reads a check block of a table. Its name is taken by the
// caller, among the constraints of the table.
func decodeCheck(c *checkHCL) (*schema.Check, hcl.Diagnostics) {
	diags := checkName("check constraint", c.Name, c.NameRange)
	expr, more := requiredSQLText(c.Expr, c.NameRange, fmt.Sprintf("Check constraint %q", c.Name), `expr = "price > 0"`)
	diags = append(diags, more...)
	return &schema.Check{
		Name: c.Name, Expr: schema.Expr(expr), NoInherit: c.NoInherit, NotValid: c.NotValid,
		Comment: c.Comment, DeclRange: c.DefRange,
	}, diags
}

func (e *encoder) check(b *hclBlock, c *schema.Check) {
	setString(b, "expr", string(c.Expr))
	setBool(b, "no_inherit", c.NoInherit)
	setBool(b, "not_valid", c.NotValid)
	setString(b, "comment", c.Comment)
}
