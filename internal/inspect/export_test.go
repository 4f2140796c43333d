package inspect

import "time"

// SetLockWait sets how long Realm waits for a locked table, so that a test
// of the wait need not take the default ten seconds.
func SetLockWait(d time.Duration) (restore func()) {
	old := lockWait
	lockWait = d
	return func() { lockWait = old }
}
