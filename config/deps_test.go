package config

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoTelegramDependency: package config reads files and checks values;
// what needs the bot's rendering (bot.CheckHandbook) is passed in by cmd
// (Config.CheckHandbook), so config never imports bot or a Telegram
// library.
func TestNoTelegramDependency(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "github.com/branchbot/branchbot/bot" || strings.Contains(path, "telegram") {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
