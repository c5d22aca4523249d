package config

import (
	"regexp"
	"strings"
)

// A Chinese input method types "：" (U+FF1A, the full-width colon) where
// YAML needs ":". The YAML parser then sees no key at all and reports
// something like "did not find expected key" at the start of the enclosing
// mapping, often dozens of lines away. fullWidthColons finds the slip on
// the raw lines, before parsing, so the operator is pointed at the right
// line.

const fullWidthColon = "："

// plainKeyRE is a key as configuration keys are written: a plain ASCII
// identifier. A line whose text before "：" is anything else (Chinese
// text, a quoted string, a flow mapping) is left alone.
var plainKeyRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// blockScalarRE is the value of a key that starts a block scalar ("|",
// ">-", "|2" and so on), with an optional comment.
var blockScalarRE = regexp.MustCompile(`^[|>][-+1-9]*\s*(#.*)?$`)

// fullWidthColons returns a problem for each line of data where a
// full-width colon stands where a key's colon belongs: "  timezone：
// Asia/Shanghai". A "：" inside a value ("name: 第一支部：生态", a quoted
// string, a comment, the text of a block scalar) is not reported.
func fullWidthColons(data []byte) []Problem {
	var problems []Problem
	block := -1 // inside a block scalar: the column of its key
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if block >= 0 {
			if strings.TrimSpace(line) == "" || indent > block {
				continue
			}
			block = -1
		}
		// The column of the key: after the indentation and any "- " of
		// list items.
		rest := line[indent:]
		for strings.HasPrefix(rest, "- ") || rest == "-" {
			rest = strings.TrimLeft(rest[1:], " ")
		}
		col := len(line) - len(rest)
		if strings.HasPrefix(rest, "#") {
			continue
		}
		if blockScalarRE.MatchString(rest) { // "- |": a list item that is a block
			block = col
			continue
		}
		ascii := strings.Index(rest, ":")
		full := strings.Index(rest, fullWidthColon)
		var value string
		switch {
		case full >= 0 && (ascii < 0 || full < ascii):
			key := strings.TrimSpace(rest[:full])
			if !plainKeyRE.MatchString(key) {
				continue
			}
			problems = append(problems, Problem{
				Line: i + 1,
				Msg:  `full-width colon "` + fullWidthColon + `" after key "` + key + `": use an ASCII colon ":"`,
			})
			value = rest[full+len(fullWidthColon):]
		case ascii >= 0:
			value = rest[ascii+1:]
		default:
			continue
		}
		if blockScalarRE.MatchString(strings.TrimSpace(value)) {
			block = col
		}
	}
	return problems
}
