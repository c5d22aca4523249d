package telegramtest

import (
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// botAPI94 is the Bot API 9.4 specification (the version
// github.com/go-telegram/bot v1.19.0 implements), carried in the package
// so that requests are validated wherever the code is built. Its source
// and licence are in botapi/LICENSE.
//
//go:embed botapi/api-9.4.json
var botAPI94 []byte

// botAPI94Name names the embedded specification in error messages.
const botAPI94Name = "botapi/api-9.4.json"

// apiSpec is the Bot API specification, indexed once for validation.
type apiSpec struct {
	methods map[string]*methodSpec // by lower-case name
	types   map[string]*typeSpec
}

// methodSpec describes one method.
type methodSpec struct {
	name        string
	fields      fieldSet
	returnsBool bool
}

// typeSpec describes one object type or union.
type typeSpec struct {
	name     string
	fields   fieldSet
	subtypes []*typeSpec
	// kind is the value its "type" field must have ("must be chat"), or "".
	kind string
	// open types (no fields, no subtypes, like CallbackGame) accept any object.
	open bool
}

// fieldSet is the fields of a method or type, in specification order.
type fieldSet struct {
	order  []*fieldSpec
	byName map[string]*fieldSpec
}

// fieldSpec describes one field.
type fieldSpec struct {
	name     string
	alts     []typeRef
	required bool
	limit    *lengthLimit
}

// typeRef is one alternative type of a field: base wrapped in arrays.
type typeRef struct {
	arrays int
	base   string    // String, Integer, Float, Boolean, InputFile or a type name
	typ    *typeSpec // resolved object type, nil for basic types
}

// lengthLimit is a length range taken from a field description, such as
// "1-4096 characters after entities parsing" or "1-64 bytes".
type lengthLimit struct {
	min, max int
	bytes    bool // counted in bytes, else in characters
	parsed   bool // counted after parse_mode entities parsing
}

func (t typeRef) String() string {
	return strings.Repeat("Array of ", t.arrays) + t.base
}

// raw shapes of the parts of the JSON file the server reads.
type rawSpec struct {
	Methods map[string]rawMethod `json:"methods"`
	Types   map[string]rawType   `json:"types"`
}

type rawMethod struct {
	Name    string     `json:"name"`
	Returns []string   `json:"returns"`
	Fields  []rawField `json:"fields"`
}

type rawType struct {
	Name     string     `json:"name"`
	Fields   []rawField `json:"fields"`
	Subtypes []string   `json:"subtypes"`
}

type rawField struct {
	Name        string   `json:"name"`
	Types       []string `json:"types"`
	Required    bool     `json:"required"`
	Description string   `json:"description"`
}

// loadSpec indexes the specification in data; name says where it came
// from.
func loadSpec(name string, data []byte) (*apiSpec, error) {
	raw, err := parseRawSpec(data)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", name, err)
	}
	if len(raw.Methods) == 0 {
		return nil, errors.New(name + ": no methods")
	}
	sp := &apiSpec{
		methods: make(map[string]*methodSpec, len(raw.Methods)),
		types:   make(map[string]*typeSpec, len(raw.Types)),
	}
	for name := range raw.Types {
		sp.types[name] = &typeSpec{name: name}
	}
	for name, rt := range raw.Types {
		t := sp.types[name]
		t.fields = sp.fieldSet(rt.Fields)
		for _, st := range rt.Subtypes {
			if sub := sp.types[st]; sub != nil {
				t.subtypes = append(t.subtypes, sub)
			}
		}
		t.open = len(rt.Fields) == 0 && len(t.subtypes) == 0
		for _, f := range rt.Fields {
			if f.Name == "type" {
				t.kind = parseKind(f.Description)
			}
		}
	}
	for name, rm := range raw.Methods {
		ms := &methodSpec{name: name, fields: sp.fieldSet(rm.Fields)}
		ms.returnsBool = len(rm.Returns) == 1 && rm.Returns[0] == "Boolean"
		sp.methods[strings.ToLower(name)] = ms
	}
	return sp, nil
}

func (sp *apiSpec) fieldSet(raw []rawField) fieldSet {
	fs := fieldSet{byName: make(map[string]*fieldSpec, len(raw))}
	for _, rf := range raw {
		f := &fieldSpec{name: rf.Name, required: rf.Required}
		for _, ts := range rf.Types {
			f.alts = append(f.alts, sp.typeRef(ts))
		}
		if f.accepts("String") {
			f.limit = parseLimit(rf.Description)
		}
		fs.order = append(fs.order, f)
		fs.byName[f.name] = f
	}
	return fs
}

func (sp *apiSpec) typeRef(s string) typeRef {
	var t typeRef
	for strings.HasPrefix(s, "Array of ") {
		t.arrays++
		s = strings.TrimPrefix(s, "Array of ")
	}
	t.base = s
	t.typ = sp.types[s]
	return t
}

// accepts reports whether base is one of the field's alternatives.
func (f *fieldSpec) accepts(base string) bool {
	for _, a := range f.alts {
		if a.arrays == 0 && a.base == base {
			return true
		}
	}
	return false
}

// parseKind returns X from a description ending in "must be X".
func parseKind(desc string) string {
	i := strings.LastIndex(desc, "must be ")
	if i < 0 {
		return ""
	}
	k := desc[i+len("must be "):]
	if k == "" || strings.TrimLeft(k, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return ""
	}
	return k
}

// parseLimit finds "N-M characters" or "N-M bytes" in a description.
func parseLimit(desc string) *lengthLimit {
	for i := 0; i < len(desc); i++ {
		if !isDigit(desc[i]) || (i > 0 && isDigit(desc[i-1])) {
			continue
		}
		j := i
		for j < len(desc) && isDigit(desc[j]) {
			j++
		}
		if j >= len(desc) || desc[j] != '-' {
			continue
		}
		k := j + 1
		for k < len(desc) && isDigit(desc[k]) {
			k++
		}
		if k == j+1 {
			continue
		}
		rest := desc[k:]
		var unit string
		switch {
		case strings.HasPrefix(rest, " characters"):
			unit = " characters"
		case strings.HasPrefix(rest, " bytes"):
			unit = " bytes"
		default:
			continue
		}
		minV, err1 := strconv.Atoi(desc[i:j])
		maxV, err2 := strconv.Atoi(desc[j+1 : k])
		if err1 != nil || err2 != nil {
			continue
		}
		return &lengthLimit{
			min:    minV,
			max:    maxV,
			bytes:  unit == " bytes",
			parsed: strings.HasPrefix(rest[len(unit):], " after entities parsing"),
		}
	}
	return nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
