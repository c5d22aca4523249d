package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// demo runs the real bot, on a real database in a temporary directory,
// against telegramtest: a secretary invites five members, each joins
// through their link and is welcomed. It prints the chats. No token and no
// network are needed.
func demo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	seed := fs.Uint64("seed", 1, "seed for the simulated members' behaviour")
	verbose := fs.Bool("v", false, "log the bot's own messages to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_ = seed
	dir, err := os.MkdirTemp("", "branchbot-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	violations := &violationLog{}
	srv := telegramtest.NewServer(violations)
	defer srv.Close()

	db, err := store.Open(filepath.Join(dir, "demo.db"), store.Options{Now: time.Now})
	if err != nil {
		return err
	}
	defer db.Close()

	logLevel := slog.LevelError
	if *verbose {
		logLevel = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel}))
	const secretaryID = 1001
	b, err := bot.New(bot.Options{
		APIURL:      srv.URL(),
		Token:       srv.Token(),
		Store:       db,
		Now:         time.Now,
		Logger:      log,
		BranchName:  "市生态环境局机关党支部",
		Language:    branchbot.LangZH,
		Location:    mustLoad("Asia/Shanghai"),
		Secretaries: []int64{secretaryID},
		PollTimeout: time.Second,
		Limits:      bot.Limits{GlobalPerSecond: 30, PerChatPerSecond: 20, PerGroupPerMinute: 20},
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var runErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		runErr = b.Run(ctx)
	}()
	defer func() {
		cancel()
		wg.Wait()
	}()

	wait := func(chat int64, want string) (telegramtest.Message, error) {
		wctx, wcancel := context.WithTimeout(ctx, 15*time.Second)
		defer wcancel()
		return srv.WaitMessage(wctx, chat, func(m telegramtest.Message) bool {
			return m.FromBot && strings.Contains(m.Text, want)
		})
	}
	secretary := telegramtest.User{ID: secretaryID, FirstName: "王", LastName: "书记"}
	srv.SendText(secretary, secretaryID, "/start")
	if _, err := wait(secretaryID, "您好"); err != nil {
		return fmt.Errorf("demo: the bot did not greet the secretary: %w", err)
	}
	people := []struct {
		user  telegramtest.User
		name  string
		group string
	}{
		{telegramtest.User{ID: 2001, FirstName: "建国", LastName: "李"}, "李建国", "第一党小组"},
		{telegramtest.User{ID: 2002, FirstName: "芳", LastName: "张"}, "张芳", "第一党小组"},
		{telegramtest.User{ID: 2003, FirstName: "伟", LastName: "刘"}, "刘伟", "第二党小组"},
		{telegramtest.User{ID: 2004, FirstName: "静", LastName: "陈"}, "陈静", "第二党小组"},
		{telegramtest.User{ID: 2005, FirstName: "Ming", LastName: "Li", LanguageCode: "en"}, "Li Ming", "第二党小组"},
	}
	link := regexp.MustCompile(`\?start=([A-Za-z0-9_-]+)`)
	for _, p := range people {
		srv.SendText(secretary, secretaryID, fmt.Sprintf("/invite %q %s", p.name, p.group))
		m, err := wait(secretaryID, "“"+p.name+"”生成邀请链接")
		if err != nil {
			return fmt.Errorf("demo: no invite for %s: %w", p.name, err)
		}
		code := link.FindStringSubmatch(m.Text)
		if code == nil {
			return fmt.Errorf("demo: no link in %q", m.Text)
		}
		srv.SendText(p.user, p.user.ID, "/start "+code[1])
		if _, err := wait(p.user.ID, p.name); err != nil {
			return fmt.Errorf("demo: %s was not welcomed: %w", p.name, err)
		}
		if p.user.LanguageCode == "en" {
			srv.SendText(p.user, p.user.ID, "/lang en")
			if _, err := wait(p.user.ID, "English"); err != nil {
				return err
			}
		}
	}
	srv.SendText(secretary, secretaryID, "/members")
	if _, err := wait(secretaryID, "成员名单"); err != nil {
		return err
	}
	for _, p := range people[:1] {
		fmt.Fprintf(stdout, "=== %s 的对话 / chat of %s ===\n%s\n", p.name, p.name, srv.Transcript(p.user.ID))
	}
	fmt.Fprintf(stdout, "=== 书记的对话 / the secretary's chat ===\n%s\n", srv.Transcript(secretaryID))
	cancel()
	wg.Wait()
	if runErr != nil {
		return runErr
	}
	if v := violations.list(); len(v) > 0 {
		return fmt.Errorf("demo: %d Bot API violations:\n%s", len(v), strings.Join(v, "\n"))
	}
	fmt.Fprintf(stdout, "demo: %d members joined through invite links; %d requests to the simulated Bot API, none violating it.\n", len(people), totalRequests(srv.Stats()))
	return nil
}

func totalRequests(s telegramtest.Stats) int {
	n := 0
	for _, c := range s.Requests {
		n += c
	}
	return n
}

// violationLog collects what telegramtest reports as a breach of the Bot API.
type violationLog struct {
	mu sync.Mutex
	v  []string
}

func (l *violationLog) Errorf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.v = append(l.v, fmt.Sprintf(format, args...))
}

func (l *violationLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.v...)
}

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(errors.New("time zone data missing: " + name))
	}
	return loc
}
