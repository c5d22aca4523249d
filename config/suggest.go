package config

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/agnivade/levenshtein"
	"go.yaml.in/yaml/v3"
)

// suggest returns a " (did you mean ...?)" hint for the unknown key name
// under parent: a similar sibling key, or the same key in another section.
func suggest(parent, name string, siblings map[string]field) string {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "-", "_")) }
	best, bestDist := "", 0
	for s := range siblings {
		dist := levenshtein.ComputeDistance(norm(name), s)
		if dist > 2 || dist > len(s)/2 {
			continue
		}
		if best == "" || dist < bestDist || dist == bestDist && s < best {
			best, bestDist = s, dist
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	var elsewhere []string
	for _, p := range keyPaths("", reflect.TypeFor[Config]()) {
		if p != joinPath(parent, name) && (p == norm(name) || strings.HasSuffix(p, "."+norm(name))) {
			elsewhere = append(elsewhere, p)
		}
	}
	if len(elsewhere) > 0 {
		return fmt.Sprintf(" (did you mean %q?)", elsewhere[0])
	}
	return ""
}

// keyPaths lists every key path of t in field order.
func keyPaths(prefix string, t reflect.Type) []string {
	var paths []string
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if !sf.IsExported() || name == "" || name == "-" {
			continue
		}
		p := joinPath(prefix, name)
		paths = append(paths, p)
		if sf.Type.Kind() == reflect.Struct && !reflect.PointerTo(sf.Type).Implements(reflect.TypeFor[yaml.Unmarshaler]()) {
			paths = append(paths, keyPaths(p, sf.Type)...)
		}
	}
	return paths
}
