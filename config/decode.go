package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var yamlLineRE = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)

// parseYAML parses data into the node of its single document (nil if there
// is none), or returns syntax problems.
func parseYAML(data []byte) (root *yaml.Node, problems []Problem) {
	defer func() {
		// The YAML parser is third-party code fed with operator input;
		// turn an internal panic into a problem rather than a crash.
		if r := recover(); r != nil {
			root, problems = nil, []Problem{{Line: 1, Msg: fmt.Sprintf("invalid YAML: %v", r)}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, []Problem{syntaxProblem(err, data)}
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, []Problem{syntaxProblem(err, data)}
	default:
		return nil, []Problem{{Line: extra.Line, Msg: "invalid YAML: only one document is allowed (remove the second ---)"}}
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil, nil
		}
		return doc.Content[0], nil
	}
	return &doc, nil
}

// yamlParserErrors are the messages of the YAML library's parser (as
// opposed to its scanner). go.yaml.in/yaml/v3 v3.0.6 reports their line
// 0-based: "line 2" means line 3, and an error on line 1 has no line at all.
// TestParseConfigSyntaxErrors pins this.
var yamlParserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

func syntaxProblem(err error, data []byte) Problem {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if yamlParserErrors[m[2]] {
			line++
		}
		// An error at the end of the input is reported on the line after
		// the last one.
		last := bytes.Count(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] != '\n' {
			last++
		}
		return Problem{Line: max(1, min(line, last)), Msg: "invalid YAML: " + m[2]}
	}
	return Problem{Line: 1, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// decoder decodes a YAML node tree into a Config, recording the line of
// every key it sets and a problem for everything it cannot decode.
type decoder struct {
	getenv   func(string) string
	lines    map[string]int  // key path -> line of the key
	failed   map[string]bool // key paths whose values could not be decoded
	expanded map[*yaml.Node]expansion
	problems []Problem
}

func newDecoder(getenv func(string) string) *decoder {
	return &decoder{
		getenv:   getenv,
		lines:    map[string]int{},
		failed:   map[string]bool{},
		expanded: map[*yaml.Node]expansion{},
	}
}

// errorf records a problem with the value of the key at path, which
// validation then leaves alone.
func (d *decoder) errorf(line int, path, format string, args ...any) {
	d.keyErrorf(line, path, format, args...)
	d.failed[path] = true
}

// keyErrorf records a problem with a key itself.
func (d *decoder) keyErrorf(line int, path, format string, args ...any) {
	d.problems = append(d.problems, Problem{Line: line, Key: path, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) root(n *yaml.Node, v reflect.Value) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(max(n.Line, 1), "", "want a mapping of sections (telegram, branch, storage, quiet_hours, log), got %s", describe(n))
		return
	}
	d.mapping("", n, v)
}

// mapping decodes the keys of the YAML mapping n into the struct v.
func (d *decoder) mapping(path string, n *yaml.Node, v reflect.Value) {
	fields := structFields(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.keyErrorf(k.Line, path, "want a key name, got %s", describe(k))
			continue
		}
		name := k.Value
		kp := joinPath(path, name)
		if first, dup := seen[name]; dup {
			d.keyErrorf(k.Line, kp, "duplicate key (first set at line %d)", first)
			continue
		}
		seen[name] = k.Line
		f, ok := fields[name]
		switch {
		case ok:
			d.lines[kp] = k.Line
			d.value(kp, val, v.Field(f.index), f)
		case isTokenKey(name):
			d.keyErrorf(k.Line, kp, "the bot token must not be in the configuration file; "+
				"put it in the BRANCHBOT_TOKEN environment variable (or the one named by telegram.token_env) "+
				"or in a file named by telegram.token_file")
		case name == "<<" && k.ShortTag() == "!!merge":
			d.keyErrorf(k.Line, path, "merge keys (<<) are not supported; write the keys out")
		default:
			d.keyErrorf(k.Line, kp, "unknown key%s", suggest(path, name, fields))
		}
	}
}

// value decodes the YAML node n into v, whose key path is path.
func (d *decoder) value(path string, n *yaml.Node, v reflect.Value, f field) {
	line := n.Line
	n = deref(n)
	if n.Kind == yaml.ScalarNode {
		if err := d.expand(n); err != nil {
			d.errorf(line, path, "%v", err)
			return
		}
	}
	if isNull(n) {
		if f.noNull {
			d.errorf(line, path, "want %s, got nothing", f.wantText(v.Type()))
		}
		return // keep the default
	}
	if u, ok := v.Addr().Interface().(yaml.Unmarshaler); ok {
		if err := u.UnmarshalYAML(n); err != nil {
			d.errorf(line, path, "%v", err)
		}
		return
	}
	wrongType := func() { d.errorf(line, path, "want %s, got %s", f.wantText(v.Type()), d.describeValue(n)) }
	switch v.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			wrongType()
			return
		}
		d.mapping(path, n, v)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			wrongType()
			return
		}
		d.mapEntries(path, n, v)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			wrongType()
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			ip := fmt.Sprintf("%s[%d]", path, i)
			d.lines[ip] = item.Line
			d.value(ip, item, s.Index(i), field{want: f.item, noNull: true})
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			wrongType()
			return
		}
		v.SetString(n.Value)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var x int64
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&x) != nil {
			wrongType()
			return
		}
		if v.OverflowInt(x) {
			d.errorf(line, path, "%d is out of range", x)
			return
		}
		v.SetInt(x)
	case reflect.Float32, reflect.Float64:
		var x float64
		tag := n.ShortTag()
		if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || n.Decode(&x) != nil {
			wrongType()
			return
		}
		v.SetFloat(x)
	case reflect.Bool:
		var x bool
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&x) != nil {
			wrongType()
			return
		}
		v.SetBool(x)
	default:
		panic(fmt.Sprintf("config: field %s has unsupported type %s", path, v.Type()))
	}
}

// mapEntries decodes the YAML mapping n into the map v, whose keys are
// names the operator chooses (such as meeting kinds). An entry already in
// the map (a default) is the starting point its keys override.
func (d *decoder) mapEntries(path string, n *yaml.Node, v reflect.Value) {
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.keyErrorf(k.Line, path, "want a name, got %s", describe(k))
			continue
		}
		kp := joinPath(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.keyErrorf(k.Line, kp, "duplicate key (first set at line %d)", first)
			continue
		}
		seen[k.Value] = k.Line
		d.lines[kp] = k.Line
		key := reflect.ValueOf(k.Value).Convert(v.Type().Key())
		elem := reflect.New(v.Type().Elem()).Elem()
		if old := v.MapIndex(key); old.IsValid() {
			elem.Set(old)
		}
		d.value(kp, val, elem, field{})
		v.SetMapIndex(key, elem)
	}
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; i < 8 && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.AliasNode || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// describe says what n is, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing"
		}
		return quote(n.Value)
	}
	return "nothing"
}

var tokenLikeRE = regexp.MustCompile(`[0-9]{3,}:[A-Za-z0-9_-]{20,}`)

// quote quotes a value from the file for a message, shortening long values
// and hiding anything that looks like a bot token.
func quote(s string) string {
	if tokenLikeRE.MatchString(s) {
		return "a value that looks like a bot token (not shown)"
	}
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:57]) + "..."
	}
	return strconv.Quote(s)
}

func isTokenKey(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
	return n == "token" || strings.HasSuffix(n, "_token") || n == "bottoken"
}

func joinPath(parent, key string) string {
	if !keyNameRE.MatchString(key) {
		key = strconv.Quote(key)
	}
	if parent == "" {
		return key
	}
	return parent + "." + key
}

var keyNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// field describes a struct field that a YAML key decodes into.
type field struct {
	index      int
	want, item string // from the want and item struct tags
	noNull     bool   // a list item: null is an error, not "keep the default"
}

func (f field) wantText(t reflect.Type) string {
	if f.want != "" {
		return f.want
	}
	return typeText(t)
}

func typeText(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		return "a mapping"
	case reflect.Slice:
		return "a list"
	case reflect.Map:
		return "a mapping"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return t.String()
}

// structFields maps the yaml key names of t's fields to the fields.
func structFields(t reflect.Type) map[string]field {
	fields := map[string]field{}
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if !sf.IsExported() || name == "" || name == "-" {
			continue
		}
		fields[name] = field{index: i, want: sf.Tag.Get("want"), item: sf.Tag.Get("item")}
	}
	return fields
}
