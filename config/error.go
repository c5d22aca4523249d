package config

import (
	"strconv"
	"strings"
)

// Error lists every problem found in a configuration file.
type Error struct {
	Problems []Problem
}

// Error returns the problems, one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Problem is one problem in a configuration file.
type Problem struct {
	// File is the file name given to Parse or Load.
	File string
	// Line is the 1-based line of the problem, or 0 if unknown.
	Line int
	// Key is the dotted key path, such as "branch.timezone" or
	// "branch.secretaries[1]"; it is empty for YAML syntax errors.
	Key string
	// Msg says what is wrong.
	Msg string
	// Warning marks something that works but is likely not what the
	// operator meant; see Config.Warnings.
	Warning bool
}

// String formats p as "FILE:LINE: key.path: message", or for a warning
// "FILE:LINE: key.path: warning: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p.Key != "" {
		b.WriteString(p.Key + ": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}
