package migrate

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeDir writes files into a new temporary directory and returns it.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSumText(t *testing.T) {
	files := map[string][]byte{
		"10_c.sql":             []byte("c"),
		"9_b.sql":              []byte("b"),
		"9_b.down.sql":         []byte("b down"),
		"README.md":            []byte("not covered"),
		"V1_2__x.sql.conf":     []byte("executeInTransaction=false\n"),
		"repeatable.sql":       []byte("no version"),
		"00000000000001_a.sql": []byte("a"),
	}
	s := ComputeSum(files)
	var names []string
	for _, f := range s.Files {
		names = append(names, f.Name)
	}
	// Numeric version order, unversioned names first, README left out.
	want := []string{"repeatable.sql", "00000000000001_a.sql", "V1_2__x.sql.conf", "9_b.down.sql", "9_b.sql", "10_c.sql"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	text := s.Bytes()
	lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	if len(lines) != len(want)+1 || !strings.HasPrefix(lines[0], "h1:") {
		t.Fatalf("text form:\n%s", text)
	}
	if lines[1] != "repeatable.sql h1:"+strings.TrimPrefix(hash([]byte("no version")), "h1:") {
		t.Errorf("entry line = %q", lines[1])
	}
	back, err := ParseSum(text)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back); diff != "" {
		t.Errorf("ParseSum(Bytes()) (-want +got):\n%s", diff)
	}
	empty, err := ParseSum(ComputeSum(nil).Bytes())
	if err != nil || len(empty.Files) != 0 {
		t.Errorf("empty sum: %v, %v", empty, err)
	}
}

func TestVerifySum(t *testing.T) {
	base := map[string]string{
		"20240101000000_init.sql":  "CREATE TABLE t (id int);\n",
		"20240102000000_more.sql":  "ALTER TABLE t ADD COLUMN x int;\n",
		"20240103000000_index.sql": "-- no-transaction\nCREATE INDEX CONCURRENTLY t_x ON t (x);\n",
	}
	sumOf := func(files map[string]string) string {
		b := map[string][]byte{}
		for n, s := range files {
			b[n] = []byte(s)
		}
		return string(ComputeSum(b).Bytes())
	}
	with := func(changes map[string]string) map[string]string {
		out := map[string]string{SumFile: sumOf(base)}
		for n, s := range base {
			out[n] = s
		}
		for n, s := range changes {
			if s == "" {
				delete(out, n)
			} else {
				out[n] = s
			}
		}
		return out
	}
	tests := []struct {
		name  string
		files map[string]string
		want  *SumError // nil: the sum matches
	}{
		{"matches", with(nil), nil},
		{"empty directory needs no sum", map[string]string{}, nil},
		{"files the sum does not cover", with(map[string]string{"README.md": "notes"}), nil},
		{"edited", with(map[string]string{"20240102000000_more.sql": "ALTER TABLE t ADD COLUMN y int;\n"}),
			&SumError{Edited: []string{"20240102000000_more.sql"}}},
		{"removed", with(map[string]string{"20240101000000_init.sql": ""}),
			&SumError{Removed: []string{"20240101000000_init.sql"}}},
		{"added", with(map[string]string{"20240104000000_new.sql": "SELECT 1;\n"}),
			&SumError{Added: []string{"20240104000000_new.sql"}}},
		{"added down file", with(map[string]string{"20240103000000_index.down.sql": "DROP INDEX t_x;\n"}),
			&SumError{Added: []string{"20240103000000_index.down.sql"}}},
		{"no sum", with(map[string]string{SumFile: ""}), &SumError{Missing: true}},
		{"sum edited by hand", with(map[string]string{SumFile: strings.Replace(sumOf(base), "20240103000000_index.sql", "20240103000000_indexes.sql", 1)}),
			&SumError{Damaged: "its first line does not hash the rest, so it was edited by hand",
				Removed: []string{"20240103000000_indexes.sql"}, Added: []string{"20240103000000_index.sql"}}},
		{"not a sum", with(map[string]string{SumFile: "hello\n"}), &SumError{Damaged: "its first line is not an h1: hash",
			Added: []string{"20240101000000_init.sql", "20240102000000_more.sql", "20240103000000_index.sql"}}},
		{"conflict markers", with(map[string]string{SumFile: "<<<<<<< HEAD\nh1:x\n=======\nh1:y\n>>>>>>> other\n"}), &SumError{Conflict: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeDir(t, tt.files)
			files, err := SumFiles(dir)
			if err != nil {
				t.Fatal(err)
			}
			err = VerifySum(dir, files)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("VerifySum: %v", err)
				}
				return
			}
			var got *SumError
			if !errors.As(err, &got) {
				t.Fatalf("VerifySum = %v, want a *SumError", err)
			}
			tt.want.Dir, tt.want.SumPath = dir, filepath.Join(dir, SumFile)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			// Every file in question is named in the message.
			for _, f := range append(append(got.Edited, got.Added...), got.Removed...) {
				if !strings.Contains(got.Error(), filepath.Join(dir, f)) {
					t.Errorf("message does not name %s:\n%s", f, got.Error())
				}
			}
		})
	}
}

// TestSumBranchesConflict shows that two branches that each add a
// migration to the same directory cannot be merged without a conflict in
// the sum, while the migration files themselves merge cleanly.
func TestSumBranchesConflict(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	sum := func(names ...string) string {
		files := map[string][]byte{}
		for _, n := range names {
			files[n] = []byte("-- " + n + "\n")
		}
		return string(ComputeSum(files).Bytes())
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base := write("base", sum("1_a.sql", "2_b.sql"))
	ours := write("ours", sum("1_a.sql", "2_b.sql", "3_ours.sql"))
	theirs := write("theirs", sum("1_a.sql", "2_b.sql", "4_theirs.sql"))
	out, err := exec.Command(git, "merge-file", "-p", ours, base, theirs).Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() <= 0 {
		t.Fatalf("git merge-file merged the sums without a conflict (err %v):\n%s", err, out)
	}
	if _, err := ParseSum(out); err == nil || !err.(*SumError).Conflict {
		t.Errorf("ParseSum of the merged sum = %v, want a conflict", err)
	}
}

// TestSumFormat checks that the sum records the directory's format, which
// settles sqlx against golang-migrate for .up.sql and .down.sql pairs.
func TestSumFormat(t *testing.T) {
	files := map[string][]byte{"1_a.up.sql": []byte("SELECT 1;\n"), "1_a.down.sql": []byte("SELECT 2;\n")}
	s := ComputeSum(files)
	s.Format = FormatSQLx
	text := s.Bytes()
	if lines := strings.Split(string(text), "\n"); lines[1] != "format sqlx" {
		t.Fatalf("second line %q, want the format", lines[1])
	}
	back, err := ParseSum(text)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	dir := writeDir(t, map[string]string{"1_a.up.sql": "SELECT 1;\n", "1_a.down.sql": "SELECT 2;\n", SumFile: string(text)})
	if DetectFormat(files) != FormatGolangMigrate {
		t.Fatal("the files alone should look like golang-migrate")
	}
	d, _, err := Open(dir, "")
	if err != nil || d.Format != FormatSQLx {
		t.Errorf("Open detects %v (%v), want the sum's sqlx", d, err)
	}
	if _, _, err := Open(dir, FormatGolangMigrate); err == nil || !strings.Contains(err.Error(), "says the directory's format is sqlx, not golang-migrate") {
		t.Errorf("Open with a contradicting format: %v", err)
	}
	if err := VerifySum(dir, files); err != nil {
		t.Errorf("VerifySum: %v", err)
	}
}
