package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
)

// checkFile walks the page tree of a bbolt file with ReadAt, checking
// every page id and element offset against the file, before bbolt reads
// the pages through its memory map. bbolt trusts what it maps: one damaged
// page id or element offset makes it read outside the map, a fault that
// kills the process and that no recover can catch. Once checkFile has
// passed, every page bbolt's own Check reads lies inside the file.
//
// Call it while holding the file's lock, so no writer changes the pages
// under the walk.
func checkFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	m, err := readMeta(f, info.Size())
	if err != nil {
		return err
	}
	if have := uint64(info.Size()) / uint64(m.pageSize); have < m.pgid {
		return fmt.Errorf("the file is truncated: %d bytes, its meta page counts %d pages of %d", info.Size(), m.pgid, m.pageSize)
	}
	if m.root < 2 || m.root >= m.pgid || (m.freelist != noFreelist && (m.freelist < 2 || m.freelist >= m.pgid)) {
		return fmt.Errorf("the meta page points outside the file (root %d, freelist %d, %d pages)", m.root, m.freelist, m.pgid)
	}
	w := &pageWalker{f: f, pageSize: uint64(m.pageSize), hwm: m.pgid, seen: map[uint64]bool{0: true, 1: true}}
	if m.freelist != noFreelist {
		if err := w.freelist(m.freelist); err != nil {
			return err
		}
	}
	return w.tree(m.root, 0)
}

// bbolt's on-disk format, as far as checkFile needs it.
const (
	metaMagic        = 0xED0CDAED
	metaVersion      = 2
	pageHeaderSize   = 16
	metaSize         = 64
	elementSize      = 16 // branch and leaf elements alike
	bucketHeaderSize = 16
	branchPage       = 0x01
	leafPage         = 0x02
	freelistPage     = 0x10
	bucketElement    = 0x01
	noFreelist       = ^uint64(0)
	maxTreeDepth     = 64
)

var le = binary.LittleEndian // bbolt writes in the machine's order; every supported target is little-endian.

type meta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64
	txid     uint64
}

// readMeta returns the meta page bbolt will use: the valid one of the two
// with the higher transaction id. Like bbolt, it finds the second meta
// page by probing the possible page sizes when the first is damaged (a
// write torn by a crash), so a file bbolt can recover is not refused.
func readMeta(f *os.File, size int64) (meta, error) {
	buf := make([]byte, pageHeaderSize+metaSize)
	first, ok := meta{}, false
	if _, err := f.ReadAt(buf, 0); err == nil {
		first, ok = parseMeta(buf)
	}
	var second meta
	found := false
	if ok {
		if _, err := f.ReadAt(buf, int64(first.pageSize)); err == nil {
			second, found = parseMeta(buf)
		}
	} else {
		for i := 0; i <= 14 && !found; i++ {
			pos := int64(1024) << i
			if pos >= size-1024 {
				break
			}
			if _, err := f.ReadAt(buf, pos); err == nil {
				second, found = parseMeta(buf)
				found = found && int64(second.pageSize) == pos
			}
		}
	}
	switch {
	case ok && found && second.txid > first.txid:
		return second, nil
	case ok:
		return first, nil
	case found:
		return second, nil
	}
	return meta{}, errors.New("neither meta page is valid: not a bbolt file")
}

func parseMeta(page []byte) (meta, bool) {
	m := page[pageHeaderSize:]
	if le.Uint32(m[0:4]) != metaMagic || le.Uint32(m[4:8]) != metaVersion {
		return meta{}, false
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if h.Sum64() != le.Uint64(m[56:64]) {
		return meta{}, false
	}
	ps := le.Uint32(m[8:12])
	if ps < 512 || ps > 1<<24 {
		return meta{}, false
	}
	return meta{pageSize: ps, root: le.Uint64(m[16:24]), freelist: le.Uint64(m[32:40]), pgid: le.Uint64(m[40:48]), txid: le.Uint64(m[48:56])}, true
}

type pageWalker struct {
	f        *os.File
	pageSize uint64
	hwm      uint64          // pages in use; every page id is below it
	seen     map[uint64]bool // pages already reached, overflow pages included
}

// page reads page id and its overflow pages, checking that they lie
// inside the file and that nothing reached them before.
func (w *pageWalker) page(id uint64) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, fmt.Errorf("page %d: outside the file's %d pages", id, w.hwm)
	}
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.f.ReadAt(hdr, int64(id*w.pageSize)); err != nil {
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	if got := le.Uint64(hdr[0:8]); got != id {
		return nil, fmt.Errorf("page %d: its header says page %d", id, got)
	}
	n := uint64(le.Uint32(hdr[12:16])) + 1
	if n > w.hwm-id {
		return nil, fmt.Errorf("page %d: %d overflow pages run past the file's %d pages", id, n-1, w.hwm)
	}
	for i := id; i < id+n; i++ {
		if w.seen[i] {
			return nil, fmt.Errorf("page %d: reached twice", i)
		}
		w.seen[i] = true
	}
	buf := make([]byte, n*w.pageSize)
	if _, err := w.f.ReadAt(buf, int64(id*w.pageSize)); err != nil {
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	return buf, nil
}

func (w *pageWalker) freelist(id uint64) error {
	p, err := w.page(id)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	if flags := le.Uint16(p[8:10]); flags != freelistPage {
		return fmt.Errorf("freelist page %d: page type %#x", id, flags)
	}
	first, count := uint64(0), uint64(le.Uint16(p[10:12]))
	if count == 0xFFFF {
		first, count = 1, le.Uint64(p[pageHeaderSize:])
	}
	if slots := uint64(len(p)-pageHeaderSize) / 8; first+count < first || first+count > slots {
		return fmt.Errorf("freelist page %d: %d ids do not fit in the page", id, count)
	}
	for i := first; i < first+count; i++ {
		if free := le.Uint64(p[pageHeaderSize+8*i:]); free < 2 || free >= w.hwm {
			return fmt.Errorf("freelist page %d: free page %d is outside the file's %d pages", id, free, w.hwm)
		}
	}
	return nil
}

func (w *pageWalker) tree(id uint64, depth int) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("page %d: tree deeper than %d", id, maxTreeDepth)
	}
	p, err := w.page(id)
	if err != nil {
		return err
	}
	return w.node(p, id, depth)
}

// node checks a branch or leaf page, or (id 0) an inline bucket's page.
func (w *pageWalker) node(p []byte, id uint64, depth int) error {
	flags, count := le.Uint16(p[8:10]), int(le.Uint16(p[10:12]))
	switch {
	case flags != branchPage && flags != leafPage:
		return fmt.Errorf("page %d: page type %#x where a branch or leaf belongs", id, flags)
	case flags == branchPage && (count == 0 || id == 0):
		return fmt.Errorf("page %d: malformed branch page", id)
	case pageHeaderSize+count*elementSize > len(p):
		return fmt.Errorf("page %d: %d elements do not fit in the page", id, count)
	}
	for i := range count {
		off := pageHeaderSize + i*elementSize
		e := p[off : off+elementSize]
		if flags == branchPage {
			if _, err := span(p, off, le.Uint32(e[0:4]), uint64(le.Uint32(e[4:8]))); err != nil {
				return fmt.Errorf("page %d element %d: %w", id, i, err)
			}
			if err := w.tree(le.Uint64(e[8:16]), depth+1); err != nil {
				return err
			}
			continue
		}
		ksize := le.Uint32(e[8:12])
		kv, err := span(p, off, le.Uint32(e[4:8]), uint64(ksize)+uint64(le.Uint32(e[12:16])))
		if err != nil {
			return fmt.Errorf("page %d element %d: %w", id, i, err)
		}
		if le.Uint32(e[0:4])&bucketElement == 0 {
			continue
		}
		v := kv[ksize:]
		switch {
		case id == 0:
			return errors.New("an inline bucket holds a bucket")
		case len(v) < bucketHeaderSize:
			return fmt.Errorf("page %d element %d: bucket header of %d bytes", id, i, len(v))
		case le.Uint64(v) != 0:
			if err := w.tree(le.Uint64(v), depth+1); err != nil {
				return err
			}
		case len(v) < bucketHeaderSize+pageHeaderSize:
			return fmt.Errorf("page %d element %d: inline bucket of %d bytes", id, i, len(v))
		default:
			if err := w.node(v[bucketHeaderSize:], 0, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// span returns the n bytes at pos past the element at off, if p holds them.
func span(p []byte, off int, pos uint32, n uint64) ([]byte, error) {
	start := uint64(off) + uint64(pos)
	if end := start + n; end > uint64(len(p)) {
		return nil, fmt.Errorf("data at %d+%d runs past the page's %d bytes", start, n, len(p))
	}
	return p[start : start+n], nil
}

// checkTree runs bbolt's own consistency check. Run checkFile first: the
// check reads the pages through the memory map.
func checkTree(db *bolt.DB) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("consistency check crashed: %v", r)
		}
	}()
	return db.View(func(tx *bolt.Tx) error {
		// Drain the channel: the checker goroutine blocks on its next
		// error until someone reads it, and still reads the pages.
		var first error
		for e := range tx.Check() {
			if first == nil {
				first = e
			}
		}
		return first
	})
}

// jsonBuckets hold JSON values; a flipped byte in one is invisible to the
// page checks but makes every later read of the bucket fail.
var jsonBuckets = [][]byte{bMembers, bGroups, bInvites, bFailedUpdates, bAudit, bBroadcasts, bRecipients, bMeetings, bMeetingRSVPs}

// outboxBuckets hold Outgoing records: binary from binarySchema on, JSON
// before (until the migration converts them).
var outboxBuckets = [][]byte{bOutbox, bOutboxFailed}

// checkValues checks that the values of branchbot's buckets decode.
func checkValues(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error {
		var schema uint64
		if meta := tx.Bucket(bMeta); meta != nil {
			schema = getUint(meta, kSchema)
		}
		binaryOutbox := schema >= binarySchema
		for _, name := range jsonBuckets {
			if err := checkJSON(tx.Bucket(name), name); err != nil {
				return err
			}
		}
		for _, name := range outboxBuckets {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			if !binaryOutbox {
				if err := checkJSON(b, name); err != nil {
					return err
				}
				continue
			}
			if err := b.ForEach(func(k, v []byte) error {
				var o branchbot.Outgoing
				if err := unmarshalOutgoing(v, &o); err != nil {
					return fmt.Errorf("bucket %s, key %x: the value is not an outgoing message: %v", name, k, err)
				}
				return nil
			}); err != nil {
				return err
			}
		}
		if b := tx.Bucket(bMembersByTG); b != nil {
			if err := b.ForEach(func(k, v []byte) error {
				if len(k) != 8 || len(v) != 8 {
					return fmt.Errorf("bucket %s, key %x: not a member id", bMembersByTG, k)
				}
				return nil
			}); err != nil {
				return err
			}
		}
		if b := tx.Bucket(bOutKeys); b != nil {
			return b.ForEach(func(k, v []byte) error {
				if len(v) == 0 {
					return nil // queued, not yet delivered
				}
				if !binaryOutbox {
					if !json.Valid(v) {
						return fmt.Errorf("bucket %s, key %q: the value is not JSON", bOutKeys, k)
					}
					return nil
				}
				var d branchbot.Delivery
				if err := unmarshalDelivery(v, &d); err != nil {
					return fmt.Errorf("bucket %s, key %q: the value is not a delivery: %v", bOutKeys, k, err)
				}
				return nil
			})
		}
		return nil
	})
}

// checkJSON checks that every value of b (if there is such a bucket) is
// JSON.
func checkJSON(b *bolt.Bucket, name []byte) error {
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		if !json.Valid(v) {
			return fmt.Errorf("bucket %s, key %x: the value is not JSON", name, k)
		}
		return nil
	})
}
