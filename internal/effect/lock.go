package effect

// A Lock is one of PostgreSQL's table-level lock modes, ordered from the
// weakest to the strongest. The zero value, LockNone, means that the statement
// takes no lock on an existing relation (it only creates new objects).
type Lock int

// The table-level lock modes of PostgreSQL ("Explicit Locking" in the manual).
const (
	LockNone             Lock = iota // no lock on an existing relation
	AccessShare                      // SELECT; blocks only ACCESS EXCLUSIVE
	RowShare                         // SELECT FOR UPDATE, VALIDATE of a foreign key (referenced table)
	RowExclusive                     // INSERT, UPDATE, DELETE
	ShareUpdateExclusive             // VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT
	Share                            // CREATE INDEX; blocks writes
	ShareRowExclusive                // CREATE TRIGGER, ADD FOREIGN KEY; blocks writes
	Exclusive                        // REFRESH MATERIALIZED VIEW CONCURRENTLY; blocks writes
	AccessExclusive                  // most ALTER TABLE forms, DROP, TRUNCATE; blocks reads and writes
)

var lockNames = [...]string{
	LockNone:             "NONE",
	AccessShare:          "ACCESS SHARE",
	RowShare:             "ROW SHARE",
	RowExclusive:         "ROW EXCLUSIVE",
	ShareUpdateExclusive: "SHARE UPDATE EXCLUSIVE",
	Share:                "SHARE",
	ShareRowExclusive:    "SHARE ROW EXCLUSIVE",
	Exclusive:            "EXCLUSIVE",
	AccessExclusive:      "ACCESS EXCLUSIVE",
}

// String returns the mode's name as PostgreSQL spells it in LOCK TABLE, for
// example "ACCESS EXCLUSIVE".
func (l Lock) String() string {
	if l < 0 || int(l) >= len(lockNames) {
		return "UNKNOWN"
	}
	return lockNames[l]
}

// conflicts is PostgreSQL's table-level lock conflict matrix, indexed by the
// two modes; it is symmetric.
var conflicts = [9][9]bool{
	AccessShare:          {AccessExclusive: true},
	RowShare:             {Exclusive: true, AccessExclusive: true},
	RowExclusive:         {Share: true, ShareRowExclusive: true, Exclusive: true, AccessExclusive: true},
	ShareUpdateExclusive: {ShareUpdateExclusive: true, Share: true, ShareRowExclusive: true, Exclusive: true, AccessExclusive: true},
	Share:                {RowExclusive: true, ShareUpdateExclusive: true, ShareRowExclusive: true, Exclusive: true, AccessExclusive: true},
	ShareRowExclusive:    {RowExclusive: true, ShareUpdateExclusive: true, Share: true, ShareRowExclusive: true, Exclusive: true, AccessExclusive: true},
	Exclusive:            {RowShare: true, RowExclusive: true, ShareUpdateExclusive: true, Share: true, ShareRowExclusive: true, Exclusive: true, AccessExclusive: true},
	AccessExclusive:      {AccessShare: true, RowShare: true, RowExclusive: true, ShareUpdateExclusive: true, Share: true, ShareRowExclusive: true, Exclusive: true, AccessExclusive: true},
}

// Conflicts reports whether two sessions can not hold l and m on the same
// relation at the same time.
func (l Lock) Conflicts(m Lock) bool {
	if l <= LockNone || m <= LockNone || int(l) >= len(conflicts) || int(m) >= len(conflicts) {
		return false
	}
	return conflicts[l][m]
}

// BlocksReads reports whether l makes plain SELECTs on the relation wait.
func (l Lock) BlocksReads() bool { return l.Conflicts(AccessShare) }

// BlocksWrites reports whether l makes INSERT, UPDATE and DELETE on the
// relation wait.
func (l Lock) BlocksWrites() bool { return l.Conflicts(RowExclusive) }

// Impact describes in a few words whom the lock makes wait, for messages.
func (l Lock) Impact() string {
	switch {
	case l.BlocksReads():
		return "blocks reads and writes"
	case l.BlocksWrites():
		return "blocks writes"
	case l.Conflicts(ShareUpdateExclusive):
		return "blocks other schema changes and VACUUM"
	case l > LockNone:
		return "blocks little"
	}
	return "takes no lock"
}
