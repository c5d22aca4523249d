package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
)

// Bucket names. Keys of id-keyed buckets are 8-byte big-endian integers so
// cursors walk them in order.
var (
	bMeta             = []byte("meta")                 // schema version, last update id, bootstrap marks
	bMembers          = []byte("members")              // member id → Member
	bMembersByTG      = []byte("members_by_tg")        // telegram user id → member id
	bMembersByName    = []byte("members_by_name")      // name → member id
	bGroups           = []byte("groups")               // group name → Group
	bInvites          = []byte("invites")              // code → Invite
	bOutbox           = []byte("outbox")               // outgoing id → Outgoing (binary; JSON until schema 6)
	bOutboxFailed     = []byte("outbox_failed")        // outgoing id → Outgoing, given up (binary; JSON until schema 6)
	bOutKeys          = []byte("out_keys")             // idempotency key → Delivery (binary; JSON until schema 6), empty while queued
	bFailedUpdates    = []byte("failed_updates")       // update id → FailedUpdate
	bAudit            = []byte("audit")                // sequence → AuditEntry
	bStudyPlans       = []byte("study_plans")          // member id → StudyPlan (binary)
	bStudyDays        = []byte("study_days")           // yyyymm, member id → StudyMonth (binary); until schema 5
	bStudyDaily       = []byte("study_daily")          // day, member id / 16 → 16 StudyDays (binary)
	bStudyNotes       = []byte("study_notes")          // member id, day → note text
	bStudyMarks       = []byte("study_marks")          // member id → StreakMark (binary)
	bBroadcasts       = []byte("broadcasts")           // broadcast id → Broadcast
	bRecipients       = []byte("broadcast_recipients") // broadcast id, member id → Recipient
	bBroadcastsOpen   = []byte("broadcasts_open")      // broadcast id → empty, while the scheduler has work for it
	bUpdatesApplied   = []byte("updates_applied")      // UTC day → (update id → empty): the updates applied lately, see applied.go
	bStrangers        = []byte("strangers")            // telegram user id → stranger, their answers and audit entries this window
	bStudyLeaves      = []byte("study_leaves")         // member id, first day → Leave: a pause of study and its reason
	bMeetings         = []byte("meetings")             // meeting id → Meeting
	bMeetingRSVPs     = []byte("meeting_rsvps")        // meeting id, member id → RSVP
	bMeetingsNext     = []byte("meetings_upcoming")    // meeting id → empty, while the scheduler has work for it
	bMeetingAsks      = []byte("meeting_asks")         // member id → meeting id, while their typed leave reason is awaited
	bCases            = []byte("cases")                // case id → Case
	bCasesByTalker    = []byte("cases_by_talker")      // talker member id, case id → empty
	bCasesOpen        = []byte("cases_open")           // case id → empty, while the case waits for its talk
	bTalkDrafts       = []byte("talk_drafts")          // member id → TalkDraft: the talk they are logging
	bMeetingAttend    = []byte("meeting_attendance")   // meeting id, member id → Attendance
	bMeetingFollow    = []byte("meeting_followups")    // meeting id → MeetingFollowUp
	bMeetingsFollow   = []byte("meetings_followup")    // meeting id → empty, while sign-in or make-up has work for it
	bMakeupAsks       = []byte("meeting_makeup_asks")  // member id → meeting id and time, while their make-up note is awaited
	bMeetingThemes    = []byte("meeting_themes")       // "YYYY-MM" → the month's theme
	bMeetingMinutes   = []byte("meeting_minutes")      // member id → meeting id, item: the decision whose text is awaited
	bMeetingRecurring = []byte("meeting_recurring")    // RecurringKey → meeting id: the occurrences created
	bMeetingCadence   = []byte("meeting_cadence")      // CadenceKey → time told: the cadence warnings given
	bContacts         = []byte("contacts")             // contact id → Contact (五联)
	bContactVisits    = []byte("contact_visits")       // contact id, period's first day → case id of its visit
	bCareVisits       = []byte("care_visits")          // care visit id → CareVisit (爱心帮扶)
	bMeetingGuides    = []byte("meeting_guides")       // member id → MeetingGuide: their guided /meeting in progress
	bQuizzes          = []byte("quizzes")              // quiz id → Quiz
	bQuizAttempts     = []byte("quiz_attempts")        // quiz id, member id → QuizAttempt
	bQuizzesOpen      = []byte("quizzes_open")         // quiz id → empty, while the quiz is open
)

var (
	kSchema     = []byte("schema")
	kLastUpdate = []byte("last_update")
)

// buckets are the buckets of the current schema, all of which Open
// requires: a migration that adds a bucket adds it here too.
var buckets = [][]byte{bMeta, bMembers, bMembersByTG, bMembersByName, bGroups, bInvites, bOutbox, bOutboxFailed, bOutKeys, bFailedUpdates, bAudit, bStudyPlans, bStudyDaily, bStudyNotes, bStudyMarks, bBroadcasts, bRecipients, bBroadcastsOpen, bUpdatesApplied, bStrangers, bStudyLeaves, bMeetings, bMeetingRSVPs, bMeetingsNext, bMeetingAsks, bCases, bCasesByTalker, bCasesOpen, bTalkDrafts, bMeetingAttend, bMeetingFollow, bMeetingsFollow, bMakeupAsks,
	bMeetingThemes, bMeetingMinutes, bMeetingRecurring, bMeetingCadence, bContacts, bContactVisits, bCareVisits, bMeetingGuides,
	bQuizzes, bQuizAttempts, bQuizzesOpen}

// migrations bring a database from version i to i+1; the schema version is
// len(migrations). They all run in one transaction, so a crash in the
// middle leaves the file at its old version.
var migrations = []func(tx *bolt.Tx) error{
	// 0 → 1: the first schema.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bMembers, bMembersByTG, bGroups, bInvites, bOutbox, bOutboxFailed, bOutKeys, bFailedUpdates, bAudit} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	// 1 → 2: study plans and history; every member gets a plan.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bStudyPlans, bStudyDays, bStudyNotes} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		t := &Tx{tx: tx}
		return t.ForEachMember(t.syncPlan)
	},
	// 2 → 3: broadcasts and their recipients.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bBroadcasts, bRecipients, bBroadcastsOpen} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	// 3 → 4: members indexed by name, so adding one to a large branch
	// does not read every member.
	func(tx *bolt.Tx) error {
		idx, err := tx.CreateBucketIfNotExists(bMembersByName)
		if err != nil {
			return err
		}
		t := &Tx{tx: tx}
		return t.ForEachMember(func(m *branchbot.Member) error {
			return idx.Put([]byte(m.Name), i64(m.ID))
		})
	},
	// 4 → 5: study days kept per day, keyed day first, 16 members to a
	// record (see dayKey), instead of a record per member-month: a
	// morning's Tick appends 8 bytes a member instead of rewriting every
	// member's 248-byte month.
	func(tx *bolt.Tx) error {
		daily, err := tx.CreateBucketIfNotExists(bStudyDaily)
		if err != nil {
			return err
		}
		daily.FillPercent = 1.0
		old := tx.Bucket(bStudyDays)
		if old == nil {
			return nil
		}
		err = old.ForEach(func(k, v []byte) error {
			var m branchbot.StudyMonth
			if len(k) != 12 || m.UnmarshalBinary(v) != nil {
				return nil // not a month record: nothing to keep
			}
			ym := binary.BigEndian.Uint32(k)
			first := branchbot.DayOf(time.Date(int(ym/100), time.Month(ym%100), 1, 12, 0, 0, 0, time.UTC), time.UTC)
			for i, sd := range m.Days {
				d := first + branchbot.Day(i)
				if _, mm, _ := d.Date(); mm != time.Month(ym%100) {
					break // past the end of a short month
				}
				if sd == (branchbot.StudyDay{}) {
					continue
				}
				key, off := dayKey(int64(binary.BigEndian.Uint64(k[4:])), d)
				if err := putStudyDay(daily, key, off, sd); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.DeleteBucket(bStudyDays)
	},
	// 5 → 6: outbox messages and deliveries as binary records (see
	// MarshalOutgoing) instead of JSON, which was a
	// quarter of the work of a morning's fan-out.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bOutbox, bOutboxFailed} {
			err := recode(tx.Bucket(name), func(v []byte) ([]byte, error) {
				var o branchbot.Outgoing
				if err := json.Unmarshal(v, &o); err != nil {
					return nil, err
				}
				return MarshalOutgoing(&o)
			})
			if err != nil {
				return fmt.Errorf("bucket %s: %w", name, err)
			}
		}
		err := recode(tx.Bucket(bOutKeys), func(v []byte) ([]byte, error) {
			if len(v) == 0 {
				return []byte{}, nil // queued, not yet delivered
			}
			var d branchbot.Delivery
			if err := json.Unmarshal(v, &d); err != nil {
				return nil, err
			}
			return marshalDelivery(&d)
		})
		if err != nil {
			return fmt.Errorf("bucket %s: %w", bOutKeys, err)
		}
		return nil
	},
	// 6 → 7: streak marks, so that a streak is computed from the last
	// settled month on rather than from a member's first day.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bStudyMarks)
		return err
	},
	// 7 → 8: the set of updates applied lately (see applied.go) instead
	// of the highest id alone; migrate seeds it from that id.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bUpdatesApplied)
		return err
	},
	// 8 → 9: study prompt and nudge keys with the member id zero-padded,
	// so that a day's keys sort in member order (see padStudyKeys).
	padStudyKeys,
	// 9 → 10: what strangers did in the last day, to bound the answers
	// and audit entries they cost.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bStrangers)
		return err
	},
	// 10 → 11: the members' leaves, each pause of study with its reason
	// (study plans gain the pause's first day in a longer record, which
	// the old one decodes as: no rewrite).
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bStudyLeaves)
		return err
	},
	// 11 → 12: meetings, the members' answers, the index of upcoming
	// meetings and the leave reasons awaited.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bMeetings, bMeetingRSVPs, bMeetingsNext, bMeetingAsks} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	// 12 → 13: conversation-due cases, indexed by talker and while open,
	// and the talks being logged.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bCases, bCasesByTalker, bCasesOpen, bTalkDrafts} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	// 13 → 14: sign-in and make-up: attendance, follow-ups and their index, seeded
	// with the meetings still upcoming.
	migrateAttendance,
	// 14 → 15: the months' themes, the decisions awaited from the
	// secretary, the recurring meetings created and the cadence warnings
	// given.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bMeetingThemes, bMeetingMinutes, bMeetingRecurring, bMeetingCadence} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	// 15 → 16: standing contacts (五联) and the case of each one's visit
	// per period, and care visits (爱心帮扶).
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bContacts, bContactVisits, bCareVisits} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	// 16 → 17: the guided /meeting flows in progress.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bMeetingGuides)
		return err
	},
	// 17 → 18: quizzes, the members' attempts and the index of open
	// quizzes.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bQuizzes, bQuizAttempts, bQuizzesOpen} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
}

// appliedSchema is the first schema with the set of applied updates.
const appliedSchema = 8

// binarySchema is the first schema whose outbox and deliveries are binary
// records rather than JSON.
const binarySchema = 6

// recode replaces every value of b with what f makes of it. A value f
// cannot convert makes the file ErrCorrupt: the migration fails and the
// file stays as it was, rather than losing a message.
func recode(b *bolt.Bucket, f func(v []byte) ([]byte, error)) error {
	type kv struct{ k, v []byte }
	var out []kv
	// bbolt forbids changing a bucket while a cursor walks it: convert
	// everything first, then write.
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		nv, err := f(v)
		if err != nil {
			return fmt.Errorf("key %x: %w: %v", k, ErrCorrupt, err)
		}
		out = append(out, kv{bytes.Clone(k), nv})
	}
	for _, r := range out {
		if err := b.Put(r.k, r.v); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the version of the layout this build writes.
var SchemaVersion = uint64(len(migrations))

func (db *DB) migrate() error {
	// Look first, so opening an up-to-date file writes nothing to it and
	// a refused file is left exactly as it was.
	var v uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bMeta); meta != nil {
			v = getUint(meta, kSchema)
		}
		if k, _ := tx.Cursor().First(); v == 0 && k != nil {
			// The migrations create every bucket and the schema
			// version in one transaction: buckets without a version
			// belong to some other program.
			return fmt.Errorf("store: open %s: %w (it holds buckets but no branchbot schema version)", db.path, ErrCorrupt)
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case v > SchemaVersion:
		return fmt.Errorf("store: open %s: %w (schema %d, this build knows %d)", db.path, ErrTooNew, v, SchemaVersion)
	case v == SchemaVersion:
		return db.checkBuckets()
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bMeta)
		if err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		from := getUint(meta, kSchema)
		v := from
		for ; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("store: migrate to schema %d: %w", v+1, err)
			}
		}
		if from > 0 && from < appliedSchema {
			if err := seedApplied(tx, db.now().UTC()); err != nil {
				return fmt.Errorf("store: migrate to schema %d: %w", appliedSchema, err)
			}
		}
		return putUint(meta, kSchema, v)
	})
}

func (db *DB) checkSchema() error {
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var v uint64
		if meta := tx.Bucket(bMeta); meta != nil {
			v = getUint(meta, kSchema)
		}
		switch {
		case v > SchemaVersion:
			return fmt.Errorf("store: open %s: %w (schema %d, this build knows %d)", db.path, ErrTooNew, v, SchemaVersion)
		case v != SchemaVersion:
			return fmt.Errorf("store: open %s: %w (schema differs from this build's %d; run branchbot once on it)", db.path, ErrCorrupt, SchemaVersion)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return db.checkBuckets()
}

// checkBuckets checks that every bucket of the schema is there: the Tx
// methods take them for granted, and a damaged bucket name would
// otherwise surface as a nil pointer in the middle of a handler.
func (db *DB) checkBuckets() error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range buckets {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("store: open %s: %w (bucket %q is missing)", db.path, ErrCorrupt, name)
			}
		}
		return nil
	})
}
