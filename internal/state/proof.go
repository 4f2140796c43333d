package state

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// PostgreSQL's deparse is not idempotent: a check `status IN ('a', 'b')` on
// a varchar column is stored as
//
//	((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))
//
// and that text, created again (inspect, schema.hcl, the dev database),
// is stored as `... ANY (ARRAY[('a'::character varying)::text, ...])`,
// which is then stable. A database made from SQL holds the first spelling,
// a desired state canonicalised from its HCL the second, and a diff
// compared text with text.
//
// Reconcile proves such pairs equal instead of canonicalising both whole
// sides until a fixpoint: only the expressions that differ cost anything,
// a diff of an unchanged schema costs a walk over its expressions, and
// internal/diff stays a pure comparison of text. For the tables (and
// views) that own a differing expression, it creates each side's copy in
// a scratch database of the dev server, with the types, sequences and
// tables they need, inspects it back, and repeats with the result, the
// two sides in step. A pair is equal when both sides reach the same text;
// it is a real difference when both stop changing apart (or after
// maxProofPasses). The verdicts are cached under the probes' SQL.

// maxProofPasses bounds the round trips of a proof; the forms seen need
// one (one side is a pass behind the other) or two.
const maxProofPasses = 4

// Reconcile makes the expressions of desired that are spelled differently
// from the same expressions of current, but that PostgreSQL stores the
// same once both are created again, take current's spelling, so that a
// diff of the two states finds no change in them. Only desired is
// changed: current may be the replay whose dump is the derived dump, which
// must stay what `schemactl dump` prints.
//
// An expression Reconcile cannot prove equal (its probe does not build on
// the dev server, say) stays a difference, as it would be without it. It
// returns an error only when the dev database cannot be opened.
func (l *Loader) Reconcile(ctx context.Context, current, desired *State) error {
	pairs := differingExprs(current.Realm, desired.Realm)
	if len(pairs) == 0 {
		return nil
	}
	owners := map[schema.ObjectRef]bool{}
	for _, p := range pairs {
		owners[p.key.owner] = true
	}
	var probes [2]string
	var schemas []string
	for i, r := range []*schema.Realm{current.Realm, desired.Realm} {
		sub, err := probeRealm(r, owners)
		if err != nil {
			return nil
		}
		var buf bytes.Buffer
		if err := plan.Dump(sub, &buf); err != nil {
			return nil // e.g. an object the planner cannot create
		}
		probes[i] = buf.String()
		for _, s := range sub.Schemas {
			schemas = append(schemas, s.Name)
		}
	}
	schemas = mergeNames(schemas)

	keys := make([]apply.Script, 0, len(pairs)+2)
	keys = append(keys, apply.Script{SQL: "expression proof\x00" + probes[0]}, apply.Script{SQL: probes[1]})
	for _, p := range pairs {
		keys = append(keys, apply.Script{SQL: p.key.String() + "\x00" + *p.current + "\x00" + *p.desired})
	}
	key, err := l.cacheKey(ctx, keys, schemas)
	if err != nil {
		return err
	}
	var verdict proofEntry
	if !l.read(key, &verdict) {
		var final bool
		if verdict.Equal, final, err = l.prove(ctx, pairs, probes, schemas); err != nil {
			return err
		}
		if final {
			l.write(key, verdict)
		}
	}
	equal := make(map[string]bool, len(verdict.Equal))
	for _, k := range verdict.Equal {
		equal[k] = true
	}
	for _, p := range pairs {
		if equal[p.key.String()] {
			*p.desired = *p.current
		}
	}
	return nil
}

// A proofEntry is the cached verdict of a proof: the keys of the pairs
// proven equal.
type proofEntry struct {
	Equal []string
}

// prove runs the probes, the SQL of each side's copy of what owns the
// pairs, in step until every pair is decided or maxProofPasses, and
// returns the keys of the pairs whose texts meet. final is false when the
// verdict may change on another try (the dev server failed, not the
// probe's SQL), so that it is not cached.
func (l *Loader) prove(ctx context.Context, pairs []exprPair, probes [2]string, schemas []string) (equal []string, final bool, err error) {
	if _, err := l.Dev(ctx); err != nil {
		return nil, false, err
	}
	prev := [2]map[exprKey]string{{}, {}}
	for _, p := range pairs {
		prev[0][p.key] = *p.current
		prev[1][p.key] = *p.desired
	}
	pending := pairs
	for pass := 0; pass < maxProofPasses && len(pending) > 0; pass++ {
		var realms [2]*schema.Realm
		var errs [2]error
		var wg sync.WaitGroup
		for i := range probes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := l.canonicalise(ctx, []apply.Script{{Name: "probe of differing expressions", SQL: probes[i]}}, schemas)
				if err == nil {
					realms[i] = st.Realm
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			// The copy does not build (or the server went away): what is
			// not proven yet stays a difference. PostgreSQL rejecting the
			// probe's SQL will do so again; anything else may not.
			var ae *apply.Error
			return equal, (errs[0] == nil || errors.As(errs[0], &ae)) && (errs[1] == nil || errors.As(errs[1], &ae)), nil
		}
		now := [2]map[exprKey]*string{sites(realms[0]), sites(realms[1])}
		var next []exprPair
		for _, p := range pending {
			c, cok := now[0][p.key]
			d, dok := now[1][p.key]
			switch {
			case !cok || !dok:
				// The copy lost the expression: nothing to compare.
			case *c == *d:
				equal = append(equal, p.key.String())
			case *c == prev[0][p.key] && *d == prev[1][p.key]:
				// Both sides are at their fixpoint, apart: a real change.
			default:
				prev[0][p.key], prev[1][p.key] = *c, *d
				next = append(next, p)
			}
		}
		pending = next
		if len(pending) == 0 {
			break
		}
		for i, r := range realms {
			var buf bytes.Buffer
			if err := plan.Dump(r, &buf); err != nil {
				return equal, true, nil
			}
			probes[i] = buf.String()
		}
	}
	return equal, true, nil
}

// probeRealm is the part of r that holds the expressions of owners: a copy
// with the owning tables, the tables they need (see subRealm), the owning
// views and the tables their queries use, and every type, sequence and
// function, which are few and which expressions use by name.
func probeRealm(r *schema.Realm, owners map[schema.ObjectRef]bool) (*schema.Realm, error) {
	tables := allTables(r)
	names := tableNames(tables)
	want := map[schema.QualifiedName]bool{}
	views := map[schema.QualifiedName]bool{}
	for o := range owners {
		switch o.Kind {
		case schema.KindTable:
			want[o.Relation()] = true
		case schema.KindView:
			views[o.Relation()] = true
			if s, ok := r.Schema(o.Schema); ok {
				if v, ok := s.View(o.Name); ok {
					for _, dep := range v.DependsOn {
						if dep.Kind == schema.KindTable || dep.Kind == schema.KindColumn {
							want[dep.Relation()] = true
						}
					}
				}
			}
		}
	}
	// Parents of INHERITS, at every level: a child cannot be created
	// without them (partition parents subRealm adds itself).
	for grew := true; grew; {
		grew = false
		for _, t := range tables {
			if want[t.QualifiedName()] {
				for _, p := range t.Inherits {
					if !want[p] {
						want[p] = true
						grew = true
					}
				}
			}
		}
	}
	sub, err := subRealm(r, r, want, nil, names)
	if err != nil {
		return nil, err
	}
	// subRealm leaves views out (the partial canonicalisation takes them
	// from the last canonical form): the owning ones are copied back.
	for _, s := range sub.Schemas {
		s.Views = nil
		if rs, ok := r.Schema(s.Name); ok {
			for _, v := range rs.Views {
				if views[schema.QualifiedName{Schema: s.Name, Name: v.Name}] {
					s.Views = append(s.Views, v)
				}
			}
		}
	}
	sub, err = cloneRealm(sub)
	if err != nil {
		return nil, err
	}
	return sub, nil
}

// mergeNames returns the sorted, distinct names.
func mergeNames(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
