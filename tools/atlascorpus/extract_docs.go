package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// extractDocs cuts the HCL blocks out of Atlas's
// doc/md/atlas-schema/hcl.mdx that are PostgreSQL's: the blocks of a
// PostgreSQL tab and the blocks outside any tab, except those of sections
// that the page says are MySQL's alone. Each is named hcl-NN-SLUG, NN its
// place among the blocks taken and SLUG its section's heading.
func extractDocs(path string) ([]snippet, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var (
		out     []snippet
		tab     string // value of the open TabItem, "" outside tabs
		heading string
		block   *strings.Builder
		n       int
	)
	for _, line := range strings.Split(string(src), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case block != nil:
			if trimmed == "```" {
				if tab == "" || tab == "postgres" {
					if !mysqlOnlySections[heading] {
						n++
						out = append(out, snippet{fmt.Sprintf("hcl-%02d-%s", n, slug(heading)), block.String()})
					}
				}
				block = nil
				continue
			}
			block.WriteString(line + "\n")
		case strings.HasPrefix(trimmed, "```hcl"):
			block = &strings.Builder{}
		case strings.HasPrefix(trimmed, "<TabItem"):
			m := tabValueRE.FindStringSubmatch(trimmed)
			if m == nil {
				return nil, fmt.Errorf("%s: a TabItem without a value: %s", path, trimmed)
			}
			tab = m[1]
		case strings.HasPrefix(trimmed, "</TabItem>"):
			tab = ""
		case strings.HasPrefix(trimmed, "#") && !strings.HasPrefix(trimmed, "####"):
			// Sections and subsections name the blocks; the "####
			// Example" headings under them do not.
			heading = strings.TrimSpace(strings.TrimLeft(trimmed, "#"))
		}
	}
	return out, nil
}

var tabValueRE = regexp.MustCompile(`value="([^"]*)"`)

// mysqlOnlySections are the sections of hcl.mdx outside tabs whose text
// says they are MySQL's and MariaDB's only.
var mysqlOnlySections = map[string]bool{
	"Storage Engine": true,
	"Index Prefixes": true,
}

func slug(heading string) string {
	s := strings.ToLower(heading)
	s = regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(s, "-")
	return strings.Trim(s, "-")
}
