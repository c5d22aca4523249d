package store

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
)

// paddedKeyDays is how many days before the newest the 8 → 9 migration
// renames the study keys of. A key is read back by a ✅ press, to edit the
// prompt it names, on its own day or the morning after; older keys only
// stop a past day's prompt from being queued again, which no Tick does, so
// they are left as they were until PruneDeliveries drops them, rather than
// rewriting months of keys in one transaction.
const paddedKeyDays = 2

// padStudyKeys is the 8 → 9 migration: the study prompt and nudge keys of
// the last days ("study/2026-03-10/m17/r1", "nudge/2026-03-10/m17") take the
// member id zero-padded (branchbot.PromptKey, branchbot.NudgeKey), in the
// idempotency keys and deliveries and in the queued and failed messages
// that carry or name one (Key, EditKey, ReplyKey). A prompt delivered under
// the old key is then still found, and edited, when its member presses ✅
// after the upgrade.
func padStudyKeys(tx *bolt.Tx) error {
	keys := tx.Bucket(bOutKeys)
	type rename struct{ old, new, val []byte }
	var renames []rename
	for _, prefix := range []string{"study/", "nudge/"} {
		newest, ok := newestKeyDay(keys, prefix)
		if !ok {
			continue
		}
		for d := newest - paddedKeyDays; d <= newest; d++ {
			from := []byte(prefix + d.String() + "/m")
			c := keys.Cursor()
			for k, v := c.Seek(from); k != nil && bytes.HasPrefix(k, from); k, v = c.Next() {
				if nk, ok := paddedStudyKey(string(k)); ok {
					renames = append(renames, rename{bytes.Clone(k), []byte(nk), bytes.Clone(v)})
				}
			}
		}
	}
	for _, r := range renames {
		if err := keys.Delete(r.old); err != nil {
			return err
		}
		if err := keys.Put(r.new, r.val); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{bOutbox, bOutboxFailed} {
		moved, err := padOutgoingKeys(tx.Bucket(name))
		if err != nil {
			return fmt.Errorf("bucket %s: %w", name, err)
		}
		// A message still queued from a day before the window holds
		// its key too: move it with the message, so that sending or
		// discarding it settles the key it carries.
		for old, nk := range moved {
			v := keys.Get([]byte(old))
			if v == nil {
				continue
			}
			v = bytes.Clone(v)
			if err := keys.Delete([]byte(old)); err != nil {
				return err
			}
			if err := keys.Put([]byte(nk), v); err != nil {
				return err
			}
		}
	}
	return nil
}

// newestKeyDay returns the newest day of the keys "PREFIX2026-03-10/…" in
// b. Keys such as "study/stale/…" sort after the dated ones: digits come
// before letters.
func newestKeyDay(b *bolt.Bucket, prefix string) (branchbot.Day, bool) {
	c := b.Cursor()
	k, _ := c.Seek([]byte(prefix + ":")) // ':' follows '9'
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if len(k) < len(prefix)+10 || string(k[:len(prefix)]) != prefix {
		return 0, false
	}
	d, err := branchbot.ParseDay(string(k[len(prefix) : len(prefix)+10]))
	return d, err == nil
}

// paddedStudyKey returns the key of today's format for a study prompt or
// nudge key written with the member id unpadded, and false for any other
// key, one already padded included.
func paddedStudyKey(k string) (string, bool) {
	var prompt bool
	switch {
	case len(k) > 6 && k[:6] == "study/":
		prompt = true
	case len(k) > 6 && k[:6] == "nudge/":
	default:
		return "", false
	}
	if len(k) < 6+10+3 || k[16:18] != "/m" {
		return "", false
	}
	d, err := branchbot.ParseDay(k[6:16])
	if err != nil {
		return "", false
	}
	rest := k[18:]
	idText, repeatText := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		idText, repeatText = rest[:i], rest[i+1:]
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id < 0 || strconv.FormatInt(id, 10) != idText {
		return "", false
	}
	var nk string
	switch {
	case repeatText == "" && prompt:
		nk = branchbot.PromptKey(d, id, 0)
	case repeatText == "":
		nk = branchbot.NudgeKey(d, id)
	case prompt && len(repeatText) > 1 && repeatText[0] == 'r':
		repeat, err := strconv.Atoi(repeatText[1:])
		if err != nil || repeat <= 0 || strconv.Itoa(repeat) != repeatText[1:] {
			return "", false
		}
		nk = branchbot.PromptKey(d, id, repeat)
	default:
		return "", false
	}
	return nk, nk != k
}

// padOutgoingKeys rewrites the messages of b whose Key, EditKey or ReplyKey
// is a study key with the member id unpadded, and returns the Keys it
// renamed, old to new.
func padOutgoingKeys(b *bolt.Bucket) (map[string]string, error) {
	var changed []branchbot.Outgoing
	moved := make(map[string]string)
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var o branchbot.Outgoing
		if err := unmarshalOutgoing(v, &o); err != nil {
			return nil, fmt.Errorf("key %x: %w: %v", k, ErrCorrupt, err)
		}
		edit := false
		if nk, ok := paddedStudyKey(o.Key); ok {
			moved[o.Key] = nk
			o.Key, edit = nk, true
		}
		for _, key := range []*string{&o.EditKey, &o.ReplyKey} {
			if nk, ok := paddedStudyKey(*key); ok {
				*key, edit = nk, true
			}
		}
		if edit {
			o.ID = getID(k)
			changed = append(changed, o)
		}
	}
	for i := range changed {
		if err := putOutgoing(b, &changed[i]); err != nil {
			return nil, err
		}
	}
	return moved, nil
}
