package branchbot

import (
	"strconv"
	"time"
)

// The outbox keys of a meeting's messages. Each names the meeting's
// version it tells of, so a move announces and reminds afresh while a
// restart never sends the same message twice.

// MeetingNoticeKey is the outbox key of member's notice of version v of
// meeting id: the first notice (v 1), or the announcement of a move.
func MeetingNoticeKey(id int64, v int, memberID int64) string {
	return string(appendKeyMember(meetingKey("mtg/", id, v), memberID))
}

// MeetingReminderKey is the outbox key of member's reminder of lead time
// lead before version v of meeting id.
func MeetingReminderKey(id int64, v int, lead time.Duration, memberID int64) string {
	b := meetingKey("mtr/", id, v)
	b = append(b, "/l"...)
	b = strconv.AppendInt(b, int64(lead/time.Minute), 10)
	return string(appendKeyMember(b, memberID))
}

// MeetingCancelKey is the outbox key of member's notice that meeting id is
// called off.
func MeetingCancelKey(id, memberID int64) string {
	b := append([]byte("mtc/"), strconv.FormatInt(id, 10)...)
	return string(appendKeyMember(b, memberID))
}

// MeetingGroupKey is the outbox key of the post in the branch's group
// chat about version v of meeting id; v 0 is the cancellation.
func MeetingGroupKey(id int64, v int) string { return string(meetingKey("mtgg/", id, v)) }

// MeetingMissedKey is the outbox key of the word to member (the
// organiser) that reminders of version v of meeting id were missed.
func MeetingMissedKey(id int64, v int, memberID int64) string {
	return string(appendKeyMember(meetingKey("mtm/", id, v), memberID))
}

func meetingKey(prefix string, id int64, v int) []byte {
	b := make([]byte, 0, 48)
	b = append(b, prefix...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, "/v"...)
	return strconv.AppendInt(b, int64(v), 10)
}

// MeetingStatusKey is the outbox key of the status message sent to the
// organiser of a meeting the scheduler created (one confirmed by hand
// turns its preview into the status message instead).
func MeetingStatusKey(id int64) string { return "mtst/" + strconv.FormatInt(id, 10) }

// MeetingLive is the live name of the organiser's status message of
// meeting id.
func MeetingLive(id int64) string { return "mts/" + strconv.FormatInt(id, 10) }

// MeetingCheckinKey is the outbox key of member's word that sign-in to
// version v of meeting id is open; the organiser's, with the code, too.
func MeetingCheckinKey(id int64, v int, memberID int64) string {
	return string(appendKeyMember(meetingKey("mtk/", id, v), memberID))
}

// MeetingMaterialsKey is the outbox key of member's copy of the v-th
// materials attached to meeting id.
func MeetingMaterialsKey(id int64, v int, memberID int64) string {
	return string(appendKeyMember(meetingKey("mtx/", id, v), memberID))
}

// MeetingMakeupKey is the outbox key of member's make-up task of meeting
// id.
func MeetingMakeupKey(id, memberID int64) string {
	b := append([]byte("mtu/"), strconv.FormatInt(id, 10)...)
	return string(appendKeyMember(b, memberID))
}

// MeetingMakeupReminderKey is the outbox key of member's n-th make-up
// reminder of meeting id.
func MeetingMakeupReminderKey(id int64, n int, memberID int64) string {
	b := append([]byte("mtur/"), strconv.FormatInt(id, 10)...)
	b = append(b, "/d"...)
	b = strconv.AppendInt(b, int64(n), 10)
	return string(appendKeyMember(b, memberID))
}

// MeetingOverdueKey is the outbox key of the word to member (the
// organiser) of the make-ups of meeting id not done when due.
func MeetingOverdueKey(id, memberID int64) string {
	b := append([]byte("mtuo/"), strconv.FormatInt(id, 10)...)
	return string(appendKeyMember(b, memberID))
}
