package telegramtest

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Reporter receives spec violations; a *testing.T works, so that the test
// that caused a violation fails.
type Reporter interface {
	Errorf(format string, args ...any)
}

// Server is a fake Telegram Bot API server. Its methods are safe for
// concurrent use.
type Server struct {
	cfg      config
	reporter Reporter
	log      *slog.Logger // nil: no logging
	spec     *apiSpec     // nil: validation skipped
	names    map[string]string
	bot      models.User

	url        string
	httpServer *http.Server
	hookClient *http.Client
	cancel     context.CancelFunc // ends webhook deliveries
	done       chan struct{}      // closed by Close
	bg         sync.WaitGroup     // serve loop and webhook loop
	inflight   sync.WaitGroup     // running handlers

	mu           sync.Mutex
	closed       bool
	chats        map[int64]*chat
	updates      updateQueue
	webhook      webhookState
	hookChanged  signal
	callbacks    map[string]*callbackState
	nextCallback int64
	commands     map[commandScope][]models.BotCommand
	files        map[string]fileInfo
	nextFile     int
	limiter      limiter
	faults       faults
	stats        Stats
	violations   []string
}

// NewServer starts a fake Bot API server on 127.0.0.1 at a random port.
// Spec violations are reported to r (which may be nil: they are then only
// collected, see Violations). Close the server when done.
func NewServer(r Reporter, opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg:       cfg,
		reporter:  r,
		log:       cfg.logger,
		done:      make(chan struct{}),
		chats:     map[int64]*chat{},
		callbacks: map[string]*callbackState{},
		commands:  map[commandScope][]models.BotCommand{},
		files:     map[string]fileInfo{},
		limiter:   newLimiter(cfg.limits),
		faults:    faults{chats: map[int64]fault{}, methods: map[string][]pendingFault{}, blocked: map[string]time.Time{}},
		stats:     Stats{Requests: map[string]int{}},
	}
	s.bot = models.User{
		ID:            botID(cfg.token),
		IsBot:         true,
		FirstName:     "Test Bot",
		Username:      cfg.botUsername,
		CanJoinGroups: true,
	}
	s.loadSpec()
	s.names = map[string]string{}
	for _, n := range implementedMethods() {
		s.names[strings.ToLower(n)] = n
	}
	if s.spec != nil {
		for k, m := range s.spec.methods {
			s.names[k] = m.name
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("telegramtest: failed to listen on a port: %v", err))
	}
	s.url = "http://" + ln.Addr().String()
	errLog := log.New(io.Discard, "", 0)
	if s.log != nil {
		errLog = slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)
	}
	s.httpServer = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          errLog,
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	s.hookClient = &http.Client{Transport: transport}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel

	s.bg.Add(2)
	go func() {
		defer s.bg.Done()
		_ = s.httpServer.Serve(ln)
	}()
	go s.webhookLoop(ctx)
	return s
}

// botID is the numeric prefix of a token, 123456 if there is none.
func botID(token string) int64 {
	prefix, _, _ := strings.Cut(token, ":")
	id, err := strconv.ParseInt(prefix, 10, 64)
	if err != nil || id <= 0 {
		return 123456
	}
	return id
}

// loadSpec indexes the embedded specification, or the file WithSpec
// names. A server never runs without one: a file that cannot be read is a
// mistake in the test, reported like a failure to listen.
func (s *Server) loadSpec() {
	name, data := botAPI94Name, botAPI94
	if p := s.cfg.specPath; p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			panic(fmt.Sprintf("telegramtest: reading the Bot API specification: %v", err))
		}
		name, data = p, b
	}
	sp, err := loadSpec(name, data)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: loading the Bot API specification: %v", err))
	}
	s.spec = sp
}

// notice logs one line through the logger, or the standard log without one.
func (s *Server) notice(msg string) {
	if s.log != nil {
		s.log.Warn(msg)
		return
	}
	log.Print(msg)
}

// logf logs at debug level.
func (s *Server) logf(format string, args ...any) {
	if s.log != nil && s.log.Enabled(context.Background(), slog.LevelDebug) {
		s.log.Debug(fmt.Sprintf(format, args...))
	}
}

// URL returns the base URL of the server, such as http://127.0.0.1:PORT;
// clients call URL()+"/bot"+Token()+"/"+method.
func (s *Server) URL() string { return s.url }

// Token returns the bot token the server accepts.
func (s *Server) Token() string { return s.cfg.token }

// BotUser returns the bot's user, as getMe answers it.
func (s *Server) BotUser() models.User { return s.bot }

// Close stops the server: waiting requests and waits end, the listener and
// connections are closed and every goroutine the server started has
// returned when Close returns. Close may be called more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	close(s.done)
	s.cancel()
	_ = s.httpServer.Close()
	s.inflight.Wait()
	s.bg.Wait()
	s.hookClient.CloseIdleConnections()
}

// Violations returns all spec violations so far, as "method: what".
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// Stats returns the request counters so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Requests = make(map[string]int, len(s.stats.Requests))
	for k, v := range s.stats.Requests {
		st.Requests[k] = v
	}
	return st
}

// violate records and reports spec violations of one request.
func (s *Server) violate(method string, issues []issue) {
	s.mu.Lock()
	for _, is := range issues {
		s.violations = append(s.violations, method+": "+is.what)
	}
	s.mu.Unlock()
	for _, is := range issues {
		if s.reporter != nil {
			s.reporter.Errorf("telegramtest: %s: %s", method, is.what)
		}
		s.logf("telegramtest: violation: %s: %s", method, is.what)
	}
}

// misuse reports a mistake of the test itself or a gap of the fake.
func (s *Server) misuse(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s.reporter != nil {
		s.reporter.Errorf("telegramtest: %s", msg)
		return
	}
	s.notice("telegramtest: " + msg)
}
