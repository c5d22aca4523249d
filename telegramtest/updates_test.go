package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// pollWaits returns an option that signals on the first channel whenever
// a long poll starts waiting and on the second when one that waited ends.
func pollWaits() (Option, <-chan struct{}, <-chan struct{}) {
	waits, ends := make(chan struct{}, 16), make(chan struct{}, 16)
	return withPollHook(func(event string) {
		ch := waits
		if event == "end" {
			ch = ends
		}
		select {
		case ch <- struct{}{}:
		default:
		}
	}), waits, ends
}

func TestGetUpdatesOffsetAndLimit(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := testContext(t)
	ann := User{ID: 10, FirstName: "Ann"}
	for i := 1; i <= 3; i++ {
		if id := s.SendText(ann, 10, fmt.Sprint("m", i)); id != int64(i) {
			t.Fatalf("update id = %d, want %d", id, i)
		}
	}

	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"limit": 2})); !reflect.DeepEqual(got, []int64{1, 2}) {
		t.Errorf("limit 2: %v", got)
	}
	// Without a new offset nothing is confirmed.
	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{})); !reflect.DeepEqual(got, []int64{1, 2, 3}) {
		t.Errorf("no offset: %v", got)
	}
	// offset 3 confirms 1 and 2 ...
	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": 3})); !reflect.DeepEqual(got, []int64{3}) {
		t.Errorf("offset 3: %v", got)
	}
	// ... forever.
	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": 0})); !reflect.DeepEqual(got, []int64{3}) {
		t.Errorf("offset 0 after confirming: %v", got)
	}
	// Multipart and urlencoded requests work the same.
	if got := updateIDs(t, call(ctx, t, s, "getUpdates", "application/x-www-form-urlencoded", "offset=4")); len(got) != 0 {
		t.Errorf("offset 4: %v", got)
	}

	r := callJSON(ctx, t, s, "getUpdates", map[string]any{})
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatal(err)
	}
	if len(ups) != 0 {
		t.Errorf("after confirming all: %d updates", len(ups))
	}
	if err := s.WaitIdle(ctx); err != nil {
		t.Errorf("WaitIdle: %v", err)
	}
}

func TestGetUpdatesLongPollWakes(t *testing.T) {
	t.Parallel()
	hook, waiting, _ := pollWaits()
	s := newTestServer(t, hook)
	ctx := testContext(t)

	type result struct {
		ids     []int64
		elapsed time.Duration
	}
	done := make(chan result)
	go func() {
		start := time.Now()
		r := callJSON(ctx, t, s, "getUpdates", map[string]any{"timeout": 30})
		done <- result{updateIDs(t, r), time.Since(start)}
	}()
	<-waiting // the poll is waiting now
	s.SendText(User{ID: 1}, 1, "wake up")
	got := <-done
	if !reflect.DeepEqual(got.ids, []int64{1}) || got.elapsed > 10*time.Second {
		t.Errorf("long poll returned %v after %v", got.ids, got.elapsed)
	}
}

func TestGetUpdatesTimeout(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := testContext(t)
	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"timeout": 0})); len(got) != 0 {
		t.Errorf("timeout 0: %v", got)
	}
	start := time.Now()
	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"timeout": 1})); len(got) != 0 {
		t.Errorf("timeout 1: %v", got)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("timeout 1 returned after %v", d)
	}
}

func TestGetUpdatesEndsWithRequestContext(t *testing.T) {
	t.Parallel()
	hook, waiting, ended := pollWaits()
	s := newTestServer(t, hook)
	ctx, cancel := context.WithCancel(testContext(t))
	errc := make(chan error)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+s.Token()+"/getUpdates", strings.NewReader(`{"timeout":60}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-waiting
	cancel()
	if err := <-errc; err == nil {
		t.Error("canceled long poll succeeded")
	}
	// The server side ends too, long before the 60 s timeout.
	select {
	case <-ended:
	case <-testContext(t).Done():
		t.Fatal("the long poll did not end with its request")
	}
}

func TestGetUpdatesConflicts(t *testing.T) {
	t.Parallel()
	hook, waiting, _ := pollWaits()
	s := newTestServer(t, hook)
	ctx := testContext(t)

	older := make(chan apiReply)
	go func() { older <- callJSON(ctx, t, s, "getUpdates", map[string]any{"timeout": 30}) }()
	<-waiting
	if r := callJSON(ctx, t, s, "getUpdates", map[string]any{}); !r.OK {
		t.Errorf("newer poll: %+v", r)
	}
	if r := <-older; r.status != http.StatusConflict || !strings.Contains(r.Description, "terminated by other getUpdates request") {
		t.Errorf("older poll: %+v", r)
	}

	if r := callJSON(ctx, t, s, "setWebhook", map[string]any{"url": "https://example.com/hook"}); !r.OK {
		t.Fatalf("setWebhook: %+v", r)
	}
	if r := callJSON(ctx, t, s, "getUpdates", map[string]any{}); r.status != http.StatusConflict || !strings.Contains(r.Description, "webhook is active") {
		t.Errorf("getUpdates with a webhook: %+v", r)
	}
	if r := callJSON(ctx, t, s, "deleteWebhook", map[string]any{}); !r.OK {
		t.Fatalf("deleteWebhook: %+v", r)
	}
	if r := callJSON(ctx, t, s, "getUpdates", map[string]any{}); !r.OK {
		t.Errorf("getUpdates after deleteWebhook: %+v", r)
	}
}

func TestAllowedUpdates(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := testContext(t)
	s.SendText(User{ID: 1}, 1, "text")
	s.Press(User{ID: 1}, 1, 1, "data")
	r := callJSON(ctx, t, s, "getUpdates", map[string]any{"allowed_updates": []string{"callback_query"}})
	if got := updateIDs(t, r); !reflect.DeepEqual(got, []int64{2}) {
		t.Errorf("allowed callback_query only: %v", got)
	}
}

func TestPushUpdateAndRaw(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := testContext(t)
	id1 := s.PushUpdate(models.Update{ID: 999, EditedMessage: &models.Message{ID: 5, Text: "edited", Chat: models.Chat{ID: 1, Type: "private"}}})
	id2 := s.PushRaw([]byte(`{"update_id":7,"future_update_kind":{"x":1}}`))
	if id1 != 1 || id2 != 2 {
		t.Fatalf("ids %d %d", id1, id2)
	}
	r := callJSON(ctx, t, s, "getUpdates", map[string]any{})
	var ups []map[string]json.RawMessage
	if err := json.Unmarshal(r.Result, &ups); err != nil || len(ups) != 2 {
		t.Fatalf("result %s: %v", r.Result, err)
	}
	jsonEqual(t, ups[0]["update_id"], "1")
	jsonEqual(t, ups[1]["update_id"], "2")
	jsonEqual(t, ups[1]["future_update_kind"], `{"x":1}`)
	if _, ok := ups[0]["edited_message"]; !ok {
		t.Errorf("first update: %s", r.Result)
	}

	rec := &recorder{}
	s2 := NewServer(rec)
	defer s2.Close()
	if id := s2.PushRaw([]byte(`[1,2]`)); id != 0 || len(rec.all()) != 1 {
		t.Errorf("PushRaw of an array: id %d, reported %q", id, rec.all())
	}
}

func TestWaitIdle(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := testContext(t)
	s.SendText(User{ID: 1}, 1, "a")
	s.SendText(User{ID: 1}, 1, "b")

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := s.WaitIdle(short); err == nil || !strings.Contains(err.Error(), "2 update(s) still queued") {
		t.Errorf("WaitIdle with queued updates: %v", err)
	}

	errc := make(chan error)
	go func() { errc <- s.WaitIdle(ctx) }()
	callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": 3})
	if err := <-errc; err != nil {
		t.Errorf("WaitIdle: %v", err)
	}
}
