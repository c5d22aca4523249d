package telegramtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Validation checks a request against the specification: the method's
// required fields are present, no unknown field is sent, values have one
// of the field's types, JSON-encoded objects (reply_markup, entities,
// scope ...) have the fields of their type (for unions, of one of its
// subtypes) recursively, and strings respect the length limits the field
// descriptions state ("1-4096 characters", "1-64 bytes"). Characters are
// counted as Unicode code points after parse_mode parsing, where Telegram
// counts UTF-16 code units; the two differ only for characters outside the
// Basic Multilingual Plane, such as most emoji.
//
// Tolerated: go-telegram/bot v1.19.0 sends "copy_text" with an empty text
// on every inline keyboard button.

// issue is one violation: what is for people, desc is the description of
// the 400 Telegram would answer.
type issue struct {
	what string
	desc string
}

// pathSeg is a step of the path to a value, rendered only for issues.
type pathSeg struct {
	parent *pathSeg
	name   string
	index  int
}

func (p *pathSeg) String() string {
	if p == nil {
		return ""
	}
	prefix := p.parent.String()
	if p.name == "" {
		return prefix + "[" + strconv.Itoa(p.index) + "]"
	}
	if prefix == "" {
		return p.name
	}
	return prefix + "." + p.name
}

// siblings looks up the other fields of the object a value is in; present
// is true for values of any type, value is set for strings.
type siblings func(name string) (value string, present bool)

// validator collects issues.
type validator struct {
	sp     *apiSpec
	issues []issue
}

func (v *validator) add(desc, format string, args ...any) {
	what := fmt.Sprintf(format, args...)
	if desc == "" {
		desc = "Bad Request: " + what
	}
	v.issues = append(v.issues, issue{what: what, desc: desc})
}

// validate checks the parameters p of method m.
func (sp *apiSpec) validate(m *methodSpec, p params) []issue {
	v := validator{sp: sp}
	sib := func(name string) (string, bool) {
		pv, ok := p[name]
		return pv.value, ok
	}
	for _, f := range m.fields.order {
		pv, ok := p[f.name]
		if !ok {
			if f.required {
				v.missing(nil, f)
			}
			continue
		}
		v.param(&pathSeg{name: f.name}, f, pv, sib)
	}
	if len(p) > 0 {
		var unknown []string
		for k := range p {
			if m.fields.byName[k] == nil {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		for _, k := range unknown {
			v.add("", "unknown parameter %q", k)
		}
	}
	if m.name == "setWebhook" {
		if t := p.str("secret_token"); strings.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
			v.add("Bad Request: secret token contains unallowed characters", "secret_token %q: only A-Z, a-z, 0-9, _ and - are allowed", t)
		}
	}
	return v.issues
}

// missing reports a required field that is absent.
func (v *validator) missing(parent *pathSeg, f *fieldSpec) {
	if parent == nil {
		switch f.name {
		case "text":
			v.add("Bad Request: message text is empty", "required parameter %q is missing", f.name)
		case "chat_id":
			v.add("Bad Request: chat_id is empty", "required parameter %q is missing", f.name)
		default:
			v.add("", "required parameter %q is missing", f.name)
		}
		return
	}
	v.add("", "%s: required field %q is missing", parent, f.name)
}

// param checks one top-level parameter against the field's alternatives.
func (v *validator) param(path *pathSeg, f *fieldSpec, pv param, sib siblings) {
	if pv.file != nil {
		if !f.accepts("InputFile") {
			v.add("", "%s: a file upload where %s is expected", path, altNames(f))
		}
		return
	}
	var (
		decoded   any
		decodeErr error
		didDecode bool
		best      []issue
	)
	for i, alt := range f.alts {
		sub := validator{sp: v.sp}
		if alt.arrays > 0 || alt.typ != nil {
			if !didDecode {
				decoded, decodeErr = decodeJSON(pv.value)
				didDecode = true
			}
			if decodeErr != nil {
				what := f.name
				if what == "reply_markup" {
					what = "reply keyboard markup"
				}
				sub.add("Bad Request: can't parse "+what+" JSON object", "%s: invalid JSON: %v", path, decodeErr)
			} else {
				sub.value(path, f, alt, decoded, sib)
			}
		} else {
			sub.scalar(path, f, alt, pv.value, sib)
		}
		if len(sub.issues) == 0 {
			return
		}
		if i == 0 || len(sub.issues) < len(best) {
			best = sub.issues
		}
	}
	v.issues = append(v.issues, best...)
}

func altNames(f *fieldSpec) string {
	names := make([]string, len(f.alts))
	for i, a := range f.alts {
		names[i] = a.String()
	}
	return strings.Join(names, " or ")
}

func decodeJSON(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return x, nil
}

// scalar checks a form value against a basic type.
func (v *validator) scalar(path *pathSeg, f *fieldSpec, alt typeRef, s string, sib siblings) {
	switch alt.base {
	case "String":
		v.str(path, f, s, sib)
	case "Integer":
		if _, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err != nil {
			v.add("", "%s: %q is not an Integer", path, s)
		}
	case "Float":
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			v.add("", "%s: %q is not a Float", path, s)
		}
	case "Boolean":
		if _, ok := parseBool(s); !ok {
			v.add("", "%s: %q is not a Boolean", path, s)
		}
	case "InputFile":
		if !strings.HasPrefix(s, "attach://") {
			v.add("", "%s: a file upload or attach://<name> is expected", path)
		}
	}
}

// value checks a decoded JSON value against one alternative type.
func (v *validator) value(path *pathSeg, f *fieldSpec, ref typeRef, x any, sib siblings) {
	if ref.arrays > 0 {
		arr, ok := x.([]any)
		if !ok {
			v.add("", "%s: %s expected, got %s", path, ref, jsonKind(x))
			return
		}
		elem := typeRef{arrays: ref.arrays - 1, base: ref.base, typ: ref.typ}
		for i, e := range arr {
			v.value(&pathSeg{parent: path, index: i}, f, elem, e, sib)
		}
		return
	}
	switch ref.base {
	case "String", "InputFile":
		switch s := x.(type) {
		case string:
			v.str(path, f, s, sib)
		case json.Number:
		default:
			v.add("", "%s: String expected, got %s", path, jsonKind(x))
		}
	case "Integer":
		switch n := x.(type) {
		case json.Number:
			if _, err := n.Int64(); err != nil {
				v.add("", "%s: %s is not an Integer", path, n)
			}
		case string:
			if _, err := strconv.ParseInt(n, 10, 64); err != nil {
				v.add("", "%s: %q is not an Integer", path, n)
			}
		default:
			v.add("", "%s: Integer expected, got %s", path, jsonKind(x))
		}
	case "Float":
		switch x.(type) {
		case json.Number, string:
		default:
			v.add("", "%s: Float expected, got %s", path, jsonKind(x))
		}
	case "Boolean":
		if _, ok := x.(bool); !ok {
			v.add("", "%s: Boolean expected, got %s", path, jsonKind(x))
		}
	default:
		if ref.typ != nil {
			v.object(path, ref.typ, x)
		}
	}
}

func jsonKind(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", x)
}
