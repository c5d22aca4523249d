package bot

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

func TestSentKind(t *testing.T) {
	tests := []struct {
		o    branchbot.Outgoing
		want string
	}{
		{branchbot.Outgoing{}, "reply"},
		{branchbot.Outgoing{Key: branchbot.PromptKey(branchbot.Day(20000), 17, 0)}, "study"},
		{branchbot.Outgoing{Key: branchbot.BroadcastKey(3, 17)}, "bc"},
		{branchbot.Outgoing{EditKey: "nudge/2026-11-25/m0000000017"}, "nudge"},
		{branchbot.Outgoing{Live: "bcstatus/3"}, "bcstatus"},
		{branchbot.Outgoing{Key: "Weird Key/1"}, "other"},
	}
	for _, tt := range tests {
		if got := sentKind(&tt.o); got != tt.want {
			t.Errorf("sentKind(key %q, edit %q, live %q) = %q, want %q", tt.o.Key, tt.o.EditKey, tt.o.Live, got, tt.want)
		}
	}
}

// answers records what observedTransport tells.
type answers struct {
	NopObserver
	got []string
}

func (a *answers) APIAnswered(method string, status int) {
	a.got = append(a.got, method+" "+http.StatusText(status))
}

// TestObservedTransport checks that the method is taken from the URL and
// the token in the path never reaches the observer.
func TestObservedTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sendMessage") {
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	a := &answers{}
	c := observedClient(&http.Client{Timeout: 5 * time.Second}, a)
	const token = "123456:SECRET-token"
	for _, path := range []string{"/bot" + token + "/sendMessage", "/bot" + token + "/getMe", "/file/bot" + token + "/photos/file_1.jpg"} {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	want := []string{"sendMessage Too Many Requests", "getMe OK", "other OK"}
	if strings.Join(a.got, "|") != strings.Join(want, "|") {
		t.Errorf("observed %q, want %q", a.got, want)
	}
	for _, g := range a.got {
		if strings.Contains(g, "SECRET") {
			t.Errorf("the token reached the observer: %q", g)
		}
	}
}
