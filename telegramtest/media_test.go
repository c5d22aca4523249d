package telegramtest

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestSendDocumentAndPhoto(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	data := bytes.Repeat([]byte("x"), 3000)
	doc, err := b.SendDocument(ctx, &tg.SendDocumentParams{
		ChatID:   11,
		Document: &models.InputFileUpload{Filename: "branches.csv", Data: bytes.NewReader(data)},
		Caption:  "all branches",
	})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Document == nil || doc.Document.FileName != "branches.csv" || doc.Document.FileSize != 3000 || doc.Document.FileID == "" ||
		!strings.HasPrefix(doc.Document.MimeType, "text/csv") || doc.Caption != "all branches" {
		t.Errorf("document message %+v %+v", doc, doc.Document)
	}
	// Resending by file_id finds the same file.
	again, err := b.SendDocument(ctx, &tg.SendDocumentParams{ChatID: 12, Document: &models.InputFileString{Data: doc.Document.FileID}})
	if err != nil || again.Document.FileName != "branches.csv" || again.Document.FileSize != 3000 {
		t.Errorf("resend by file_id: %+v, %v", again, err)
	}
	// Other file_ids are accepted and named after themselves.
	other, err := b.SendDocument(ctx, &tg.SendDocumentParams{ChatID: 12, Document: &models.InputFileString{Data: "BQACAgIAAxkBAAIC"}})
	if err != nil || other.Document.FileName != "BQACAgIAAxkBAAIC" {
		t.Errorf("unknown file_id: %+v, %v", other, err)
	}
	_, err = b.SendDocument(ctx, &tg.SendDocumentParams{ChatID: 12, Document: &models.InputFileString{Data: "not a file id"}})
	if !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), "wrong file identifier") {
		t.Errorf("bad file_id: %v", err)
	}

	photo, err := b.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: 11, Photo: &models.InputFileString{Data: "https://example.com/graph.png"}})
	if err != nil || len(photo.Photo) == 0 {
		t.Fatalf("photo by URL: %+v, %v", photo, err)
	}
	up, err := b.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: 11, Photo: &models.InputFileUpload{Filename: "p.png", Data: bytes.NewReader([]byte{1, 2, 3})}, Caption: "graph"})
	if err != nil || len(up.Photo) == 0 || up.Photo[0].FileSize != 3 {
		t.Fatalf("photo upload: %+v, %v", up, err)
	}

	if data, name, ok := s.PhotoData(11, up.ID); !ok || name != "p.png" || !bytes.Equal(data, []byte{1, 2, 3}) {
		t.Errorf("PhotoData of the upload = %v, %q, %v", data, name, ok)
	}
	if _, _, ok := s.PhotoData(11, photo.ID); ok {
		t.Error("PhotoData of a photo sent by URL is ok")
	}
	if _, _, ok := s.PhotoData(11, doc.ID); ok {
		t.Error("PhotoData of a document is ok")
	}

	msgs := s.Messages(11)
	if len(msgs) != 3 || msgs[0].Document != "branches.csv" || msgs[0].Caption != "all branches" || !msgs[1].Photo || msgs[2].Caption != "graph" {
		t.Errorf("chat 11: %+v", msgs)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations %q", v)
	}
}
