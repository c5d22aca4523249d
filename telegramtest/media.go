package telegramtest

import (
	"mime"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// Photos are reported with this size; their content is not decoded.
const (
	photoWidth  = 800
	photoHeight = 600
)

// fileInfo is a file the server has seen.
type fileInfo struct {
	id, uniqueID string
	name         string
	size         int64
	mimeType     string
	data         []byte // an upload's content (its first maxKeptUpload bytes)
}

// fileLocked resolves the document or photo parameter: an uploaded file
// (directly or as "attach://<part>"), the file_id of a file sent before,
// an HTTP URL, or any other file_id.
func (s *Server) fileLocked(kind string, p params) (fileInfo, *apiError) {
	pv, ok := p[kind]
	if !ok {
		return fileInfo{}, badRequest("there is no %s in the request", kind)
	}
	if ref, ok := strings.CutPrefix(pv.value, "attach://"); ok && pv.file == nil {
		pv = p[ref]
		if pv.file == nil {
			return fileInfo{}, badRequest("wrong file identifier/HTTP URL specified")
		}
	}
	if up := pv.file; up != nil {
		f := s.newFileLocked(kind, up.name, up.size, up.contentType)
		f.data = up.data
		s.files[f.id] = f
		return f, nil
	}
	v := strings.TrimSpace(pv.value)
	if f, ok := s.files[v]; ok {
		return f, nil
	}
	if u, err := url.Parse(v); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return s.newFileLocked(kind, path.Base(u.Path), 0, ""), nil
	}
	if v == "" || strings.ContainsAny(v, " \t\n/") {
		return fileInfo{}, badRequest("wrong file identifier/HTTP URL specified")
	}
	// A file_id the server has not issued: accepted (the test cannot know
	// real ones) and named after itself.
	f := fileInfo{id: v, uniqueID: "u-" + v, name: v, mimeType: "application/octet-stream"}
	s.files[v] = f
	return f, nil
}

func (s *Server) newFileLocked(kind, name string, size int64, contentType string) fileInfo {
	s.nextFile++
	n := strconv.Itoa(s.nextFile)
	mt := mime.TypeByExtension(path.Ext(name))
	if mt == "" && contentType != "" && contentType != "application/octet-stream" {
		mt = contentType
	}
	if mt == "" {
		mt = "application/octet-stream"
	}
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	f := fileInfo{id: kind + "-" + n, uniqueID: "u" + n, name: name, size: size, mimeType: mt}
	s.files[f.id] = f
	return f
}

// sendMedia implements sendDocument and sendPhoto.
func (s *Server) sendMedia(kind string, p params) (any, *apiError) {
	chatID, e := targetChatID(p)
	if e != nil {
		return nil, e
	}
	caption, ents, e := formatParams(p, "caption", "parse_mode", "caption_entities")
	if e != nil {
		return nil, e
	}
	if e := checkLength("caption", caption); e != nil {
		return nil, e
	}
	markup, e := inlineMarkup(p)
	if e != nil {
		return nil, e
	}
	thread, _, _ := p.int64("message_thread_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	f, e := s.fileLocked(kind, p)
	if e != nil {
		return nil, e
	}
	c := s.chatLocked(chatID)
	replyTo, e := replyTarget(c, p)
	if e != nil {
		return nil, e
	}
	m := &storedMessage{
		from:            &s.bot,
		fromBot:         true,
		caption:         caption,
		captionEntities: ents,
		markup:          markup,
		replyTo:         replyTo,
		threadID:        int(thread),
	}
	m.silent = p.bool("disable_notification")
	if kind == "photo" {
		m.photo = []models.PhotoSize{{
			FileID: f.id, FileUniqueID: f.uniqueID,
			Width: photoWidth, Height: photoHeight, FileSize: int(f.size),
		}}
	} else {
		m.document = &models.Document{
			FileID: f.id, FileUniqueID: f.uniqueID,
			FileName: f.name, MimeType: f.mimeType, FileSize: f.size,
		}
	}
	s.addLocked(c, m)
	return c.model(m, true), nil
}

// DocumentData returns the content of the document the bot uploaded in
// message msgID of chat chatID (its first MiB); ok is false if the message
// has no uploaded document.
func (s *Server) DocumentData(chatID int64, msgID int) (data []byte, name string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil, "", false
	}
	m := c.find(msgID)
	if m == nil || m.document == nil {
		return nil, "", false
	}
	f, ok := s.files[m.document.FileID]
	if !ok || f.data == nil {
		return nil, "", false
	}
	return f.data, f.name, true
}

// PhotoData returns the content of the photo the bot uploaded in message
// msgID of chat chatID (its first MiB), as DocumentData does for a
// document; ok is false if the message has no uploaded photo.
func (s *Server) PhotoData(chatID int64, msgID int) (data []byte, name string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil, "", false
	}
	m := c.find(msgID)
	if m == nil || len(m.photo) == 0 {
		return nil, "", false
	}
	f, ok := s.files[m.photo[0].FileID]
	if !ok || f.data == nil {
		return nil, "", false
	}
	return f.data, f.name, true
}
