// Package ops serves what an operator watches a running bot by: /healthz
// for a supervisor, a container's HEALTHCHECK or a load balancer, and
// /metrics in the Prometheus text format. The bot and the scheduler know
// nothing of Prometheus: they tell a small Observer (bot.Observer,
// schedule.TickObserver) that Metrics implements, and the gauges that
// come from the database are read at scrape time.
package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/branchbot/branchbot/store"
)

// Options configure a Server. Listen, Store and Now are required.
type Options struct {
	// Listen is the address to serve on, such as "127.0.0.1:9090"
	// (port 0 picks a free one; Addr tells which).
	Listen string
	Store  *store.DB
	Now    func() time.Time
	// Polling is whether the bot polls getUpdates; in webhook mode no
	// poll is expected and the poll rule of /healthz is off.
	Polling bool
	// PollStale and OutboxStale are the thresholds of /healthz; 5 and 10
	// minutes if not set.
	PollStale   time.Duration
	OutboxStale time.Duration
	// Backups is the scheduled backups' status; nil when there are none.
	// Pass a nil interface, not a nil pointer of a concrete type.
	Backups BackupStatus
	// Version and Commit are shown in branchbot_build_info.
	Version, Commit string
	Logger          *slog.Logger
}

// Server serves /healthz and /metrics.
type Server struct {
	opts    Options
	started time.Time
	metrics *Metrics
	reg     *prometheus.Registry
	ln      net.Listener
	log     *slog.Logger
}

// New builds the Server and listens on Options.Listen, so that an
// address in use stops the start at once; Run serves.
func New(opts Options) (*Server, error) {
	if opts.Store == nil || opts.Now == nil || opts.Listen == "" {
		return nil, errors.New("ops: Listen, Store and Now are required")
	}
	if opts.PollStale <= 0 {
		opts.PollStale = 5 * time.Minute
	}
	if opts.OutboxStale <= 0 {
		opts.OutboxStale = 10 * time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, started: opts.Now(), log: opts.Logger, reg: prometheus.NewRegistry()}
	s.metrics = newMetrics(s.reg, opts.Now)
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "branchbot_build_info",
		Help:        "Always 1; the labels say which build runs.",
		ConstLabels: prometheus.Labels{"version": opts.Version, "commit": opts.Commit, "goversion": runtime.Version()},
	})
	build.Set(1)
	s.reg.MustRegister(build, newCollector(s),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return nil, fmt.Errorf("ops: listen %s: %w", opts.Listen, err)
	}
	s.ln = ln
	return s, nil
}

// Metrics is the observer to give the bot (bot.Options.Observer) and the
// scheduler (schedule.Options.Observer).
func (s *Server) Metrics() *Metrics { return s.metrics }

// WatchBackups sets the scheduled backups' status (Options.Backups)
// once they exist, which is after the bot they report through; call it
// before Run. b must be a nil interface when there are no backups.
func (s *Server) WatchBackups(b BackupStatus) { s.opts.Backups = b }

// Addr is the address the Server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Close stops listening, for a start that fails before Run; after Run it
// does nothing.
func (s *Server) Close() {
	_ = s.ln.Close() // after Run the listener is closed already
}

// Handler serves /healthz and /metrics.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{
		ErrorLog:            slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		MaxRequestsInFlight: 4,
		Timeout:             10 * time.Second,
	}))
	return mux
}

// healthz answers 200 "ok", or 503 with the reasons, one a line.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if p := s.problems(s.read()); len(p) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, strings.Join(p, "\n"))
		return
	}
	fmt.Fprintln(w, "ok")
}

// Run serves until ctx ends, then shuts the server down (requests in
// progress get 5 seconds) and returns once it has stopped.
func (s *Server) Run(ctx context.Context) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(s.ln) }()
	s.log.Info("serving /healthz and /metrics", "listen", s.ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("ops: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	<-errc // http.ErrServerClosed
	if err != nil {
		return fmt.Errorf("ops: shutdown: %w", err)
	}
	return nil
}
