package schedule

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// fakeBroadcasts renders short texts naming what was asked.
type fakeBroadcasts struct {
	mu      sync.Mutex
	reports []string
	queued  []string // the keys of what went through Queue
}

func (f *fakeBroadcasts) Send(tx *store.Tx, b *branchbot.Broadcast) error {
	b.State, b.SentAt = branchbot.BroadcastSent, tx.Now()
	return tx.PutBroadcast(b)
}

func (f *fakeBroadcasts) Queue(tx *store.Tx, o *branchbot.Outgoing) (bool, error) {
	f.mu.Lock()
	f.queued = append(f.queued, o.Key)
	f.mu.Unlock()
	return tx.Enqueue(o)
}

func (f *fakeBroadcasts) Reminder(b *branchbot.Broadcast, m *branchbot.Member) branchbot.Outgoing {
	return branchbot.Outgoing{Text: fmt.Sprintf("remind %d of #%d", m.ID, b.ID)}
}

func (f *fakeBroadcasts) Report(b *branchbot.Broadcast, to *branchbot.Member, rs []*branchbot.Recipient, members map[int64]*branchbot.Member) branchbot.Outgoing {
	var silent, unreach []string
	for _, r := range rs {
		name := "removed"
		if m := members[r.MemberID]; m != nil {
			name = m.Name
		}
		switch {
		case r.State == branchbot.RecipientUnreachable:
			unreach = append(unreach, name)
		case r.State == branchbot.RecipientSent && r.AckedAt.IsZero():
			silent = append(silent, name)
		}
	}
	text := fmt.Sprintf("report #%d to %s: silent %s; unreachable %s", b.ID, to.Name, strings.Join(silent, ","), strings.Join(unreach, ","))
	f.mu.Lock()
	f.reports = append(f.reports, text)
	f.mu.Unlock()
	return branchbot.Outgoing{Text: text}
}

// broadcastWorld is a scheduler harness with a secretary, four members and
// one broadcast sent at 10:00 on 25 November: members 2 and 3 got it (3
// acknowledged), 4 is unreachable, 5 got it but has since blocked the bot.
type broadcastWorld struct {
	*harness
	fb      *fakeBroadcasts
	sec     *branchbot.Member
	members []*branchbot.Member
	b       *branchbot.Broadcast
	sent    time.Time
}

func newBroadcastWorld(t *testing.T, ack bool, edit func(*Options)) *broadcastWorld {
	t.Helper()
	fb := new(fakeBroadcasts)
	h := newHarness(t, "", func(o *Options) {
		o.Broadcasts = BroadcastOptions{Renderer: fb}
		if edit != nil {
			edit(o)
		}
	})
	w := &broadcastWorld{harness: h, fb: fb, sent: h.local(2026, 11, 25, 10, 0)}
	h.setClock(w.sent)
	h.update(func(tx *store.Tx) error {
		w.sec = &branchbot.Member{Name: "书记", TelegramID: 1, Role: branchbot.RoleSecretary}
		if err := tx.CreateMember(w.sec); err != nil {
			return err
		}
		for i, name := range []string{"甲", "乙", "丙", "丁"} {
			m := &branchbot.Member{Name: name, TelegramID: int64(100 + i), Role: branchbot.RoleMember}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			w.members = append(w.members, m)
		}
		w.b = &branchbot.Broadcast{Kind: branchbot.BroadcastNotice, State: branchbot.BroadcastSent, AuthorID: w.sec.ID, Audience: branchbot.AudienceAll, Text: "通知", Ack: ack, SentAt: w.sent, Total: 4}
		if err := tx.CreateBroadcast(w.b); err != nil {
			return err
		}
		states := []branchbot.RecipientState{branchbot.RecipientSent, branchbot.RecipientSent, branchbot.RecipientUnreachable, branchbot.RecipientSent}
		for i, m := range w.members {
			r := &branchbot.Recipient{BroadcastID: w.b.ID, MemberID: m.ID, State: states[i], SentAt: w.sent}
			if i == 1 {
				r.AckedAt = w.sent.Add(time.Hour)
				w.b.Acked++
			}
			if states[i] == branchbot.RecipientSent {
				w.b.Sent++
			} else {
				w.b.Unreachable++
			}
			if err := tx.PutRecipient(r); err != nil {
				return err
			}
		}
		// 丁 blocked the bot after getting the notice.
		w.members[3].Unreachable = true
		if err := tx.PutMember(w.members[3]); err != nil {
			return err
		}
		return tx.PutBroadcast(w.b)
	})
	return w
}

// queuedTexts are the texts in the outbox by key prefix.
func (w *broadcastWorld) queued(prefix string) map[string]branchbot.Outgoing {
	out := map[string]branchbot.Outgoing{}
	if err := w.db.View(func(tx *store.Tx) error {
		os, err := tx.Outbox(0, 1000)
		for _, o := range os {
			if strings.HasPrefix(o.Key, prefix) {
				out[o.Key] = o
			}
		}
		return err
	}); err != nil {
		w.tb.Fatal(err)
	}
	return out
}

func (w *broadcastWorld) tickB(now time.Time) BroadcastResult {
	w.tb.Helper()
	w.setClock(now)
	r, err := w.s.TickBroadcasts(now)
	if err != nil {
		w.tb.Fatal(err)
	}
	return r
}

func TestBroadcastReminderAndReport(t *testing.T) {
	w := newBroadcastWorld(t, true, nil)
	a := w.members[0]
	if r := w.tickB(w.sent.Add(24*time.Hour - time.Minute)); r != (BroadcastResult{}) {
		t.Errorf("before 24 h: %+v", r)
	}
	// Tick does it too.
	if _, err := w.s.Tick(w.sent.Add(24 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	rem := w.queued("bcr/")
	if len(rem) != 1 {
		t.Fatalf("reminders %v", rem)
	}
	o, ok := rem[branchbot.BroadcastReminderKey(w.b.ID, a.ID)]
	if !ok || o.ChatID != a.ChatID() || o.MemberID != a.ID || o.Text != fmt.Sprintf("remind %d of #%d", a.ID, w.b.ID) {
		t.Errorf("reminder %+v", o)
	}
	if r := w.tickB(w.sent.Add(25 * time.Hour)); r != (BroadcastResult{}) {
		t.Errorf("second pass: %+v", r)
	}
	if r := w.tickB(w.sent.Add(48*time.Hour - time.Minute)); r != (BroadcastResult{}) {
		t.Errorf("before 48 h: %+v", r)
	}
	if r := w.tickB(w.sent.Add(48 * time.Hour)); r.Reports != 1 {
		t.Errorf("at 48 h: %+v", r)
	}
	rep := w.queued("bcp/")
	o, ok = rep[branchbot.BroadcastReportKey(w.b.ID, w.sec.ID)]
	if len(rep) != 1 || !ok || o.ChatID != w.sec.ChatID() {
		t.Fatalf("report %v", rep)
	}
	if want := "report #1 to 书记: silent 甲,丁; unreachable 丙"; o.Text != want {
		t.Errorf("report %q, want %q", o.Text, want)
	}
	// Both went through the renderer, which cuts them to Telegram's
	// limits, rather than straight into the outbox.
	if want := []string{branchbot.BroadcastReminderKey(w.b.ID, a.ID), branchbot.BroadcastReportKey(w.b.ID, w.sec.ID)}; fmt.Sprint(w.fb.queued) != fmt.Sprint(want) {
		t.Errorf("queued through the renderer: %v, want %v", w.fb.queued, want)
	}
	if r := w.tickB(w.sent.Add(72 * time.Hour)); r != (BroadcastResult{}) {
		t.Errorf("after the report: %+v", r)
	}
	w.update(func(tx *store.Tx) error {
		if open, _ := tx.OpenBroadcasts(); len(open) != 0 {
			t.Errorf("still open: %v", open)
		}
		r, _ := tx.Recipient(w.b.ID, a.ID)
		if !r.RemindedAt.Equal(w.sent.Add(24 * time.Hour)) {
			t.Errorf("reminded at %s", r.RemindedAt)
		}
		return nil
	})
}

func TestBroadcastFollowUpCatchesUpAndRestarts(t *testing.T) {
	w := newBroadcastWorld(t, true, nil)
	w.reopen() // a restart changes nothing
	// Down for three days: both are due at once, and go together.
	if r := w.tickB(w.sent.Add(72 * time.Hour)); r.Reminders != 1 || r.Reports != 1 {
		t.Errorf("catch-up %+v", r)
	}
	w.reopen()
	if r := w.tickB(w.sent.Add(73 * time.Hour)); r != (BroadcastResult{}) {
		t.Errorf("after restart %+v", r)
	}
}

func TestBroadcastFollowUpQuietHours(t *testing.T) {
	w := newBroadcastWorld(t, true, func(o *Options) {
		o.Quiet = branchbot.QuietHours{From: clockAt(9, 0), To: clockAt(11, 0)}
	})
	if r := w.tickB(w.sent.Add(24 * time.Hour)); r != (BroadcastResult{}) {
		t.Errorf("in quiet hours: %+v", r)
	}
	if r := w.tickB(w.local(2026, 11, 26, 11, 0)); r.Reminders != 1 {
		t.Errorf("when quiet hours end: %+v", r)
	}
}

func TestBroadcastReportGoesToSecretaries(t *testing.T) {
	w := newBroadcastWorld(t, true, func(o *Options) {
		o.Broadcasts.RemindAfter, o.Broadcasts.ReportAfter = time.Hour, 2*time.Hour
	})
	// The author stepped down; two others are secretaries now.
	w.update(func(tx *store.Tx) error {
		w.sec.Role = branchbot.RoleMember
		if err := tx.PutMember(w.sec); err != nil {
			return err
		}
		for _, m := range w.members[:2] {
			m.Role = branchbot.RoleSecretary
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	if r := w.tickB(w.sent.Add(2 * time.Hour)); r.Reports != 2 {
		t.Errorf("%+v", r)
	}
	rep := w.queued("bcp/")
	for _, m := range w.members[:2] {
		if _, ok := rep[branchbot.BroadcastReportKey(w.b.ID, m.ID)]; !ok {
			t.Errorf("no report to %s: %v", m.Name, rep)
		}
	}
}

func TestBroadcastWithoutAckNeedsNoReminder(t *testing.T) {
	w := newBroadcastWorld(t, false, nil)
	if r := w.tickB(w.sent.Add(24 * time.Hour)); r != (BroadcastResult{}) {
		t.Errorf("%+v", r)
	}
	// One member was unreachable, so the secretary still gets the report.
	if r := w.tickB(w.sent.Add(48 * time.Hour)); r.Reminders != 0 || r.Reports != 1 {
		t.Errorf("%+v", r)
	}
}

// TestSchedulerWithoutStudy is a branch without daily study: the
// scheduler only follows up broadcasts.
func TestSchedulerWithoutStudy(t *testing.T) {
	w := newBroadcastWorld(t, true, func(o *Options) { o.Rules, o.Prompt, o.Nudge = nil, nil, nil })
	if r := w.tickB(w.sent.Add(24 * time.Hour)); r.Reminders != 1 {
		t.Errorf("%+v", r)
	}
	if _, err := New(Options{Store: w.db, Now: w.now, Location: w.loc}); err == nil || !strings.Contains(err.Error(), "Options.Rules") {
		t.Errorf("neither study nor broadcasts: %v", err)
	}
}

func TestBroadcastSentAtItsTime(t *testing.T) {
	w := newBroadcastWorld(t, true, nil)
	at := w.sent.Add(30 * time.Hour)
	var sched *branchbot.Broadcast
	w.update(func(tx *store.Tx) error {
		sched = &branchbot.Broadcast{Kind: branchbot.BroadcastNotice, State: branchbot.BroadcastScheduled, Audience: branchbot.AudienceAll, Text: "定时", Ack: true, SendAt: at}
		return tx.CreateBroadcast(sched)
	})
	if r := w.tickB(at.Add(-time.Minute)); r.Sent != 0 {
		t.Errorf("early: %+v", r)
	}
	w.setClock(at)
	if r := w.tickB(at); r.Sent != 1 {
		t.Errorf("at its time: %+v", r)
	}
	if r := w.tickB(at.Add(time.Minute)); r.Sent != 0 {
		t.Errorf("again: %+v", r)
	}
	w.update(func(tx *store.Tx) error {
		b, err := tx.Broadcast(sched.ID)
		if err != nil || b.State != branchbot.BroadcastSent || !b.SentAt.Equal(at) {
			t.Errorf("%+v %v", b, err)
		}
		return nil
	})
	// Its reminder counts from when it went out, not from when it was
	// composed.
	if r := w.tickB(at.Add(23 * time.Hour)); r.Reminders != 0 {
		t.Errorf("%+v", r)
	}
}
