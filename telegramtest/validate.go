package telegramtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
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

// object checks a JSON object against type t.
func (v *validator) object(path *pathSeg, t *typeSpec, x any) {
	obj, ok := x.(map[string]any)
	if !ok {
		v.add("", "%s: %s object expected, got %s", path, t.name, jsonKind(x))
		return
	}
	if len(t.subtypes) > 0 {
		v.union(path, t, obj)
		return
	}
	if t.open {
		return
	}
	if t.name == "InlineKeyboardButton" {
		dropEmptyCopyText(obj)
	}
	sib := func(name string) (string, bool) {
		y, ok := obj[name]
		s, _ := y.(string)
		return s, ok
	}
	for _, f := range t.fields.order {
		y, present := obj[f.name]
		if !present || y == nil {
			if f.required {
				v.missing(path, f)
			}
			continue
		}
		fp := &pathSeg{parent: path, name: f.name}
		var best []issue
		for i, alt := range f.alts {
			sub := validator{sp: v.sp}
			sub.value(fp, f, alt, y, sib)
			if len(sub.issues) == 0 {
				best = nil
				break
			}
			if i == 0 || len(sub.issues) < len(best) {
				best = sub.issues
			}
		}
		v.issues = append(v.issues, best...)
	}
	if len(obj) > 0 {
		var unknown []string
		for k := range obj {
			if t.fields.byName[k] == nil {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		for _, k := range unknown {
			v.add("", "%s: unknown field %q for %s", path, k, t.name)
		}
	}
	if t.kind != "" {
		if k, _ := obj["type"].(string); k != t.kind {
			v.add("", "%s: type must be %q for %s, got %q", path, t.kind, t.name, k)
		}
	}
	switch t.name {
	case "InlineKeyboardButton":
		v.inlineButton(path, t, obj)
	case "BotCommand":
		if c, ok := obj["command"].(string); ok && c != "" && strings.Trim(c, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			v.add("Bad Request: BOT_COMMAND_INVALID", "%s: command %q may contain only lowercase English letters, digits and underscores", path, c)
		}
	}
}

// union checks obj against the subtype its "type" names, or else against
// the subtype it fits best.
func (v *validator) union(path *pathSeg, t *typeSpec, obj map[string]any) {
	if k, ok := obj["type"].(string); ok {
		for _, st := range t.subtypes {
			if st.kind == k {
				v.object(path, st, obj)
				return
			}
		}
	}
	var best []issue
	for i, st := range t.subtypes {
		sub := validator{sp: v.sp}
		sub.object(path, st, obj)
		if len(sub.issues) == 0 {
			return
		}
		if i == 0 || len(sub.issues) < len(best) {
			best = sub.issues
		}
	}
	v.issues = append(v.issues, best...)
}

// dropEmptyCopyText removes the empty copy_text go-telegram/bot v1.19.0
// puts on every inline button.
func dropEmptyCopyText(obj map[string]any) {
	ct, ok := obj["copy_text"].(map[string]any)
	if !ok {
		return
	}
	if text, _ := ct["text"].(string); text == "" && len(ct) <= 1 {
		delete(obj, "copy_text")
	}
}

// inlineButton checks that exactly one kind of button is given.
func (v *validator) inlineButton(path *pathSeg, t *typeSpec, obj map[string]any) {
	var kinds []string
	for k, y := range obj {
		switch k {
		case "text", "icon_custom_emoji_id", "style":
			continue
		}
		if y != nil && t.fields.byName[k] != nil {
			kinds = append(kinds, k)
		}
	}
	switch {
	case len(kinds) == 0:
		v.add("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
			"%s: an inline button needs one of callback_data, url, web_app, login_url, switch_inline_query*, copy_text, callback_game or pay", path)
	case len(kinds) > 1:
		sort.Strings(kinds)
		v.add("Bad Request: can't parse inline keyboard button: only one of the optional fields can be used",
			"%s: an inline button must use exactly one of its optional fields, got %s", path, strings.Join(kinds, ", "))
	}
}

// str checks a string against the field's length limit and, for
// parse_mode fields, the mode.
func (v *validator) str(path *pathSeg, f *fieldSpec, s string, sib siblings) {
	if f.name == "parse_mode" || strings.HasSuffix(f.name, "_parse_mode") {
		if !validParseMode(s) {
			v.add("Bad Request: unsupported parse_mode", "%s: unsupported parse_mode %q", path, s)
		}
		return
	}
	lim := f.limit
	if lim == nil {
		return
	}
	unit := "characters"
	n := 0
	if lim.bytes {
		unit = "bytes"
		n = len(s)
	} else {
		text := s
		if lim.parsed {
			_, hasEnts := sib(f.name + "_entities")
			if f.name == "text" {
				_, e := sib("entities")
				hasEnts = hasEnts || e
			}
			mode, ok := sib(f.name + "_parse_mode")
			if !ok {
				mode, _ = sib("parse_mode")
			}
			if !hasEnts && mode != "" && validParseMode(mode) {
				parsed, _, err := formatText(s, mode)
				if err != nil {
					v.add("Bad Request: can't parse entities: "+err.Error(), "%s: can't parse entities (parse_mode %s): %v", path, mode, err)
					return
				}
				text = parsed
			}
			if lim.min > 0 && strings.TrimSpace(text) == "" {
				text = ""
			}
		}
		n = utf8.RuneCountInString(text)
	}
	if n >= lim.min && n <= lim.max {
		return
	}
	desc := ""
	switch {
	case f.name == "text" && lim.parsed && n < lim.min:
		desc = "Bad Request: message text is empty"
	case f.name == "text" && lim.parsed:
		desc = "Bad Request: message is too long"
	case f.name == "caption":
		desc = "Bad Request: message caption is too long"
	case f.name == "callback_data":
		desc = "Bad Request: BUTTON_DATA_INVALID"
	case f.name == "command":
		desc = "Bad Request: BOT_COMMAND_INVALID"
	}
	if n < lim.min && n == 0 {
		v.add(desc, "%s: empty, must be %d-%d %s", path, lim.min, lim.max, unit)
		return
	}
	v.add(desc, "%s: %d %s, must be %d-%d %s", path, n, unit, lim.min, lim.max, unit)
}
