package ops_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyOpsImportsPrometheus: bot, schedule and store tell their small
// observer interfaces and never import Prometheus, so the metrics library
// stays in this package (and cmd) and can be swapped without touching
// them.
func TestOnlyOpsImportsPrometheus(t *testing.T) {
	for _, dir := range []string{"../bot", "../schedule", "../store", ".."} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no Go files in %s", dir)
		}
		for _, name := range files {
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if path, _ := strconv.Unquote(imp.Path.Value); strings.Contains(path, "prometheus") {
					t.Errorf("%s imports %s", name, path)
				}
			}
		}
	}
}
