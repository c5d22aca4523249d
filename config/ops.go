package config

import (
	"net"
	"strconv"
	"time"
)

// OpsConfig configures the operator's HTTP endpoints: /healthz for a
// supervisor or load balancer and /metrics for Prometheus.
type OpsConfig struct {
	// Listen is the host:port the endpoints are served on, such as
	// "127.0.0.1:9090"; empty (the default) serves nothing.
	Listen string `yaml:"listen"`
	// Public allows a Listen address that is not a loopback one. The
	// endpoints have no authentication and tell whoever reaches them
	// how active the branch is, so reaching them from another machine
	// must be a decision, taken with a firewall in front.
	Public bool `yaml:"public"`
	// Health holds the thresholds past which /healthz answers 503.
	Health HealthConfig `yaml:"health"`
}

// HealthConfig holds the thresholds of /healthz.
type HealthConfig struct {
	// PollStale is how long getUpdates may go without a successful answer
	// (in polling mode) before the bot counts as unhealthy. It must be
	// longer than telegram.poll_timeout, the longest a healthy long poll
	// takes to answer.
	PollStale Duration `yaml:"poll_stale"`
	// OutboxStale is how long the oldest queued message may wait, with
	// nothing going out meanwhile, before the bot counts as unhealthy: a
	// large branch's morning that drains at Telegram's rate is healthy.
	OutboxStale Duration `yaml:"outbox_stale"`
}

func defaultOps() OpsConfig {
	return OpsConfig{Health: HealthConfig{
		PollStale:   Duration(5 * time.Minute),
		OutboxStale: Duration(10 * time.Minute),
	}}
}

// maxHealthThreshold bounds the thresholds: a check that waits longer
// than a day checks nothing an operator would wait for.
const maxHealthThreshold = 24 * time.Hour

func (o *OpsConfig) validate(v *validator, pollTimeout time.Duration) {
	if o.Listen != "" {
		host, port, err := net.SplitHostPort(o.Listen)
		switch n, perr := strconv.Atoi(port); {
		case err != nil:
			v.errorf("ops.listen", `want host:port such as "127.0.0.1:9090", got %s`, quote(o.Listen))
		case perr != nil || n < 1 || n > 65535:
			v.errorf("ops.listen", "want a port from 1 to 65535, got %s", quote(port))
		case !o.Public && !loopbackHost(host):
			v.errorf("ops.listen", "%s is not a loopback address: /healthz and /metrics have no authentication and tell anyone "+
				"who reaches them how active the branch is; listen on 127.0.0.1 or [::1] (a reverse proxy or an SSH tunnel "+
				"can reach it), or set ops.public: true with a firewall in front", quote(o.Listen))
		}
	}
	ps, obs := o.Health.PollStale.Duration(), o.Health.OutboxStale.Duration()
	if ps <= pollTimeout || ps > maxHealthThreshold {
		v.errorf("ops.health.poll_stale", "must be longer than telegram.poll_timeout (%s) and at most 24h, got %s", pollTimeout, ps)
	}
	if obs < time.Second || obs > maxHealthThreshold {
		v.errorf("ops.health.outbox_stale", "must be from 1s to 24h, got %s", obs)
	}
}

// loopbackHost reports whether host, from a listen address, is a
// loopback one: "localhost" or an IP address in 127.0.0.0/8 or ::1. An
// empty host means every interface.
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
