package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// apiError is an unsuccessful Bot API answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
}

func (e *apiError) Error() string {
	return strconv.Itoa(e.code) + " " + e.desc
}

// badRequest builds a 400 answer; the description gets Telegram's prefix.
func badRequest(format string, args ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// tooManyRequests builds a 429 answer telling the client to wait retryAfter.
func tooManyRequests(retryAfter int) *apiError {
	return &apiError{
		code:       http.StatusTooManyRequests,
		desc:       "Too Many Requests: retry after " + strconv.Itoa(retryAfter),
		retryAfter: retryAfter,
	}
}

// defaultDescription is Telegram's description for a bare error code.
func defaultDescription(code, retryAfter int) string {
	switch code {
	case http.StatusBadRequest:
		return "Bad Request: chat not found"
	case http.StatusUnauthorized:
		return "Unauthorized"
	case http.StatusForbidden:
		return "Forbidden: bot was blocked by the user"
	case http.StatusNotFound:
		return "Not Found"
	case http.StatusConflict:
		return "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	case http.StatusTooManyRequests:
		return "Too Many Requests: retry after " + strconv.Itoa(retryAfter)
	}
	if t := http.StatusText(code); t != "" {
		return t
	}
	return "Error " + strconv.Itoa(code)
}

type okResponse struct {
	OK     bool `json:"ok"`
	Result any  `json:"result"`
}

type errorParameters struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

type errorResponse struct {
	OK          bool             `json:"ok"`
	ErrorCode   int              `json:"error_code"`
	Description string           `json:"description"`
	Parameters  *errorParameters `json:"parameters,omitempty"`
}

// writeResult answers {"ok":true,"result":result}.
func writeResult(w http.ResponseWriter, result any) {
	body, err := json.Marshal(okResponse{OK: true, Result: result})
	if err != nil {
		writeError(w, &apiError{code: http.StatusInternalServerError, desc: "Internal Server Error: " + err.Error()})
		return
	}
	writeBody(w, http.StatusOK, body)
}

// writeError answers {"ok":false,...} with the matching HTTP status.
func writeError(w http.ResponseWriter, e *apiError) {
	resp := errorResponse{ErrorCode: e.code, Description: e.desc}
	if e.retryAfter > 0 {
		resp.Parameters = &errorParameters{RetryAfter: e.retryAfter}
	}
	body, _ := json.Marshal(resp)
	writeBody(w, e.code, body)
}

func writeBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
