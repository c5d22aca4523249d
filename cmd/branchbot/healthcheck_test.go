package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestHealthcheck: 0 on a 2xx answer, an error naming the reason on a 503
// and when nothing listens.
func TestHealthcheck(t *testing.T) {
	var healthy atomic.Bool
	healthy.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		if !healthy.Load() {
			http.Error(w, "outbox: oldest message queued 25m ago", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	}))
	defer srv.Close()
	ctx := context.Background()
	var out, errs bytes.Buffer
	if err := run(ctx, []string{"healthcheck", "-url", srv.URL + "/healthz"}, noEnv, &out, &errs); err != nil || !strings.Contains(out.String(), "200 OK ok") {
		t.Errorf("healthy: %v, stdout %q", err, out.String())
	}
	healthy.Store(false)
	err := run(ctx, []string{"healthcheck", "-url", srv.URL + "/healthz"}, noEnv, &out, &errs)
	if err == nil || exitStatus(err, &errs) != 1 || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "oldest message queued") {
		t.Errorf("unhealthy: %v", err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	if err := run(ctx, []string{"healthcheck", "-url", "http://" + addr + "/healthz"}, noEnv, &out, &errs); err == nil {
		t.Error("nothing listening: no error")
	}
}
