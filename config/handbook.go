package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/branchbot/branchbot"
)

// loadHandbook reads a study handbook: YAML with unknown keys refused, then
// the handbook's own checks (unique ids, lengths). It returns the file's
// contents too, for the lines of what CheckHandbook finds.
func loadHandbook(path string) (*branchbot.Handbook, []byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("handbook: %w", err)
	}
	hb, err := parseHandbook(path, data)
	return hb, data, err
}

// CheckHandbook runs extra over the study handbook that validation loaded
// (nil when daily study is off), as validation ran the handbook's own
// checks, and reports what extra finds the same way: a *Error with one
// problem at study.handbook in file (the configuration file's name, as
// given to Load), listing each of extra's HandbookErrors on a line of its
// own with its line in the handbook file. Package cmd passes the checks
// that need the bot's rendering (bot.CheckHandbook), which config does
// not import.
func (c *Config) CheckHandbook(file string, extra func(*branchbot.Handbook) error) error {
	if c.study == nil || c.study.handbook == nil || extra == nil {
		return nil
	}
	err := extra(c.study.handbook)
	if err == nil {
		return nil
	}
	s := c.study
	msg := fmt.Sprintf("handbook %s:\n%s", s.handbookPath, handbookProblems(s.handbookPath, s.handbookData, err))
	return &Error{Problems: []Problem{{File: file, Line: s.handbookLine, Key: "study.handbook", Msg: msg}}}
}

// parseHandbook decodes and checks a handbook; name is for messages. Each
// problem with a section is reported on a line of its own as
// PATH:LINE: sections[i] (id "…"): field: problem, the line being the
// field's in the handbook file (or the section's).
func parseHandbook(path string, data []byte) (*branchbot.Handbook, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var hb branchbot.Handbook
	if err := dec.Decode(&hb); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("handbook %s: the file is empty", path)
		}
		return nil, fmt.Errorf("handbook %s: %v", path, err)
	}
	if err := hb.Validate(); err != nil {
		return nil, fmt.Errorf("handbook %s:\n%s", path, handbookProblems(path, data, err))
	}
	return &hb, nil
}

// handbookProblems writes the problems Validate or CheckHandbook found, one
// a line, each with the handbook file's line where it can tell.
func handbookProblems(path string, data []byte, err error) string {
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root) // it decoded once already
	errs := flatten(err)
	lines := make([]string, len(errs))
	for i, e := range errs {
		line := 0
		var he *branchbot.HandbookError
		if errors.As(e, &he) {
			line = itemLine(&root, "sections", he.Section, he.Field)
		}
		if line > 0 {
			lines[i] = fmt.Sprintf("%s:%d: %v", path, line, e)
		} else {
			lines[i] = fmt.Sprintf("%s: %v", path, e)
		}
	}
	return strings.Join(lines, "\n")
}

// itemLine is the line of field (a YAML key, maybe indexed as in
// "questions[2]") of item i of the file's list (its sections, its
// questions), or of the item, or of the top-level key field for item -1;
// 0 when the file does not have it.
func itemLine(root *yaml.Node, list string, i int, field string) int {
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	name, index := field, -1
	if at := strings.IndexByte(field, '['); at >= 0 {
		name = field[:at]
		if _, err := fmt.Sscanf(field[at:], "[%d]", &index); err != nil {
			index = -1
		}
	}
	if i < 0 {
		key, _ := mapValue(doc, name)
		if key == nil {
			return 0
		}
		return key.Line
	}
	_, secs := mapValue(doc, list)
	if secs == nil || secs.Kind != yaml.SequenceNode || i >= len(secs.Content) {
		return 0
	}
	sec := secs.Content[i]
	key, val := mapValue(sec, name)
	switch {
	case key == nil:
		return sec.Line
	case index >= 0 && val.Kind == yaml.SequenceNode && index < len(val.Content):
		return val.Content[index].Line
	}
	return key.Line
}

// mapValue finds key in a mapping node and returns its key and value nodes.
func mapValue(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value == key {
			return m.Content[j], m.Content[j+1]
		}
	}
	return nil, nil
}

// flatten lists the errors joined in err, however deeply.
func flatten(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}
