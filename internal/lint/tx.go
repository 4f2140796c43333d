package lint

import "github.com/schemactl/schemactl/internal/effect"

// TxMode says how a migration runner sends a file to PostgreSQL, which
// decides whether each statement runs inside a transaction block.
type TxMode int

// Transaction modes.
const (
	// TxAutocommit: each statement runs on its own, as `psql -f` does and
	// goose does with `-- +goose NO TRANSACTION`. Only an explicit BEGIN opens
	// a transaction block. A plain file given to `schemactl lint` is assumed
	// to run this way unless --assume-in-transaction (Config.AssumeInTransaction)
	// is given.
	TxAutocommit TxMode = iota
	// TxFile: the runner wraps the whole file in one transaction (sqlx,
	// goose and dbmate by default).
	TxFile
	// TxOneQuery: no wrapping transaction, but the file is sent as a single
	// query string (sqlx with `-- no-transaction`, dbmate with
	// `transaction:false`, golang-migrate). PostgreSQL runs a query string
	// holding several statements as one implicit transaction block, so a
	// statement that cannot run in a transaction block must be alone in its
	// file.
	TxOneQuery
	// TxFlyway: Flyway runs a migration in a transaction unless it finds a
	// statement that cannot run in one; a migration that mixes both kinds
	// fails unless flyway.mixed is true.
	TxFlyway
)

var txModeNames = [...]string{"autocommit", "transaction", "one-query", "flyway"}

// String names the mode.
func (m TxMode) String() string {
	if m < 0 || int(m) >= len(txModeNames) {
		return "unknown"
	}
	return txModeNames[m]
}

// txTracker follows transaction blocks through a file.
type txTracker struct {
	mode     TxMode
	multi    bool // the file holds more than one statement
	explicit bool // inside BEGIN ... COMMIT
	id       int  // current transaction number
}

// newTxTracker starts following a file of the given number of parsed
// statements; incomplete reports that a syntax error hides more of them.
func newTxTracker(mode TxMode, statements int, incomplete bool) *txTracker {
	return &txTracker{mode: mode, multi: statements > 1 || statements == 1 && incomplete, id: 1}
}

// at reports whether the statement about to run is inside a transaction
// block, and that transaction's number (statements in the same transaction
// share it).
func (t *txTracker) at() (inTx bool, id int) {
	switch t.mode {
	case TxFile:
		return true, t.id
	case TxOneQuery:
		return t.multi || t.explicit, t.id
	default:
		if t.explicit {
			return true, t.id
		}
		t.id++ // an autocommit statement is a transaction of its own
		return false, t.id
	}
}

// after updates the tracker once a statement has run.
func (t *txTracker) after(e effect.Effect) {
	switch e.Tag {
	case "BEGIN", "START TRANSACTION":
		t.explicit = true
		if t.mode != TxFile {
			t.id++
		}
	case "COMMIT", "ROLLBACK", "PREPARE TRANSACTION":
		t.explicit = false
		if t.mode != TxFile {
			t.id++
		}
	}
}
