package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBodyBytes bounds a request body, like Telegram's 50 MB upload limit.
const maxBodyBytes = 50 << 20

// param is one request parameter: a value as text (objects and arrays stay
// JSON-encoded, as clients send them in forms) or an uploaded file.
type param struct {
	value string
	file  *upload
}

// upload describes a file part of a multipart request.
type upload struct {
	name        string
	size        int64
	contentType string
	data        []byte // the first maxKeptUpload bytes
}

// maxKeptUpload is how much of an uploaded file the server keeps, for
// tests that read what the bot sent (Server.DocumentData).
const maxKeptUpload = 1 << 20

// params are the parameters of one request by name.
type params map[string]param

// str returns the text value of name, or "".
func (p params) str(name string) string {
	return p[name].value
}

// has reports whether name was sent.
func (p params) has(name string) bool {
	_, ok := p[name]
	return ok
}

// int64 returns the integer value of name; ok is false when it is absent.
func (p params) int64(name string) (v int64, ok bool, err error) {
	pv, ok := p[name]
	if !ok {
		return 0, false, nil
	}
	v, err = strconv.ParseInt(strings.TrimSpace(pv.value), 10, 64)
	if err != nil {
		return 0, true, fmt.Errorf("%s: not an integer: %q", name, pv.value)
	}
	return v, true, nil
}

// bool returns the boolean value of name; absent or unparsable is false.
func (p params) bool(name string) bool {
	b, _ := parseBool(p[name].value)
	return b
}

// parseBool accepts the spellings Telegram accepts.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// readParams collects the parameters of r from its query string and body.
func readParams(w http.ResponseWriter, r *http.Request) (params, error) {
	p := params{}
	for k, vs := range r.URL.Query() {
		if len(vs) > 0 {
			p[k] = param{value: vs[len(vs)-1]}
		}
	}
	if r.Body == nil {
		return p, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		// go-telegram/bot sends an empty multipart body for methods without
		// parameters; that is no parameters, not an error.
		return p, nil
	}
	ct := r.Header.Get("Content-Type")
	mediaType, mparams, _ := mime.ParseMediaType(ct)
	switch mediaType {
	case "multipart/form-data":
		err = readMultipart(p, body, mparams["boundary"])
	case "application/json":
		err = readJSON(p, body)
	case "application/x-www-form-urlencoded":
		err = readForm(p, body)
	case "":
		if body[0] == '{' {
			err = readJSON(p, body)
		} else {
			err = readForm(p, body)
		}
	default:
		err = fmt.Errorf("unsupported Content-Type %q", ct)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

func readMultipart(p params, body []byte, boundary string) error {
	if boundary == "" {
		return errors.New("multipart body without boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("multipart: %w", err)
		}
		name := part.FormName()
		if name == "" {
			continue
		}
		if fn := part.FileName(); fn != "" {
			var kept bytes.Buffer
			n, err := io.Copy(io.Discard, io.TeeReader(part, &limitWriter{&kept, maxKeptUpload}))
			if err != nil {
				return fmt.Errorf("multipart file %s: %w", name, err)
			}
			p[name] = param{file: &upload{name: fn, size: n, contentType: part.Header.Get("Content-Type"), data: kept.Bytes()}}
			continue
		}
		v, err := io.ReadAll(part)
		if err != nil {
			return fmt.Errorf("multipart field %s: %w", name, err)
		}
		p[name] = param{value: string(v)}
	}
}

func readJSON(p params, body []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return fmt.Errorf("can't parse JSON object: %w", err)
	}
	for k, raw := range m {
		raw = bytes.TrimSpace(raw)
		switch {
		case len(raw) == 0 || string(raw) == "null":
			continue
		case raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("field %s: %w", k, err)
			}
			p[k] = param{value: s}
		default:
			p[k] = param{value: string(raw)}
		}
	}
	return nil
}

func readForm(p params, body []byte) error {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return fmt.Errorf("can't parse form: %w", err)
	}
	for k, vs := range vals {
		if len(vs) > 0 {
			p[k] = param{value: vs[len(vs)-1]}
		}
	}
	return nil
}

// limitWriter keeps at most n bytes and swallows the rest.
type limitWriter struct {
	buf *bytes.Buffer
	n   int
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if room := w.n - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
