package telegramtest

import (
	"net/http"
	"strings"
	"testing"

	tg "github.com/go-telegram/bot"
)

func TestRouting(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithToken("777:other"), WithBotUsername("some_bot"))
	ctx := testContext(t)

	if s.Token() != "777:other" || !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("Token %q URL %q", s.Token(), s.URL())
	}
	// getMe through go-telegram/bot: an empty multipart body.
	b := newClient(t, s)
	me, err := b.GetMe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != 777 || !me.IsBot || me.Username != "some_bot" {
		t.Errorf("getMe = %+v", me)
	}

	// Method names are case-insensitive.
	if r := call(ctx, t, s, "GETME", "", ""); !r.OK {
		t.Errorf("GETME: %+v", r)
	}
	wrong, err := tg.New("777:wrong", tg.WithServerURL(s.URL()), tg.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.GetMe(ctx); err == nil || !strings.Contains(err.Error(), "unauthorized") {
		t.Errorf("wrong token: %v", err)
	}
	if r := call(ctx, t, s, "noSuchMethod", "", ""); r.status != http.StatusNotFound || r.Description != "Not Found" {
		t.Errorf("unknown method: %+v", r)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/elsewhere", nil)
	if r := do(t, req); r.status != http.StatusNotFound {
		t.Errorf("other path: %+v", r)
	}
	if r := call(ctx, t, s, "sendMessage", "text/plain", "hello"); r.status != http.StatusBadRequest {
		t.Errorf("unsupported content type: %+v", r)
	}
	st := s.Stats()
	if st.Requests["getMe"] != 2 || st.Requests["noSuchMethod"] != 1 {
		t.Errorf("stats %+v", st.Requests)
	}
}

func TestCloseTwice(t *testing.T) {
	t.Parallel()
	s := NewServer(t)
	s.Close()
	s.Close()
}
