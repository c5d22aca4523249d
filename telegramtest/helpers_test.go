package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"

	"github.com/branchbot/branchbot/internal/clocktest"
)

// recorder is a Reporter that keeps what it is told, for tests that
// expect violations.
type recorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.msgs...)
}

// newFakeClock is a settable clock for flood limit tests.
func newFakeClock() *clocktest.Clock {
	return clocktest.New(time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC))
}

// newTestServer starts a server reporting to t and closes it at the end.
func newTestServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(t, opts...)
	t.Cleanup(s.Close)
	return s
}

// newRecordingServer starts a server whose violations are recorded
// instead of failing t.
func newRecordingServer(t testing.TB, opts ...Option) (*Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	s := NewServer(rec, opts...)
	t.Cleanup(s.Close)
	return s, rec
}

// newClient returns a go-telegram/bot client of s.
func newClient(t testing.TB, s *Server) *tg.Bot {
	t.Helper()
	b, err := tg.New(s.Token(), tg.WithServerURL(s.URL()), tg.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testContext is a context bounded well below the test timeout.
func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// apiReply is a decoded Bot API answer.
type apiReply struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
	status int
}

// call POSTs body (JSON unless it is url.Values-encoded text) to method
// with a plain HTTP client.
func call(ctx context.Context, t testing.TB, s *Server, method, contentType, body string) apiReply {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+s.Token()+"/"+method, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return do(t, req)
}

func callJSON(ctx context.Context, t testing.TB, s *Server, method string, v any) apiReply {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return call(ctx, t, s, method, "application/json", string(b))
}

func do(t testing.TB, req *http.Request) apiReply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var r apiReply
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: answer %q: %v", req.URL.Path, data, err)
	}
	r.status = resp.StatusCode
	if r.OK != (r.status == http.StatusOK) || (!r.OK && r.ErrorCode != r.status) {
		t.Fatalf("%s: HTTP status %d does not match answer %s", req.URL.Path, r.status, data)
	}
	return r
}

// updateIDs returns the update ids of a getUpdates result.
func updateIDs(t testing.TB, r apiReply) []int64 {
	t.Helper()
	if !r.OK {
		t.Fatalf("getUpdates failed: %d %s", r.ErrorCode, r.Description)
	}
	var ups []struct {
		ID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, u := range ups {
		ids = append(ids, u.ID)
	}
	return ids
}

func jsonEqual(t testing.TB, got []byte, want string) {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("bad JSON %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatalf("bad JSON %s: %v", want, err)
	}
	ga, _ := json.Marshal(a)
	gb, _ := json.Marshal(b)
	if !bytes.Equal(ga, gb) {
		t.Errorf("JSON\n got %s\nwant %s", ga, gb)
	}
}

// newTestLogger logs text lines to w.
func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
