package telegramtest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The request pipeline: route, count, delay, parse, validate, inject
// faults, enforce limits, run the method, answer.

// serveHTTP handles one Bot API request.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		writeError(w, &apiError{code: http.StatusServiceUnavailable, desc: "Service Unavailable: server closed"})
		return
	}
	s.inflight.Add(1)
	s.mu.Unlock()
	defer s.inflight.Done()

	rest, okPrefix := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, okMethod := strings.Cut(rest, "/")
	if !okPrefix || !okMethod || method == "" || strings.Contains(method, "/") {
		writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
		return
	}
	s.mu.Lock()
	revoked := s.faults.revoked
	s.mu.Unlock()
	if token != s.cfg.token || revoked {
		writeError(w, &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"})
		return
	}
	name, known := s.names[strings.ToLower(method)]
	if !known {
		name = method
	}
	s.mu.Lock()
	s.stats.Requests[name]++
	delay := s.faults.delay
	s.mu.Unlock()
	if !known {
		s.finish(w, name, nil, &apiError{code: http.StatusNotFound, desc: "Not Found"}, false)
		return
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		case <-s.done:
			t.Stop()
			return
		}
	}
	p, err := readParams(w, r)
	if err != nil {
		s.finish(w, name, nil, badRequest("%v", err), false)
		return
	}
	s.mu.Lock()
	injected := s.methodFaultLocked(name)
	s.mu.Unlock()
	if injected != nil {
		s.finish(w, name, nil, injected, false)
		return
	}
	result, apiErr, drop := s.call(r.Context(), name, p)
	s.finish(w, name, result, apiErr, drop)
}

// finish writes the answer (or drops the connection) and logs the request.
func (s *Server) finish(w http.ResponseWriter, name string, result any, e *apiError, drop bool) {
	if e != nil && e.code == http.StatusTooManyRequests {
		s.mu.Lock()
		s.stats.TooManyRequests++
		s.mu.Unlock()
	}
	switch {
	case drop:
		s.logf("telegramtest: %s: handled, answer dropped", name)
		dropConnection(w)
	case e != nil:
		s.logf("telegramtest: %s: %d %s", name, e.code, e.desc)
		writeError(w, e)
	default:
		s.logf("telegramtest: %s: ok", name)
		writeResult(w, result)
	}
}

// dropConnection closes the client connection without an answer.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): aborting the handler resets the stream.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// call validates, applies faults and limits and runs a known method. drop
// reports that the answer of this successful request is to be dropped.
func (s *Server) call(ctx context.Context, name string, p params) (result any, e *apiError, drop bool) {
	var ms *methodSpec
	if s.spec != nil {
		ms = s.spec.methods[strings.ToLower(name)]
	}
	if ms != nil {
		if issues := s.spec.validate(ms, p); len(issues) > 0 {
			s.violate(name, issues)
			return nil, &apiError{code: http.StatusBadRequest, desc: issues[0].desc}, false
		}
	}
	chatID, targetsChat := chatTarget(name, p)
	if targetsChat {
		s.mu.Lock()
		if e := s.injectedLocked(chatID); e != nil {
			s.mu.Unlock()
			return nil, e, false
		}
		if v := s.limiter.check(chatID, s.cfg.now()); v.limited {
			if v.early {
				s.stats.EarlyRetries++
			}
			s.mu.Unlock()
			return nil, tooManyRequests(v.retryAfter), false
		}
		s.mu.Unlock()
	}
	result, e = s.dispatch(ctx, name, p, ms)
	if targetsChat && e == nil {
		s.mu.Lock()
		drop = s.takeDropReplyLocked()
		s.mu.Unlock()
	}
	return result, e, drop
}

// chatTarget returns the chat a sending method targets.
func chatTarget(name string, p params) (int64, bool) {
	switch {
	case strings.HasPrefix(name, "send"), strings.HasPrefix(name, "edit"),
		strings.HasPrefix(name, "delete"), strings.HasPrefix(name, "copy"),
		strings.HasPrefix(name, "forward"), strings.HasPrefix(name, "pin"),
		strings.HasPrefix(name, "unpin"), strings.HasPrefix(name, "stop"):
	default:
		return 0, false
	}
	v, ok := p["chat_id"]
	if !ok || v.file != nil {
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v.value), 10, 64)
	if err != nil {
		return 0, false
	}
	return id, true
}
