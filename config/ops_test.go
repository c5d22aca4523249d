package config

import (
	"strings"
	"testing"
	"time"
)

func TestOpsConfigDefaults(t *testing.T) {
	cfg, err := Parse("config.yaml", []byte("branch:\n  name: b\n  secretaries: [1]\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.Ops
	if o.Listen != "" || o.Public || o.Health.PollStale.Duration() != 5*time.Minute || o.Health.OutboxStale.Duration() != 10*time.Minute {
		t.Errorf("ops = %+v, want off, not public, poll_stale 5m, outbox_stale 10m", o)
	}
}

func TestOpsConfig(t *testing.T) {
	base := "branch:\n  name: b\n  secretaries: [1]\nops:\n"
	tests := []struct {
		name, yaml string
		want       []string // problems; none means accepted
	}{
		{"IPv4 loopback", "  listen: 127.0.0.1:9090\n", nil},
		{"another 127/8 address", "  listen: 127.0.0.2:9090\n", nil},
		{"IPv6 loopback", "  listen: \"[::1]:9090\"\n", nil},
		{"localhost", "  listen: localhost:9090\n", nil},
		{"all interfaces refused", "  listen: :9090\n",
			[]string{`config.yaml:5: ops.listen: ":9090" is not a loopback address`, `set ops.public: true`}},
		{"0.0.0.0 refused", "  listen: 0.0.0.0:9090\n",
			[]string{`config.yaml:5: ops.listen: "0.0.0.0:9090" is not a loopback address`}},
		{"a LAN address refused", "  listen: 192.168.1.5:9090\n",
			[]string{`config.yaml:5: ops.listen: "192.168.1.5:9090" is not a loopback address`}},
		{"a host name refused", "  listen: metrics.example.org:9090\n",
			[]string{`config.yaml:5: ops.listen: "metrics.example.org:9090" is not a loopback address`}},
		{"public allows all interfaces", "  listen: 0.0.0.0:9090\n  public: true\n", nil},
		{"no port", "  listen: 127.0.0.1\n",
			[]string{`config.yaml:5: ops.listen: want host:port such as "127.0.0.1:9090", got "127.0.0.1"`}},
		{"port out of range", "  listen: 127.0.0.1:99999\n",
			[]string{`config.yaml:5: ops.listen: want a port from 1 to 65535, got "99999"`}},
		{"thresholds", "  health:\n    poll_stale: 2m\n    outbox_stale: 30m\n", nil},
		{"poll_stale within the poll timeout", "  health:\n    poll_stale: 50s\n",
			[]string{`config.yaml:6: ops.health.poll_stale: must be longer than telegram.poll_timeout (50s) and at most 24h, got 50s`}},
		{"outbox_stale too short", "  health:\n    outbox_stale: 0s\n",
			[]string{`config.yaml:6: ops.health.outbox_stale: must be from 1s to 24h, got 0s`}},
		{"unknown key", "  health:\n    outbox_stael: 1m\n",
			[]string{`config.yaml:6: ops.health.outbox_stael: unknown key (did you mean "outbox_stale"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("config.yaml", []byte(base+tt.yaml), noEnv)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nlacks %q", err, w)
				}
			}
		})
	}
}

// TestOpsPollStaleFollowsPollTimeout checks poll_stale against the poll
// timeout the file sets, not the default one.
func TestOpsPollStaleFollowsPollTimeout(t *testing.T) {
	data := "telegram:\n  poll_timeout: 1s\nbranch:\n  name: b\n  secretaries: [1]\nops:\n  health:\n    poll_stale: 2s\n"
	if _, err := Parse("config.yaml", []byte(data), noEnv); err != nil {
		t.Fatal(err)
	}
}
