package main

import "testing"

func TestParseServerVersion(t *testing.T) {
	for in, want := range map[string]int{
		"15.4 (Debian 15.4-1.pgdg120+1)": 150004,
		"16.0":                           160000,
		"17beta1":                        170000,
		"13.22":                          130022,
		"9.6.24":                         90600,
		"":                               0,
		"devel":                          0,
	} {
		if got := parseServerVersion(in); got != want {
			t.Errorf("parseServerVersion(%q) = %d, want %d", in, got, want)
		}
	}
}
