package telegramtest

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// decodeHTMLEntity decodes the character reference at s[pos] == '&'.
func decodeHTMLEntity(s string, pos int) (r rune, next int, ok bool) {
	end := pos + 1
	res := 0
	if byteAt(s, pos+1) == '#' {
		end++
		if byteAt(s, pos+2) == 'x' {
			end++
			for {
				v, ok := hexValue(byteAt(s, end))
				if !ok || end-pos >= 10 {
					break
				}
				res = res*16 + v
				end++
			}
		} else {
			for isDigit(byteAt(s, end)) && end-pos < 10 {
				res = res*10 + int(s[end]-'0')
				end++
			}
		}
		if res == 0 || res >= 0x10ffff || end-pos >= 10 {
			return 0, 0, false
		}
	} else {
		for isAlpha(byteAt(s, end)) {
			end++
		}
		switch s[pos+1 : end] {
		case "lt":
			res = '<'
		case "gt":
			res = '>'
		case "amp":
			res = '&'
		case "quot":
			res = '"'
		default:
			return 0, 0, false
		}
	}
	if byteAt(s, end) == ';' {
		end++
	}
	return rune(res), end, true
}

func htmlTagSupported(tag string) bool {
	switch tag {
	case "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
		"tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote":
		return true
	}
	return false
}

// parseHTML implements parse_mode HTML.
func parseHTML(s string) (string, []models.MessageEntity, error) {
	type openTag struct {
		tag, arg string
		off      int
		begin    int // byte position in the output
	}
	var (
		o     = entityOut{text: make([]byte, 0, len(s))}
		stack []openTag
		langs = map[int]string{} // entity index -> language of <code class="language-x">
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '&' {
			if r, next, ok := decodeHTMLEntity(s, i); ok {
				if r >= 0xD800 && r <= 0xDFFF {
					return "", nil, entityError("Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units")
				}
				o.addRune(r)
				i = next - 1
				continue
			}
		}
		if c != '<' {
			o.addByte(c)
			continue
		}
		begin := i
		i++
		if byteAt(s, i) != '/' {
			for !isSpace(byteAt(s, i)) && byteAt(s, i) != '>' {
				i++
			}
			if byteAt(s, i) == 0 {
				return "", nil, entityError("Unclosed start tag at byte offset %d", begin)
			}
			tag := strings.ToLower(s[begin+1 : i])
			if !htmlTagSupported(tag) {
				return "", nil, entityError("Unsupported start tag \"%s\" at byte offset %d", tag, begin)
			}
			arg := ""
			for byteAt(s, i) != '>' {
				for byteAt(s, i) != 0 && isSpace(byteAt(s, i)) {
					i++
				}
				if byteAt(s, i) == '>' {
					break
				}
				nameBegin := i
				for {
					b := byteAt(s, i)
					if isSpace(b) || b == '=' || b == '>' || b == '/' || b == '"' || b == '\'' {
						break
					}
					i++
				}
				name := s[nameBegin:i]
				if name == "" {
					return "", nil, entityError("Empty attribute name in the tag \"%s\" at byte offset %d", tag, begin)
				}
				for byteAt(s, i) != 0 && isSpace(byteAt(s, i)) {
					i++
				}
				if byteAt(s, i) != '=' {
					if byteAt(s, i) == 0 {
						return "", nil, entityError("Unclosed start tag \"%s\" at byte offset %d", tag, begin)
					}
					if tag == "blockquote" && name == "expandable" {
						arg = "1"
					}
					continue
				}
				i++
				for byteAt(s, i) != 0 && isSpace(byteAt(s, i)) {
					i++
				}
				if byteAt(s, i) == 0 {
					return "", nil, entityError("Unclosed start tag \"%s\" at byte offset %d", tag, begin)
				}
				var value string
				if q := byteAt(s, i); q != '\'' && q != '"' {
					tokenBegin := i
					for isAlnum(byteAt(s, i)) || byteAt(s, i) == '.' || byteAt(s, i) == '-' {
						i++
					}
					value = strings.ToLower(s[tokenBegin:i])
					if !isSpace(byteAt(s, i)) && byteAt(s, i) != '>' {
						return "", nil, entityError("Unexpected end of name token at byte offset %d", tokenBegin)
					}
				} else {
					i++
					var v []byte
					for byteAt(s, i) != q && byteAt(s, i) != 0 {
						if s[i] == '&' {
							if r, next, ok := decodeHTMLEntity(s, i); ok {
								v = utf8.AppendRune(v, r)
								i = next
								continue
							}
						}
						v = append(v, s[i])
						i++
					}
					if byteAt(s, i) == q {
						i++
					}
					value = string(v)
				}
				if byteAt(s, i) == 0 {
					return "", nil, entityError("Unclosed start tag at byte offset %d", begin)
				}
				switch {
				case tag == "a" && name == "href":
					arg = value
				case tag == "code" && name == "class" && strings.HasPrefix(value, "language-"):
					arg = value[len("language-"):]
				case tag == "span" && name == "class" && strings.HasPrefix(value, "tg-"):
					arg = value[len("tg-"):]
				case tag == "tg-emoji" && name == "emoji-id":
					arg = value
				case tag == "blockquote" && name == "expandable":
					arg = "1"
				}
			}
			if tag == "span" && arg != "spoiler" {
				return "", nil, entityError("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
			}
			stack = append(stack, openTag{tag: tag, arg: arg, off: o.off, begin: len(o.text)})
			continue
		}
		// end tag
		if len(stack) == 0 {
			return "", nil, entityError("Unexpected end tag at byte offset %d", begin)
		}
		for !isSpace(byteAt(s, i)) && byteAt(s, i) != '>' {
			i++
		}
		endTag := strings.ToLower(s[begin+2 : i])
		for byteAt(s, i) != 0 && isSpace(byteAt(s, i)) {
			i++
		}
		if byteAt(s, i) != '>' {
			return "", nil, entityError("Unclosed end tag at byte offset %d", begin)
		}
		top := stack[len(stack)-1]
		if endTag != "" && endTag != top.tag {
			return "", nil, entityError("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.tag, endTag)
		}
		stack = stack[:len(stack)-1]
		if o.off <= top.off {
			continue
		}
		last := len(o.entities) - 1
		sameSpan := last >= 0 && o.entities[last].Offset == top.off && o.entities[last].Length == o.off-top.off
		switch top.tag {
		case "i", "em":
			o.add(kindItalic, top.off, "")
		case "b", "strong":
			o.add(kindBold, top.off, "")
		case "s", "strike", "del":
			o.add(kindStrikethrough, top.off, "")
		case "u", "ins":
			o.add(kindUnderline, top.off, "")
		case "tg-spoiler", "span":
			o.add(kindSpoiler, top.off, "")
		case "tg-emoji":
			if id, err := strconv.ParseInt(top.arg, 10, 64); err != nil || id == 0 {
				return "", nil, entityError("Invalid custom emoji identifier specified")
			}
			o.add(kindCustomEmoji, top.off, top.arg)
		case "a":
			link := top.arg
			if link == "" {
				link = string(o.text[top.begin:])
			}
			if link != "" {
				o.add(kindTextURL, top.off, link)
			}
		case "pre":
			if lang := langs[last]; sameSpan && o.entities[last].Type == models.MessageEntityTypeCode && lang != "" {
				o.entities[last].Type = models.MessageEntityTypePre
				o.entities[last].Language = lang
			} else {
				o.add(kindPre, top.off, "")
			}
		case "code":
			if sameSpan && o.entities[last].Type == models.MessageEntityTypePre && top.arg != "" {
				o.entities[last].Language = top.arg
			} else {
				o.add(kindCode, top.off, "")
				langs[len(o.entities)-1] = top.arg
			}
		case "blockquote":
			if top.arg != "" {
				o.add(kindExpandableBlockQuote, top.off, "")
			} else {
				o.add(kindBlockQuote, top.off, "")
			}
		}
	}
	if len(stack) > 0 {
		return "", nil, entityError("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].tag)
	}
	return o.result()
}
