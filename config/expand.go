package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// expansion is what expanding a scalar gave: kept so that a message about
// the value can say what it was expanded from, and so that a node shared
// through an alias is expanded only once.
type expansion struct {
	from string // the value before expansion
	err  error
}

// expand replaces ${VAR} and ${VAR:-default} in the scalar n once.
func (d *decoder) expand(n *yaml.Node) error {
	if e, done := d.expanded[n]; done {
		return e.err
	}
	value, err := expandEnv(n.Value, d.getenv)
	e := expansion{from: n.Value, err: err}
	d.expanded[n] = e
	if err != nil || value == n.Value {
		return err
	}
	// The expanded text decides the type, quoted or not: quotes are often
	// needed around ${...} for YAML's sake ([${A}, ${B}] is a syntax
	// error), and "${GROUP_CHAT}" should still give a number.
	n.Value = value
	if n.Style&yaml.TaggedStyle == 0 {
		n.Tag = ""
		n.Style = 0
	}
	return nil
}

// describeValue is like describe, and also says what an expanded value was
// expanded from.
func (d *decoder) describeValue(n *yaml.Node) string {
	s := describe(n)
	if e, ok := d.expanded[n]; ok && e.err == nil && e.from != n.Value {
		s += " (expanded from " + quote(e.from) + ")"
	}
	return s
}

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expandEnv replaces ${VAR} and ${VAR:-default} in s; $${ is a literal ${.
func expandEnv(s string, getenv func(string) string) (string, error) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		if i > 0 && s[i-1] == '$' { // $${ -> ${
			b.WriteString(s[:i-1] + "${")
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return "", errors.New(`unterminated "${" (missing "}"; write "$${" for a literal "${")`)
		}
		expr := s[i+2 : i+end]
		name, def, hasDef := strings.Cut(expr, ":-")
		if !envNameRE.MatchString(name) {
			return "", fmt.Errorf("bad environment variable reference %s (want ${NAME} or ${NAME:-default})", quote("${"+expr+"}"))
		}
		val := getenv(name)
		if val == "" && hasDef {
			val = def
		}
		b.WriteString(val)
		s = s[i+end+1:]
	}
}
