package lint

var ruleUncommittedTransaction = &Rule{
	ID:       "uncommitted-transaction",
	Category: CategoryMigration,
	Severity: Error,
	Summary: "A BEGIN that the file never ends with COMMIT or ROLLBACK, in a file the runner does not wrap in a transaction. " +
		"When the session ends, PostgreSQL rolls the open transaction back: psql still exits 0, and the migration's changes are silently lost " +
		"(or, sent as one query string, the runner's own bookkeeping joins the open transaction and is lost with it).",
	Alternative: "end the transaction with COMMIT at the end of the file",
	finish:      finishUncommittedTransaction,
}

func finishUncommittedTransaction(r *fileRun, rule *Rule) {
	if r.incomplete || r.openBegin == nil || !r.tx.explicit || r.mode == TxFile {
		return
	}
	r.openBegin.report(rule, -1, zeroName, r.openBegin.eff.Tag+" is never committed or rolled back in this file: the transaction is rolled back when the session ends, with every change made after it", "")
}
