package effect

import (
	"errors"

	"github.com/pganalyze/pg_query_go/v5/parser"
)

// asParserError unwraps the C parser's error, which carries the cursor position.
func asParserError(err error) *parser.Error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}
