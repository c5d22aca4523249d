package telegramtest

import (
	"net/http"
	"reflect"
	"testing"
	"time"
)

// TestUpdateIDsRestartAfterAQuietWeek checks the Bot API's rule: after a
// week without updates the next id is chosen anew (here by the option),
// and an offset above it confirms it unseen.
func TestUpdateIDsRestartAfterAQuietWeek(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	ids := []int64{900000, 5}
	s := newTestServer(t, WithClock(clock.Now), WithUpdateIDs(func() int64 {
		id := ids[0]
		ids = ids[1:]
		return id
	}))
	ctx := testContext(t)
	ann := User{ID: 10, FirstName: "Ann"}
	for want := int64(900000); want < 900003; want++ {
		if id := s.SendText(ann, 10, "m"); id != want {
			t.Fatalf("update id %d, want %d", id, want)
		}
	}
	updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": 900003}))
	clock.Advance(6 * 24 * time.Hour)
	if id := s.SendText(ann, 10, "m"); id != 900003 {
		t.Fatalf("after six days: id %d, want 900003", id)
	}
	updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": 900004}))
	clock.Advance(7 * 24 * time.Hour)
	if id := s.SendText(ann, 10, "m"); id != 5 {
		t.Fatalf("after a quiet week: id %d, want 5", id)
	}
	if id := s.SendText(ann, 10, "m"); id != 6 {
		t.Fatalf("the next one: id %d, want 6", id)
	}
	// An offset above them confirms them without returning them.
	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": 900004})); len(got) != 0 {
		t.Errorf("offset 900004 after the restart: %v, want nothing", got)
	}
	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{})); len(got) != 0 {
		t.Errorf("updates 5 and 6 not forgotten: %v", got)
	}
	// Without an offset, new low ids come.
	s.SendText(ann, 10, "m")
	if got := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{})); !reflect.DeepEqual(got, []int64{7}) {
		t.Errorf("no offset: %v, want [7]", got)
	}
}

// TestLongPollForgetsIDsBelowItsOffset checks that an update arriving
// during a long poll with an id below the poll's offset is confirmed by
// it, as one already queued would be.
func TestLongPollForgetsIDsBelowItsOffset(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	ids := []int64{100, 1}
	hook, waiting, _ := pollWaits()
	s := newTestServer(t, hook, WithClock(clock.Now), WithUpdateIDs(func() int64 {
		id := ids[0]
		ids = ids[1:]
		return id
	}))
	ctx := testContext(t)
	ann := User{ID: 10, FirstName: "Ann"}
	s.SendText(ann, 10, "m")
	clock.Advance(8 * 24 * time.Hour)
	updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": 101}))
	got := make(chan apiReply, 1)
	go func() { got <- callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": 101, "timeout": 1}) }()
	<-waiting
	if id := s.SendText(ann, 10, "m"); id != 1 {
		t.Fatalf("id %d, want 1", id)
	}
	if ids := updateIDs(t, <-got); len(ids) != 0 {
		t.Errorf("the poll with offset 101 returned %v", ids)
	}
	if ids := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{})); len(ids) != 0 {
		t.Errorf("update 1 not confirmed: %v", ids)
	}
}

// TestFailMethod checks method faults: a 429 blocks the method for its
// retry_after, early retries are counted, other methods are untouched.
func TestFailMethod(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := newTestServer(t, WithClock(clock.Now))
	ctx := testContext(t)
	s.FailMethod("getMe", 1, http.StatusTooManyRequests, "", 5)
	s.FailMethod("getMe", 1, http.StatusBadGateway, "", 0)
	if r := callJSON(ctx, t, s, "getMe", nil); r.ErrorCode != 429 || r.Parameters.RetryAfter != 5 {
		t.Fatalf("first getMe: %d retry_after %d", r.ErrorCode, r.Parameters.RetryAfter)
	}
	if r := callJSON(ctx, t, s, "getWebhookInfo", nil); !r.OK {
		t.Fatalf("another method failed: %d %s", r.ErrorCode, r.Description)
	}
	clock.Advance(2 * time.Second)
	if r := callJSON(ctx, t, s, "getMe", nil); r.ErrorCode != 429 || r.Parameters.RetryAfter != 3 {
		t.Fatalf("getMe 2 s into retry_after 5: %d retry_after %d", r.ErrorCode, r.Parameters.RetryAfter)
	}
	if st := s.Stats(); st.EarlyRetries != 1 {
		t.Errorf("EarlyRetries = %d, want 1", st.EarlyRetries)
	}
	clock.Advance(3 * time.Second)
	if r := callJSON(ctx, t, s, "getMe", nil); r.ErrorCode != http.StatusBadGateway {
		t.Fatalf("second queued fault: %d %s", r.ErrorCode, r.Description)
	}
	if r := callJSON(ctx, t, s, "getMe", nil); !r.OK {
		t.Fatalf("after the faults: %d %s", r.ErrorCode, r.Description)
	}
	s.RevokeToken()
	if r := callJSON(ctx, t, s, "getMe", nil); r.ErrorCode != http.StatusUnauthorized {
		t.Fatalf("after RevokeToken: %d %s", r.ErrorCode, r.Description)
	}
}
