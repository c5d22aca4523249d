package ops

import (
	"github.com/prometheus/client_golang/prometheus"
)

// collector reports, at each scrape, what the store and the backups hold
// now: one read transaction per scrape, no bookkeeping on the bot's
// paths.
type collector struct {
	s *Server

	queued, oldest, failed      *prometheus.Desc
	fileSize, inUse, dbReadable *prometheus.Desc
	lastBackup, backupFailing   *prometheus.Desc
	healthy                     *prometheus.Desc
}

func newCollector(s *Server) *collector {
	d := func(name, help string) *prometheus.Desc { return prometheus.NewDesc(name, help, nil, nil) }
	return &collector{
		s:             s,
		queued:        d("branchbot_outbox_queued", "Messages waiting in the outbox."),
		oldest:        d("branchbot_outbox_oldest_age_seconds", "How long the oldest queued message has waited; 0 when the outbox is empty."),
		failed:        d("branchbot_outbox_failed", "Messages in the failed list (/outbox): given up, kept for storage.keep_failed."),
		fileSize:      d("branchbot_database_size_bytes", "The database file's size."),
		inUse:         d("branchbot_database_in_use_bytes", "The part of the database file that holds data (bbolt keeps freed pages for reuse)."),
		dbReadable:    d("branchbot_database_readable", "1 if the scrape could read the database, else 0."),
		lastBackup:    d("branchbot_last_backup_timestamp_seconds", "When the last good scheduled backup was taken (Unix time); 0 if none yet."),
		backupFailing: d("branchbot_backup_failing", "1 if the last scheduled backup attempt failed, else 0."),
		healthy:       d("branchbot_healthy", "1 if /healthz answers 200, else 0."),
	}
}

// Describe sends the descriptions of every metric Collect may send.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.queued, c.oldest, c.failed, c.fileSize, c.inUse, c.dbReadable, c.lastBackup, c.backupFailing, c.healthy} {
		ch <- d
	}
}

// Collect reads the store and the backups and sends what it read. When
// the database cannot be read only branchbot_database_readable 0 (and
// branchbot_healthy 0) is sent of the store's metrics: a stale number
// would hide the failure.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	r := c.s.read()
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	if r.dbErr == nil {
		gauge(c.dbReadable, 1)
		gauge(c.queued, float64(r.outbox.Queued))
		gauge(c.failed, float64(r.outbox.Failed))
		age := 0.0
		if !r.outbox.Oldest.IsZero() {
			age = max(r.at.Sub(r.outbox.Oldest).Seconds(), 0)
		}
		gauge(c.oldest, age)
		gauge(c.fileSize, float64(r.fileSize))
		gauge(c.inUse, float64(r.inUse))
	} else {
		gauge(c.dbReadable, 0)
	}
	if r.backups {
		last := 0.0
		if !r.lastBackup.IsZero() {
			last = float64(r.lastBackup.UnixNano()) / 1e9
		}
		gauge(c.lastBackup, last)
		failing := 0.0
		if r.backupErr != nil {
			failing = 1
		}
		gauge(c.backupFailing, failing)
	}
	healthy := 1.0
	if len(c.s.problems(r)) > 0 {
		healthy = 0
	}
	gauge(c.healthy, healthy)
}
