package lint

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/internal/effect"
)

// A File is one SQL file to lint or to replay.
type File struct {
	// Name is the file's path as findings print it.
	Name string
	// Text is the whole file.
	Text string
	// Start and End delimit, in bytes of Text, the statements that run: the
	// up section of a goose or dbmate migration. End == 0 means len(Text).
	Start, End int
	// Mode says how the runner sends the file to PostgreSQL.
	Mode TxMode
	// Runner names the migration tool for messages ("sqlx", "goose"); ""
	// for a plain SQL file.
	Runner string
}

func (f File) bounds() (int, int) {
	start, end := f.Start, f.End
	if end <= 0 || end > len(f.Text) {
		end = len(f.Text)
	}
	if start < 0 || start > end {
		start = 0
	}
	return start, end
}

// A Linter lints files in order. What each file creates, alters or drops is
// remembered (in an [effect.State] over the base catalog), so that a later
// statement or file knows, for example, that a table was created in the
// same migration and is still empty. One Linter follows one sequence of
// migrations; it is not safe for concurrent use.
type Linter struct {
	cfg       *Config
	base      effect.Catalog
	state     *effect.State
	blockSize int64
	// touched lists the tables the files created or altered so far: the
	// ones that may have foreign keys the base catalog does not know.
	touched map[effect.Name]bool
	// parsed holds the parses Preparse made ahead, by section text, until
	// Lint or Replay takes them.
	parsed map[string]*parsed
}

// parsed is the parse of one section that Preparse started; done is closed
// when stmts and err are set.
type parsed struct {
	section string
	stmts   []effect.Statement
	err     error
	done    chan struct{}
}

// New returns a Linter. base describes the database before the first file
// (a live catalog from LoadCatalog, or nil when nothing is known: every
// relation a statement names is then assumed to exist and to be big).
func New(cfg *Config, base effect.Catalog) *Linter {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	l := &Linter{cfg: cfg, base: base, state: effect.NewState(base), blockSize: 8192, touched: map[effect.Name]bool{}}
	if b, ok := base.(interface{ BlockSize() int64 }); ok && b.BlockSize() > 0 {
		l.blockSize = b.BlockSize()
	}
	return l
}

// Replay applies the statements of f without linting them: it is how the
// migrations that precede the linted ones provide context. A syntax error
// stops the replay of f at the statement that holds it and is returned.
func (l *Linter) Replay(f File) error {
	start, end := f.bounds()
	stmts, err := l.parse(f.Text[start:end])
	for _, s := range stmts {
		l.state.Apply(s)
		l.noteTables(s)
	}
	l.state.EndUnit()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	return nil
}

// Preparse starts parsing the files that Lint or Replay will be given, on
// every CPU, and returns at once. Parsing is most of the time a lint takes
// and, unlike the rules, which must see the files in order, needs nothing
// from the files before it: Lint takes each parse as soon as it is ready,
// while the later files are still being parsed. A file not preparsed is
// parsed when it is linted.
func (l *Linter) Preparse(files []File) {
	if l.parsed == nil {
		l.parsed = make(map[string]*parsed, len(files))
	}
	jobs := make([]*parsed, len(files))
	for i, f := range files {
		start, end := f.bounds()
		jobs[i] = &parsed{section: f.Text[start:end], done: make(chan struct{})}
		l.parsed[jobs[i].section] = jobs[i]
	}
	next := make(chan *parsed, len(jobs))
	for _, j := range jobs {
		next <- j // in order, so that the file Lint waits for comes first
	}
	close(next)
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		go func() {
			for j := range next {
				j.stmts, j.err = effect.ParsePrefix(j.section)
				close(j.done)
			}
		}()
	}
}

// parse returns the statements of section, from Preparse when it parses
// the section ahead (and forgets that parse: a file runs once).
func (l *Linter) parse(section string) ([]effect.Statement, error) {
	if p, ok := l.parsed[section]; ok {
		delete(l.parsed, section)
		<-p.done
		return p.stmts, p.err
	}
	return effect.ParsePrefix(section)
}

// Lint reports the findings of f, sorted by position, then applies f's
// statements so that later files see their effects. Each file is one unit:
// relations it creates count as new within it and as existing afterwards.
func (l *Linter) Lint(f File) []Finding {
	r := newFileRun(l, f)
	r.run()
	l.state.EndUnit()
	out := r.finish()
	Sort(out)
	return out
}

// Report grades a finding that the caller found itself (migration-edited
// and migration-order come from comparing directories): it fills the
// severity from the configuration and the hint from the rule, and returns
// false when the rule is off.
func (l *Linter) Report(ruleID string, rng hcl.Range, message string) (Finding, bool) {
	r, ok := LookupRule(ruleID)
	if !ok {
		return Finding{}, false
	}
	sev := l.cfg.Severity(r)
	if sev == Off {
		return Finding{}, false
	}
	return Finding{Rule: r.ID, Severity: sev, Message: message, Hint: r.Alternative, Range: rng}, true
}

// pending is a finding before suppressions are applied.
type pending struct {
	Finding
	stmt int // index of the statement it is about; -1 for the file
}

// fileRun is the linting of one file.
type fileRun struct {
	l       *Linter
	f       File
	base    int    // offset of the section in f.Text
	section string // the statements that run
	lines   *lineIndex
	stmts   []effect.Statement
	tx      *txTracker
	mode    TxMode // effective mode (Flyway resolved)
	// assumed reports that mode is TxFile because of
	// Config.AssumeInTransaction, not because the runner says so.
	assumed bool

	// lock_timeout: set for the session, or SET LOCAL in transaction localTx.
	timeoutSession  bool
	timeoutLocalTx  int
	timeoutReported bool
	// enum values added, with the transaction that added them.
	enumAdds []enumAdd
	// schemas created by this file.
	newSchemas map[string]bool
	// constraints added NOT VALID to existing tables, for
	// constraint-not-valid's same-transaction VALIDATE.
	notValid []notValidAdd
	// incomplete reports a syntax error: the statements after it are
	// unknown. openBegin is the BEGIN of the explicit transaction block
	// still open, if any.
	incomplete bool
	openBegin  *stmtCtx
	// rerun holds the statements that fail when run twice, for rerun-safe
	// to judge once the file's last transaction is known.
	rerun  []rerunCandidate
	lastTx int

	out []pending
}

type enumAdd struct {
	value effect.EnumValue
	tx    int
}

func newFileRun(l *Linter, f File) *fileRun {
	start, end := f.bounds()
	r := &fileRun{l: l, f: f, base: start, section: f.Text[start:end], lines: newLineIndex(f.Text), mode: f.Mode, newSchemas: map[string]bool{}}
	if l.cfg.AssumeInTransaction && assumable(f) {
		r.mode, r.assumed = TxFile, true
	}
	return r
}

// assumable reports whether Config.AssumeInTransaction applies to f: its
// runner leaves transactions to the file (a plain file, run statement by
// statement, or a golang-migrate one, sent as one query string). A file
// whose runner wraps it, or that opts out with the runner's own marker,
// keeps its mode.
func assumable(f File) bool {
	switch f.Runner {
	case "":
		return f.Mode == TxAutocommit
	case "golang-migrate":
		return f.Mode == TxOneQuery
	}
	return false
}

func (r *fileRun) run() {
	stmts, err := r.l.parse(r.section)
	r.stmts = stmts
	if err != nil {
		r.syntaxError(err)
		r.incomplete = true
	}
	if r.mode == TxFlyway {
		r.mode = r.flywayMode()
	}
	r.tx = newTxTracker(r.mode, len(stmts), err != nil)
	for i, s := range stmts {
		e := effect.Analyze(s, r.l.state)
		explicit := r.tx.explicit
		inTx, id := r.tx.at()
		c := &stmtCtx{run: r, i: i, stmt: s, eff: e, before: r.l.state, inTx: inTx, txID: id, explicit: explicit}
		for _, rule := range allRules {
			if rule.check != nil && r.l.cfg.Severity(rule) != Off {
				rule.check(c, rule)
			}
		}
		r.observe(c)
		r.l.state.Apply(s)
		r.l.noteTables(s)
		r.tx.after(e)
		switch e.Tag {
		case "BEGIN", "START TRANSACTION":
			if !explicit {
				r.openBegin = c
			}
		case "COMMIT", "ROLLBACK", "PREPARE TRANSACTION":
			r.openBegin = nil
		}
		r.lastTx = id
	}
	for _, rule := range allRules {
		if rule.finish != nil && r.l.cfg.Severity(rule) != Off {
			rule.finish(r, rule)
		}
	}
}

// observe records what a statement changes in the session: lock_timeout,
// enum values added, schemas created.
func (r *fileRun) observe(c *stmtCtx) {
	if set, local, ok := lockTimeoutSetting(c.stmt); ok {
		switch {
		case local && set:
			if c.inTx {
				r.timeoutLocalTx = c.txID
			}
		case local:
			r.timeoutLocalTx = 0
		default:
			r.timeoutSession = set
			if !set {
				r.timeoutLocalTx = 0
			}
		}
	}
	for _, v := range c.eff.EnumValues {
		r.enumAdds = append(r.enumAdds, enumAdd{value: v, tx: c.txID})
	}
	for _, a := range c.eff.Actions {
		if a.Kind == effect.ActAddConstraint && !a.New && c.inTx && a.Constraint != nil && a.Constraint.NotValid && a.Constraint.Name != "" {
			r.notValid = append(r.notValid, notValidAdd{table: a.Target, name: a.Constraint.Name, tx: c.txID, lock: a.Lock, line: r.lines.pos(r.base + c.at(a)).Line})
		}
	}
	if c.eff.Tag == "CREATE SCHEMA" {
		for _, n := range c.eff.Creates {
			r.newSchemas[n.Name] = true
		}
	}
}

// lockTimeoutActive reports whether a lock_timeout is in force for the
// statement of c.
func (r *fileRun) lockTimeoutActive(c *stmtCtx) bool {
	return r.timeoutSession || c.inTx && r.timeoutLocalTx != 0 && r.timeoutLocalTx == c.txID
}

func (r *fileRun) syntaxError(err error) {
	off := 0
	if n := len(r.stmts); n > 0 {
		off = r.stmts[n-1].End
	}
	off = effect.SkipTrivia(r.section, off)
	msg := err.Error()
	var se *effect.SyntaxError
	if errors.As(err, &se) {
		msg = se.Message
		if se.Offset >= 0 {
			off = se.Offset
		}
	}
	if off > len(r.section) {
		off = len(r.section)
	}
	// The parser quotes the text near the error, which may span lines, and
	// may cut it in the middle of a UTF-8 character ("0\xc3" for "0ø"):
	// drop the partial character so that every output stays valid UTF-8.
	msg = strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(strings.ToValidUTF8(msg, ""))
	sev := r.l.cfg.Severity(ruleSyntaxError)
	if sev == Off {
		return
	}
	rng := r.lines.rng(r.f.Name, r.base+off, r.base+off)
	r.out = append(r.out, pending{stmt: -1, Finding: Finding{Rule: ruleSyntaxError.ID, Severity: sev, Message: msg, Hint: ruleSyntaxError.Alternative, Range: rng}})
}

// flywayMode resolves how Flyway runs the file: in one transaction unless
// a statement cannot run in one, in which case every statement runs on its
// own. A file that mixes both kinds is refused unless flyway.mixed is true;
// that is reported here as concurrent-in-transaction.
func (r *fileRun) flywayMode() TxMode {
	nonTx, tx := -1, -1
	for i, s := range r.stmts {
		e := effect.Analyze(s, nil)
		if !e.Transactional {
			if nonTx < 0 {
				nonTx = i
			}
		} else if tx < 0 {
			tx = i
		}
	}
	if nonTx < 0 {
		return TxFile
	}
	if tx >= 0 {
		if sev := r.l.cfg.Severity(ruleConcurrentInTransaction); sev != Off {
			s := r.stmts[nonTx]
			e := effect.Analyze(s, nil)
			r.out = append(r.out, pending{stmt: nonTx, Finding: Finding{
				Rule: ruleConcurrentInTransaction.ID, Severity: sev,
				Message: fmt.Sprintf("%s cannot run in a transaction block, and this migration also holds statements that can: Flyway refuses to mix both kinds in one migration unless flyway.mixed is true (and then runs none of it in a transaction)", commandWords(e)),
				Hint:    "move the statement into a migration of its own",
				Range:   r.lines.rng(r.f.Name, r.base+s.Start, r.base+s.End),
			}})
		}
	}
	return TxAutocommit
}

// finish applies suppressions and returns the findings.
func (r *fileRun) finish() []Finding {
	dirs := r.directives()
	out := make([]Finding, 0, len(r.out))
	for _, p := range r.out {
		if dirs.suppress(p) {
			continue
		}
		out = append(out, p.Finding)
	}
	if sev := r.l.cfg.Severity(ruleUnusedSuppression); sev != Off {
		for _, u := range dirs.unused(r.l.cfg) {
			out = append(out, Finding{Rule: ruleUnusedSuppression.ID, Severity: sev, Message: u.message, Hint: ruleUnusedSuppression.Alternative,
				Range: r.lines.rng(r.f.Name, u.start, u.end)})
		}
	}
	return out
}

// A stmtCtx is what a rule sees of one statement.
type stmtCtx struct {
	run  *fileRun
	i    int              // index of the statement in the file
	stmt effect.Statement // offsets relative to run.section
	eff  effect.Effect
	// before is the catalog as it is before the statement runs.
	before effect.Catalog
	// inTx reports that the statement runs inside a transaction block;
	// txID numbers that transaction.
	inTx bool
	txID int
	// explicit reports that the transaction block is an explicit BEGIN.
	explicit bool

	colTypes     []columnType // memo of columnTypes, for the type rules
	colTypesDone bool
}

// columnTypes returns the column types the statement declares, computed
// once for all the type rules.
func (c *stmtCtx) columnTypes() []columnType {
	if !c.colTypesDone {
		c.colTypes, c.colTypesDone = columnTypes(c.stmt, c.run.section), true
	}
	return c.colTypes
}

// at returns the offset in the section that a finding about act points
// at: the clause when the parser recorded where it is, else the statement.
func (c *stmtCtx) at(act effect.Action) int {
	if act.Pos >= c.stmt.Start && act.Pos <= c.stmt.End {
		return act.Pos
	}
	return c.stmt.Start
}

// isNew reports whether the relation was created earlier in the same file.
func (c *stmtCtx) isNew(n effect.Name) bool {
	if t, ok := c.before.Table(n); ok {
		return t.New
	}
	if ix, ok := c.before.Index(n); ok {
		return ix.New
	}
	return false
}

// report records a finding of rule r at offset off of the section (-1:
// the statement's start) about relation rel (zero: none). hint "" means
// the rule's Alternative.
func (c *stmtCtx) report(r *Rule, off int, rel effect.Name, msg, hint string) {
	cfg := c.run.l.cfg
	sev := cfg.Severity(r)
	if sev == Off {
		return
	}
	if off < 0 {
		off = c.stmt.Start
	}
	if hint == "" {
		hint = r.Alternative
	}
	f := Finding{Rule: r.ID, Severity: sev, Message: msg, Hint: hint}
	if !rel.IsZero() {
		f.Relation = rel.String()
		if t, ok := c.before.Table(rel); ok && t.Sized {
			f.Size = sizeText(t, c.run.l.blockSize)
			f.Message += " (" + f.Relation + ": " + f.Size + ")"
			if r.SizeMatters && cfg.SmallTableRows > 0 && t.Rows >= 0 && t.Rows < cfg.SmallTableRows && f.Severity > Info {
				f.Severity = Info
				f.Message += fmt.Sprintf("; info only: fewer than %s rows (small_table_rows)", humanCount(cfg.SmallTableRows))
			}
		}
	}
	base := c.run.base
	f.Range = c.run.lines.rng(c.run.f.Name, base+off, base+c.stmt.End)
	c.run.out = append(c.run.out, pending{Finding: f, stmt: c.i})
}

// runner names the migration tool for messages.
func (c *stmtCtx) runner() string {
	if c.run.f.Runner != "" {
		return c.run.f.Runner
	}
	return "the runner"
}
