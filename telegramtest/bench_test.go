package telegramtest

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// BenchmarkSendMessage measures sendMessage throughput through the real
// client, with an inline keyboard so that validation has work to do.
func BenchmarkSendMessage(b *testing.B) {
	s := NewServer(b)
	defer s.Close()
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	defer transport.CloseIdleConnections()
	client, err := tg.New(s.Token(), tg.WithServerURL(s.URL()), tg.WithSkipGetMe(),
		tg.WithHTTPClient(time.Minute, &http.Client{Transport: transport}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	kb := keyboard([]models.InlineKeyboardButton{{Text: "one", CallbackData: "1"}, {Text: "two", CallbackData: "2"}})
	var chat atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		id := chat.Add(1)
		for pb.Next() {
			if _, err := client.SendMessage(ctx, &tg.SendMessageParams{ChatID: id, Text: "benchmark " + strconv.FormatInt(id, 10), ReplyMarkup: kb}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}
