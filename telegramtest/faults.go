package telegramtest

import (
	"net/http"
	"time"
)

// fault is an injected error answer.
type fault struct {
	code       int
	desc       string
	retryAfter int
}

func (f fault) apiError() *apiError {
	return &apiError{code: f.code, desc: f.desc, retryAfter: f.retryAfter}
}

// pendingFault is a fault for the next n chat requests.
type pendingFault struct {
	n int
	f fault
}

// faults is the injected misbehaviour; Server.mu guards it.
type faults struct {
	chats     map[int64]fault
	next      []pendingFault
	delay     time.Duration
	dropReply int
	methods   map[string][]pendingFault // by method name as the spec spells it
	blocked   map[string]time.Time      // method → end of the retry_after it was told
	revoked   bool
}

// FailMethod makes the next n requests of method (any method, such as
// "getMe", "getUpdates", "setWebhook", "answerCallbackQuery",
// "setMyCommands") fail with code and description, before anything else
// is checked; retryAfter is told in parameters.retry_after when positive.
// After an injected 429 a request of the method before retryAfter seconds
// (of the server's clock) have passed is answered 429 again and counted in
// Stats.EarlyRetries. Calls queue up per method.
func (s *Server) FailMethod(method string, n int, code int, description string, retryAfter int) {
	if n <= 0 {
		return
	}
	f := newFault(code, description, retryAfter, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.methods[method] = append(s.faults.methods[method], pendingFault{n: n, f: f})
}

// RevokeToken makes every later request fail with 401 Unauthorized, as
// after the bot's token was revoked in @BotFather.
func (s *Server) RevokeToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.revoked = true
}

// methodFaultLocked returns the fault for a request of method, if any.
func (s *Server) methodFaultLocked(method string) *apiError {
	now := s.cfg.now()
	if until, ok := s.faults.blocked[method]; ok {
		if now.Before(until) {
			s.stats.EarlyRetries++
			return tooManyRequests(max(1, int(until.Sub(now).Seconds()+0.999)))
		}
		delete(s.faults.blocked, method)
	}
	q := s.faults.methods[method]
	if len(q) == 0 {
		return nil
	}
	f := q[0].f
	if q[0].n--; q[0].n == 0 {
		s.faults.methods[method] = q[1:]
	}
	if f.code == http.StatusTooManyRequests {
		s.faults.blocked[method] = now.Add(time.Duration(f.retryAfter) * time.Second)
	}
	return f.apiError()
}

// FailChat makes every later request that targets chatID (sendMessage,
// editMessageText, deleteMessage ...) fail with code and description until
// ClearChat, for example 403 "Forbidden: bot was blocked by the user" or
// 400 "Bad Request: chat not found". An empty description gets Telegram's
// usual one for the code.
func (s *Server) FailChat(chatID int64, code int, description string) {
	f := newFault(code, description, 0, s.cfg.limits.retryAfter())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.chats[chatID] = f
}

// ClearChat undoes FailChat for chatID.
func (s *Server) ClearChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.faults.chats, chatID)
}

// FailNext makes the next n requests that target a chat, whatever the chat,
// fail with code and description; retryAfter is told in
// parameters.retry_after when positive. An injected 429 also blocks the
// chat for retryAfter, so that early retries are counted as for real ones.
// Calls queue up: a second FailNext applies after the first one's n.
func (s *Server) FailNext(n int, code int, description string, retryAfter int) {
	if n <= 0 {
		return
	}
	f := newFault(code, description, retryAfter, retryAfter)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.next = append(s.faults.next, pendingFault{n: n, f: f})
}

// SetDelay delays the handling of every later request by d; a request
// whose context ends meanwhile is dropped without effect. Zero removes the
// delay.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.delay = d
}

// DropReplyNext makes the next n successful requests that target a chat
// take effect (the message is stored and visible in the chat) and then
// closes the connection without an answer, as a network failure after
// Telegram handled the request would.
func (s *Server) DropReplyNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.dropReply += n
}

func newFault(code int, desc string, retryAfter, defaultRetryAfter int) fault {
	if code == http.StatusTooManyRequests && retryAfter <= 0 {
		retryAfter = defaultRetryAfter
	}
	if code != http.StatusTooManyRequests && retryAfter < 0 {
		retryAfter = 0
	}
	if desc == "" {
		desc = defaultDescription(code, retryAfter)
	}
	return fault{code: code, desc: desc, retryAfter: retryAfter}
}

// injectedLocked returns the fault for a request to chatID, if any.
func (s *Server) injectedLocked(chatID int64) *apiError {
	if len(s.faults.next) > 0 {
		pf := &s.faults.next[0]
		f := pf.f
		pf.n--
		if pf.n == 0 {
			s.faults.next = s.faults.next[1:]
		}
		if f.code == http.StatusTooManyRequests {
			s.limiter.block(chatID, s.cfg.now(), f.retryAfter)
		}
		return f.apiError()
	}
	if f, ok := s.faults.chats[chatID]; ok {
		return f.apiError()
	}
	return nil
}

// takeDropReplyLocked reports whether this successful request's answer is
// to be dropped.
func (s *Server) takeDropReplyLocked() bool {
	if s.faults.dropReply > 0 {
		s.faults.dropReply--
		return true
	}
	return false
}
