package bot

import (
	"fmt"
	"strconv"
	"strings"
)

// pluralForms resolves the plural choices of a text before it is
// formatted: "{day|days}" becomes "day" when the argument of the nearest
// verb before it is 1, else "days". English needs it ("1 day", "3 days");
// Chinese has no plural and no braces. Only the template is read, never
// the arguments, so a brace a member wrote stays as it is.
func pluralForms(format string, args []any) string {
	if !strings.Contains(format, "{") {
		return format
	}
	var sb strings.Builder
	next, last := 0, -1 // the argument the next verb takes; the last one taken
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch {
		case c == '%':
			j := i + 1
			if j < len(format) && format[j] == '%' {
				sb.WriteString("%%")
				i = j
				continue
			}
			for j < len(format) && strings.IndexByte("+-# 0123456789.[]", format[j]) >= 0 {
				if format[j] == '[' {
					if k := strings.IndexByte(format[j:], ']'); k > 0 {
						if n, err := strconv.Atoi(format[j+1 : j+k]); err == nil {
							next = n - 1
						}
						j += k
					}
				}
				j++
			}
			last, next = next, next+1
			if j >= len(format) {
				j = len(format) - 1
			}
			sb.WriteString(format[i : j+1])
			i = j
		case c == '{':
			end := strings.IndexByte(format[i:], '}')
			bar := strings.IndexByte(format[i:], '|')
			if end < 0 || bar < 0 || bar > end {
				sb.WriteByte(c)
				continue
			}
			one, many := format[i+1:i+bar], format[i+bar+1:i+end]
			if last >= 0 && last < len(args) && isOne(args[last]) {
				sb.WriteString(one)
			} else {
				sb.WriteString(many)
			}
			i += end
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// isOne reports whether v is the integer 1 (or -1).
func isOne(v any) bool {
	switch n := v.(type) {
	case int:
		return n == 1 || n == -1
	case int64:
		return n == 1 || n == -1
	case int32:
		return n == 1 || n == -1
	case uint16:
		return n == 1
	case uint32:
		return n == 1
	case uint64:
		return n == 1
	}
	return false
}

// fmtPlural formats like fmt.Sprintf after resolving the plural choices.
func fmtPlural(format string, args ...any) string {
	return fmt.Sprintf(pluralForms(format, args), args...)
}
