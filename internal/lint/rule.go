package lint

// Category groups rules in the documentation and decides which findings a
// small table makes harmless.
type Category string

// Rule categories.
const (
	CategoryLock      Category = "lock"      // blocks traffic or fails where it runs
	CategoryData      Category = "data"      // loses data or breaks running code
	CategoryType      Category = "type"      // column types that age badly
	CategoryMigration Category = "migration" // the migrations directory itself
)

// A Rule is one kind of problem lint looks for.
type Rule struct {
	// ID is the rule's name in findings, flags, config and suppressions.
	ID       string
	Category Category
	// Severity is the default; configuration can change it.
	Severity Severity
	// Summary says in one sentence what the rule flags.
	Summary string
	// Alternative is the safe way to do the same thing; findings carry it
	// as their hint unless the rule words a more specific one.
	Alternative string
	// SizeMatters reports that the harm grows with the table (a scan or a
	// rewrite under lock), so that with --url a finding on a table smaller
	// than Config.SmallTableRows is downgraded to info. Rules about lock
	// queues, run-time failures and data loss do not shrink with the table.
	SizeMatters bool

	// check looks at one statement; nil for rules reported elsewhere
	// (syntax-error, migration-edited, migration-order, unused-suppression)
	// or decided at the end of the file (finish).
	check func(c *stmtCtx, r *Rule)
	// finish runs once the whole file has been seen, for rules that can
	// only decide at its end (a BEGIN never committed, a statement that a
	// later transaction of the file may make run twice).
	finish func(run *fileRun, r *Rule)
}

// allRules lists every rule, in documentation order. Each rule is defined
// in its own rule_<id>.go file.
var allRules = []*Rule{
	ruleConcurrentIndex,
	ruleConcurrentIndexDrop,
	ruleConcurrentReindex,
	ruleConcurrentDetachPartition,
	ruleConcurrentInTransaction,
	ruleConstraintNotValid,
	ruleUniqueConstraintIndex,
	ruleSetNotNull,
	ruleColumnTypeRewrite,
	ruleVolatileDefault,
	ruleExclusionConstraint,
	ruleLockTimeout,
	ruleVacuumFull,
	ruleEnumValueInTransaction,
	ruleTransactionNesting,
	ruleUncommittedTransaction,
	ruleRerunSafe,
	ruleDropTable,
	ruleDropColumn,
	ruleDropSchema,
	ruleDropDatabase,
	ruleTruncate,
	ruleRenameTable,
	ruleRenameColumn,
	ruleAddRequiredColumn,
	ruleDropNotNull,
	ruleIdentifierTooLong,
	rulePreferBigint,
	rulePreferIdentity,
	rulePreferTimestamptz,
	rulePreferText,
	ruleBanChar,
	rulePreferJSONB,
	ruleMigrationEdited,
	ruleMigrationOrder,
	ruleSyntaxError,
	ruleUnusedSuppression,
}

var rulesByID = func() map[string]*Rule {
	m := make(map[string]*Rule, len(allRules))
	for _, r := range allRules {
		m[r.ID] = r
	}
	return m
}()

// Rules returns every rule, in documentation order. The slice is a copy;
// the rules themselves must not be changed.
func Rules() []*Rule { return append([]*Rule(nil), allRules...) }

// LookupRule returns the rule with the given id.
func LookupRule(id string) (*Rule, bool) {
	r, ok := rulesByID[id]
	return r, ok
}
