package telegramtest

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// jsonScanner reads the specification file without encoding/json: the
// file is large and mostly descriptions the server does not need, which
// the scanner skips with bytes.IndexByte. This keeps NewServer fast, also
// under the race detector, without caching the spec in a global.
type jsonScanner struct {
	data []byte
	pos  int
}

func (s *jsonScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("spec JSON at byte %d: %s", s.pos, fmt.Sprintf(format, args...))
}

// ws skips whitespace and returns the next byte (0 at the end). Runs of
// indentation are skipped eight bytes at a time.
func (s *jsonScanner) ws() byte {
	const spaces = 0x2020202020202020
	for s.pos+8 <= len(s.data) && binary.LittleEndian.Uint64(s.data[s.pos:]) == spaces {
		s.pos += 8
	}
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; c {
		case ' ', '\n', '\r', '\t':
			s.pos++
		default:
			return c
		}
	}
	return 0
}

func (s *jsonScanner) expect(c byte) error {
	if s.ws() != c {
		return s.errorf("%q expected", c)
	}
	s.pos++
	return nil
}

// rawString returns the contents of the string at the cursor, escapes
// left as they are.
func (s *jsonScanner) rawString() ([]byte, error) {
	if err := s.expect('"'); err != nil {
		return nil, err
	}
	start := s.pos
	for {
		i := bytes.IndexByte(s.data[s.pos:], '"')
		if i < 0 {
			return nil, s.errorf("unterminated string")
		}
		end := s.pos + i
		s.pos = end + 1
		backslashes := 0
		for j := end - 1; j >= start && s.data[j] == '\\'; j-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return s.data[start:end], nil
		}
	}
}

// str returns the string at the cursor, unescaped.
func (s *jsonScanner) str() (string, error) {
	raw, err := s.rawString()
	if err != nil {
		return "", err
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), nil
	}
	var out string
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	if err := json.Unmarshal(quoted, &out); err != nil {
		return "", s.errorf("bad string: %v", err)
	}
	return out, nil
}

func (s *jsonScanner) boolean() (bool, error) {
	s.ws()
	switch {
	case bytes.HasPrefix(s.data[s.pos:], []byte("true")):
		s.pos += 4
		return true, nil
	case bytes.HasPrefix(s.data[s.pos:], []byte("false")):
		s.pos += 5
		return false, nil
	}
	return false, s.errorf("boolean expected")
}

// object calls fn for each key of the object at the cursor; fn consumes
// the value.
func (s *jsonScanner) object(fn func(key string) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if s.ws() == '}' {
		s.pos++
		return nil
	}
	for {
		key, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := fn(key); err != nil {
			return err
		}
		switch s.ws() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return s.errorf("',' or '}' expected")
		}
	}
}

// array calls fn for each element of the array at the cursor; fn
// consumes the element.
func (s *jsonScanner) array(fn func() error) error {
	if err := s.expect('['); err != nil {
		return err
	}
	if s.ws() == ']' {
		s.pos++
		return nil
	}
	for {
		if err := fn(); err != nil {
			return err
		}
		switch s.ws() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.errorf("',' or ']' expected")
		}
	}
}

// strings reads an array of strings.
func (s *jsonScanner) strings() ([]string, error) {
	var out []string
	err := s.array(func() error {
		v, err := s.str()
		out = append(out, v)
		return err
	})
	return out, err
}

// skip passes over the value at the cursor.
func (s *jsonScanner) skip() error {
	switch s.ws() {
	case '"':
		_, err := s.rawString()
		return err
	case '{':
		return s.object(func(string) error { return s.skip() })
	case '[':
		return s.array(s.skip)
	case 0:
		return s.errorf("value expected")
	}
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ',', '}', ']', ' ', '\n', '\r', '\t':
			return nil
		}
		s.pos++
	}
	return nil
}

// parseRawSpec reads the parts of the specification the server uses.
func parseRawSpec(data []byte) (rawSpec, error) {
	s := &jsonScanner{data: data}
	raw := rawSpec{Methods: map[string]rawMethod{}, Types: map[string]rawType{}}
	err := s.object(func(key string) error {
		switch key {
		case "methods":
			return s.object(func(name string) error {
				m, err := s.method()
				raw.Methods[name] = m
				return err
			})
		case "types":
			return s.object(func(name string) error {
				t, err := s.typ()
				raw.Types[name] = t
				return err
			})
		}
		return s.skip()
	})
	if err == nil && s.ws() != 0 {
		err = s.errorf("data after the JSON object")
	}
	return raw, err
}

func (s *jsonScanner) method() (rawMethod, error) {
	var m rawMethod
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "name":
			m.Name, err = s.str()
		case "returns":
			m.Returns, err = s.strings()
		case "fields":
			m.Fields, err = s.fields()
		default:
			err = s.skip()
		}
		return err
	})
	return m, err
}

func (s *jsonScanner) typ() (rawType, error) {
	var t rawType
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "name":
			t.Name, err = s.str()
		case "subtypes":
			t.Subtypes, err = s.strings()
		case "fields":
			t.Fields, err = s.fields()
		default:
			err = s.skip()
		}
		return err
	})
	return t, err
}

func (s *jsonScanner) fields() ([]rawField, error) {
	var out []rawField
	err := s.array(func() error {
		var f rawField
		err := s.object(func(key string) error {
			var err error
			switch key {
			case "name":
				f.Name, err = s.str()
			case "types":
				f.Types, err = s.strings()
			case "required":
				f.Required, err = s.boolean()
			case "description":
				// Only length ranges and "must be X" are read from it,
				// which escapes do not affect; other descriptions are
				// not kept.
				var d []byte
				d, err = s.rawString()
				if bytes.Contains(d, []byte(" characters")) || bytes.Contains(d, []byte(" bytes")) || bytes.Contains(d, []byte("must be ")) {
					f.Description = string(d)
				}
			default:
				err = s.skip()
			}
			return err
		})
		out = append(out, f)
		return err
	})
	return out, err
}
