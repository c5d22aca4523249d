package branchbot

// Entity is a piece of Telegram formatting (bold, a link, a mention …) over
// a span of a message's text. Offsets and lengths count UTF-16 code
// units, as Telegram does.
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
	URL    string `json:"url,omitempty"`
	// UserID and UserName name the user of a text_mention.
	UserID        int64  `json:"user_id,omitempty"`
	UserName      string `json:"user_name,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
}

// UTF16Len is the length of s in UTF-16 code units, the unit of entity
// offsets.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// UTF16Index is the UTF-16 offset of byte offset i of s.
func UTF16Index(s string, i int) int {
	if i > len(s) {
		i = len(s)
	}
	return UTF16Len(s[:i])
}

// SliceEntities returns the entities of a text that fall in the span
// [from, to) of it (UTF-16 offsets), clipped to the span and moved to
// count from its start: the formatting of a part cut out of the text.
// Entities that do not overlap the span are dropped, as are bot commands
// (which only mean something at the start of the text they came in).
func SliceEntities(es []Entity, from, to int) []Entity {
	var out []Entity
	for _, e := range es {
		if e.Type == "bot_command" {
			continue
		}
		start, end := max(e.Offset, from), min(e.Offset+e.Length, to)
		if start >= end {
			continue
		}
		e.Offset, e.Length = start-from, end-start
		out = append(out, e)
	}
	return out
}

// ShiftEntities returns es moved by n UTF-16 code units, for text put
// after a prefix of that length.
func ShiftEntities(es []Entity, n int) []Entity {
	if len(es) == 0 {
		return nil
	}
	out := make([]Entity, len(es))
	for i, e := range es {
		e.Offset += n
		out[i] = e
	}
	return out
}
