package bot_test

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

const secretaryID = 1001

var secretary = telegramtest.User{ID: secretaryID, FirstName: "王", LastName: "书记", LanguageCode: "zh-hans"}

// harness runs a real Bot on a real bbolt file against telegramtest.
type harness struct {
	t      *testing.T
	srv    *telegramtest.Server
	db     *store.DB
	bot    *bot.Bot
	cancel context.CancelFunc
	done   chan error
	path   string
	opts   bot.Options // of the running bot, for a restart
}

type harnessOption func(*bot.Options, *[]telegramtest.Option)

func withLimits(l bot.Limits) harnessOption {
	return func(o *bot.Options, so *[]telegramtest.Option) {
		o.Limits = l
		*so = append(*so, telegramtest.WithLimits(telegramtest.Limits{
			GlobalPerSecond:   l.GlobalPerSecond,
			PerChatPerSecond:  l.PerChatPerSecond,
			PerGroupPerMinute: l.PerGroupPerMinute,
			RetryAfter:        1,
		}))
	}
}

func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	bo := bot.Options{
		Now:         time.Now,
		BranchName:  "测试支部",
		Language:    branchbot.LangZH,
		Secretaries: []int64{secretaryID},
		PollTimeout: 2 * time.Second,
		Limits:      bot.Limits{GlobalPerSecond: 1000, PerChatPerSecond: 100, PerGroupPerMinute: 600},
	}
	var so []telegramtest.Option
	for _, o := range opts {
		o(&bo, &so)
	}
	srv := telegramtest.NewServer(t, so...)
	path := filepath.Join(t.TempDir(), "branchbot.db")
	db, err := store.Open(path, store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	bo.APIURL, bo.Token, bo.Store = srv.URL(), srv.Token(), db
	h := &harness{t: t, srv: srv, db: db, path: path}
	h.start(bo)
	t.Cleanup(func() {
		h.stop()
		db.Close()
		srv.Close()
	})
	return h
}

func (h *harness) start(bo bot.Options) {
	b, err := bot.New(bo)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.bot, h.cancel, h.done, h.opts = b, cancel, make(chan error, 1), bo
	go func() { h.done <- b.Run(ctx) }()
}

var stopOnce sync.Map

func (h *harness) stop() {
	if _, loaded := stopOnce.LoadOrStore(h, true); loaded {
		return
	}
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		h.t.Error("Run did not return after cancel")
	}
}

// wait waits for a message in chat whose text contains want.
func (h *harness) wait(chat int64, want string) telegramtest.Message {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := h.srv.WaitMessage(ctx, chat, func(m telegramtest.Message) bool {
		return m.FromBot && strings.Contains(m.Text, want)
	})
	if err != nil {
		h.t.Fatalf("waiting for %q in chat %d: %v\n%s", want, chat, err, h.srv.Transcript(chat))
	}
	return m
}

// say sends text as user in their private chat.
func (h *harness) say(u telegramtest.User, text string) {
	h.srv.SendText(u, u.ID, text)
}

var linkRE = regexp.MustCompile(`https://t\.me/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]+)`)

// invite has the secretary invite name and returns the code.
func (h *harness) invite(args string) string {
	h.t.Helper()
	h.say(secretary, "/invite "+args)
	m := h.wait(secretaryID, "?start=")
	found := linkRE.FindAllStringSubmatch(m.Text, -1)
	if len(found) == 0 {
		h.t.Fatalf("no link in %q", m.Text)
	}
	return found[len(found)-1][2]
}

// botMessages counts the bot's messages in a chat.
func (h *harness) botMessages(chat int64) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range h.srv.Messages(chat) {
		if m.FromBot {
			out = append(out, m)
		}
	}
	return out
}

// view reads the store.
func (h *harness) view(fn func(*store.Tx) error) {
	h.t.Helper()
	if err := h.db.View(fn); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) member(tgID int64) *branchbot.Member {
	h.t.Helper()
	var m *branchbot.Member
	h.view(func(tx *store.Tx) (err error) {
		m, err = tx.MemberByTelegramID(tgID)
		if errors.Is(err, branchbot.ErrNotFound) {
			return nil
		}
		return err
	})
	return m
}

// settle waits until every update was applied and the outbox is empty.
func (h *harness) settle() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := h.srv.WaitIdle(ctx); err != nil {
		h.t.Fatal(err)
	}
	for ctx.Err() == nil {
		var queued int
		h.view(func(tx *store.Tx) error { queued, _ = tx.OutboxStats(); return nil })
		if queued == 0 {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
	}
	h.t.Fatal("outbox did not drain")
}
