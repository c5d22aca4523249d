package bot

// What the secretary typed after /broadcast: keywords, audience, time and
// the text with its formatting.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// composition is what the secretary typed after /broadcast.
type composition struct {
	kind     branchbot.BroadcastKind
	audience string
	group    string
	// named is set when the audience was written out ("all" included);
	// otherwise it is all by default.
	named    bool
	text     string
	entities []branchbot.Entity
	// at, atDay and atClock are "at [YYYY-MM-DD] HH:MM": send at a set
	// time rather than when confirmed.
	at             bool
	atDay, atClock string
}

// kindWords and audienceWords are the keywords /broadcast takes before the
// text, in English and Chinese.
var (
	kindWords = map[string]branchbot.BroadcastKind{
		"directive": branchbot.BroadcastDirective, "指示": branchbot.BroadcastDirective, "指示精神": branchbot.BroadcastDirective,
		"notice": branchbot.BroadcastNotice, "通知": branchbot.BroadcastNotice,
	}
	audienceWords = map[string]string{
		"all": branchbot.AudienceAll, "全体": branchbot.AudienceAll, "全部": branchbot.AudienceAll,
		"committee": branchbot.AudienceCommittee, "支委": branchbot.AudienceCommittee, "支委会": branchbot.AudienceCommittee,
	}
)

// nextWord returns the word of s starting at byte i (after white space),
// taking a quoted word ("Group 1", “第一 小组”) whole, and the byte offset
// just past it.
func nextWord(s string, i int) (word string, end int) {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	if i >= len(s) {
		return "", i
	}
	if r, size := utf8.DecodeRuneInString(s[i:]); r == '"' || r == '“' {
		closeQ := "\""
		if r == '“' {
			closeQ = "”"
		}
		if j := strings.Index(s[i+size:], closeQ); j >= 0 {
			return s[i+size : i+size+j], i + size + j + len(closeQ)
		}
	}
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) {
			break
		}
		j += size
	}
	return s[i:j], j
}

// parseBroadcast reads "/broadcast [directive] [all|GROUP|committee]
// [at [YYYY-MM-DD] HH:MM] TEXT" (the keywords in any order) from a
// message's text (or caption) and its entities. groups are the branch's
// group names. The text keeps its line breaks and formatting.
func parseBroadcast(text string, ents []branchbot.Entity, groups []string) composition {
	c := composition{kind: branchbot.BroadcastNotice, audience: branchbot.AudienceAll}
	_, pos := nextWord(text, 0) // the command
	kindSet, audSet := false, false
	for !kindSet || !audSet || !c.at {
		w, end := nextWord(text, pos)
		if w == "" {
			break
		}
		lw := strings.ToLower(w)
		if (lw == "at" || w == "定时") && !c.at {
			first, end1 := nextWord(text, end)
			if first == "" {
				break
			}
			c.at, pos = true, end1
			if _, err := branchbot.ParseDay(first); err == nil {
				c.atDay = first
				c.atClock, pos = nextWord(text, end1)
			} else {
				c.atClock = first
			}
			continue
		}
		if k, ok := kindWords[lw]; ok && !kindSet {
			c.kind, kindSet, pos = k, true, end
			continue
		}
		if a, ok := audienceWords[lw]; ok && !audSet {
			c.audience, audSet, pos = a, true, end
			continue
		}
		if !audSet && containsString(groups, w) {
			c.audience, c.group, audSet, pos = branchbot.AudienceGroup, w, true, end
			continue
		}
		break
	}
	c.named = audSet
	start := pos
	for start < len(text) {
		r, size := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	body := strings.TrimRightFunc(text[start:], unicode.IsSpace)
	from := branchbot.UTF16Index(text, start)
	c.text = body
	c.entities = branchbot.SliceEntities(ents, from, from+branchbot.UTF16Len(body))
	return c
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// fromTelegram converts a message's entities to the outbox's.
func fromTelegram(es []models.MessageEntity) []branchbot.Entity {
	var out []branchbot.Entity
	for _, e := range es {
		be := branchbot.Entity{Type: string(e.Type), Offset: e.Offset, Length: e.Length, URL: e.URL, Language: e.Language, CustomEmojiID: e.CustomEmojiID}
		if e.User != nil {
			be.UserID, be.UserName = e.User.ID, e.User.FirstName
		}
		out = append(out, be)
	}
	return out
}

// messageBody is the text a command came in and its entities: the caption
// of a photo or document, else the text.
func messageBody(msg *models.Message) (string, []models.MessageEntity) {
	if msg.Text == "" && hasFile(msg) {
		return msg.Caption, msg.CaptionEntities
	}
	return msg.Text, msg.Entities
}

func hasFile(msg *models.Message) bool { return len(msg.Photo) > 0 || msg.Document != nil }
