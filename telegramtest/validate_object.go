package telegramtest

// Checking an object against its type: its fields, unions, inline
// keyboard buttons and strings with their limits.

import (
	"sort"
	"strings"
	"unicode/utf8"
)

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
