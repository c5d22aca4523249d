package ops

import (
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/schedule"
)

// Metrics are the counters and histograms the bot and the scheduler move
// as they work. It is the bot's Observer and the scheduler's
// TickObserver; the gauges read from the store at scrape time are in
// collector.go.
type Metrics struct {
	now func() time.Time

	updates    *prometheus.CounterVec
	latency    prometheus.Histogram
	sent       *prometheus.CounterVec
	responses  *prometheus.CounterVec
	retries    *prometheus.CounterVec
	lastPoll   prometheus.Gauge
	tick       prometheus.Histogram
	tickFailed prometheus.Counter

	// lastPollAt is when getUpdates last answered successfully, in Unix
	// nanoseconds, for /healthz; 0 before the first.
	lastPollAt atomic.Int64
	// lastSentAt is when Telegram last accepted a message, in Unix
	// nanoseconds, for /healthz; 0 before the first.
	lastSentAt atomic.Int64
}

var (
	_ bot.Observer          = (*Metrics)(nil)
	_ schedule.TickObserver = (*Metrics)(nil)
)

// newMetrics makes the metrics and registers them with reg.
func newMetrics(reg prometheus.Registerer, now func() time.Time) *Metrics {
	m := &Metrics{
		now: now,
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_updates_handled_total",
			Help: "Updates from Telegram whose transaction committed, by kind: message, command, callback, edited_message, other, duplicate (delivered again, changed nothing), failed (undecodable or its handler failed; recorded and skipped).",
		}, []string{"kind"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "branchbot_update_handling_seconds",
			Help:    "Time from taking up a batch of updates to its commit, observed once per update in it.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_messages_sent_total",
			Help: "Outbox messages Telegram accepted, by kind (the first part of the idempotency key: study, nudge, bc, meeting, …; reply for answers to an update) and whether they edited an earlier message.",
		}, []string{"kind", "edit"}),
		responses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_telegram_responses_total",
			Help: "Answers of the Bot API by method and HTTP status: 200, 400, 403 (blocked), 429 (too many requests), …, 5xx for any server error, none when no answer came (timeout, connection lost).",
		}, []string{"method", "code"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_retries_total",
			Help: "Calls tried again after a failure: send (an outbox message rescheduled after a 429 or a transient error) or the Bot API method the bot cannot run without.",
		}, []string{"call"}),
		lastPoll: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "branchbot_last_poll_success_timestamp_seconds",
			Help: "When getUpdates last answered successfully (Unix time); 0 before the first, and always in webhook mode.",
		}),
		tick: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "branchbot_schedule_tick_seconds",
			Help:    "How long each of the scheduler's minutely Ticks took.",
			Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		tickFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "branchbot_schedule_tick_failures_total",
			Help: "Ticks that failed (the next minute's does what they did not).",
		}),
	}
	reg.MustRegister(m.updates, m.latency, m.sent, m.responses, m.retries, m.lastPoll, m.tick, m.tickFailed)
	// Series that exist from the start, so that rate() and increase()
	// see them move from zero and an alert on "none for N minutes" has
	// something to read.
	for _, k := range []string{bot.UpdateMessage, bot.UpdateCommand, bot.UpdateCallback} {
		m.updates.WithLabelValues(k)
	}
	m.sent.WithLabelValues("reply", "false")
	m.retries.WithLabelValues("send")
	return m
}

// UpdateHandled counts an update and its handling time.
func (m *Metrics) UpdateHandled(kind string, took time.Duration) {
	m.updates.WithLabelValues(kind).Inc()
	m.latency.Observe(took.Seconds())
}

// MessageSent counts a message Telegram accepted.
func (m *Metrics) MessageSent(kind string, edit bool) {
	m.sent.WithLabelValues(kind, strconv.FormatBool(edit)).Inc()
	m.lastSentAt.Store(m.now().UnixNano())
}

// APIAnswered counts an answer of the Bot API.
func (m *Metrics) APIAnswered(method string, status int) {
	m.responses.WithLabelValues(method, statusLabel(status)).Inc()
}

// statusLabel is the code label of an HTTP status: the number, 5xx for a
// server error (a proxy's 502 and Telegram's 500 are the same to an
// operator), none for no answer.
func statusLabel(status int) string {
	switch {
	case status == 0:
		return "none"
	case status >= 500 && status <= 599:
		return "5xx"
	case status < 100 || status > 599:
		return "other"
	}
	return strconv.Itoa(status)
}

// Retried counts a call tried again.
func (m *Metrics) Retried(call string) { m.retries.WithLabelValues(call).Inc() }

// Polled records a successful getUpdates.
func (m *Metrics) Polled() {
	t := m.now()
	m.lastPollAt.Store(t.UnixNano())
	m.lastPoll.Set(float64(t.UnixNano()) / 1e9)
}

// TickDone records a Tick's duration and failure.
func (m *Metrics) TickDone(took time.Duration, err error) {
	m.tick.Observe(took.Seconds())
	if err != nil {
		m.tickFailed.Inc()
	}
}

// lastPolled is when getUpdates last answered successfully; zero before
// the first.
func (m *Metrics) lastPolled() time.Time { return unixNano(m.lastPollAt.Load()) }

// lastSent is when Telegram last accepted a message; zero before the
// first.
func (m *Metrics) lastSent() time.Time { return unixNano(m.lastSentAt.Load()) }

// unixNano is the time of n Unix nanoseconds; zero for 0.
func unixNano(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}
