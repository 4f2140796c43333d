package inspect

import "time"

// SetLockWait sets how long Realm waits for a locked table, so that a test
// of the wait need not take the default ten seconds.
func SetLockWait(d time.Duration) (restore func()) {
	old := lockWait
	lockWait = d
	return func() { lockWait = old }
}

// BatchedQueries is the number of queries Realm sends in its batch, one
// per object kind after schemas.sql.
var BatchedQueries = len(batchedFiles)
