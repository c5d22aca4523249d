package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

// Load reads and validates the file. getenv is os.Getenv in
// production (nil means os.Getenv). Problems with the file's contents are
// returned as a *Error.
func Load(path string, getenv func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	return Parse(path, data, getenv)
}

// Parse parses YAML from data over Default and validates the
// result; name is the file name used in messages.
//
// Before a scalar value is decoded, ${VAR} and ${VAR:-default} in it are
// replaced using getenv (nil means os.Getenv); $${ stands for a literal ${.
// An unset variable expands to the empty string. A value that contained
// ${...} is typed by its expanded text whether it was quoted or not, and
// leaves the default in place if it expands to nothing. Expansion happens
// inside the parsed value, so line numbers are those of the file.
//
// Every problem found is returned at once, as a *Error.
func Parse(name string, data []byte, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	cfg := Default()
	d := newDecoder(getenv)
	root, problems := parseYAML(data)
	fullWidth := fullWidthColons(data)
	switch {
	case len(problems) > 0 && len(fullWidth) > 0:
		// The YAML error is a consequence of the full-width colon and
		// points elsewhere; report only the cause.
		problems = fullWidth
	case len(problems) == 0:
		problems = fullWidth
		if root != nil {
			d.root(root, reflect.ValueOf(&cfg).Elem())
		}
		problems = append(problems, d.problems...)
		if !d.failed[""] { // the top level was a mapping (or empty)
			v := &validator{lines: d.lines, failed: d.failed, getenv: getenv, dir: filepath.Dir(name)}
			cfg.validate(v)
			problems = append(problems, v.problems...)
		}
	}
	if len(problems) > 0 {
		for i := range problems {
			problems[i].File = name
		}
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
		return nil, &Error{Problems: problems}
	}
	cfg.Telegram.APIURL = strings.TrimRight(cfg.Telegram.APIURL, "/")
	cfg.warnings = cfg.warn(d.lines)
	for i := range cfg.warnings {
		cfg.warnings[i].File = name
	}
	return &cfg, nil
}

// Validate checks a Config that was not read from a file, such as one built
// from Default in a test; Parse and Load validate for you.
// getenv (nil means os.Getenv) is used to check the webhook secret. The
// problems in the returned *Error carry no file or line.
func (c *Config) Validate(getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	v := &validator{getenv: getenv}
	c.validate(v)
	if len(v.problems) > 0 {
		return &Error{Problems: v.problems}
	}
	return nil
}
