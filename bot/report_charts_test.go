package bot_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/chart"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// chartPhotos are the photos the bot sent to chat.
func (h *harness) chartPhotos(chat int64) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range h.botMessages(chat) {
		if m.Photo {
			out = append(out, m)
		}
	}
	return out
}

// TestChartCaptionNamesGroups: without a Chinese font the study chart
// labels the party groups Group 1, 2, …; its caption says which is which,
// in the reader's language. With one, the chart names them and the
// caption does not.
func TestChartCaptionNamesGroups(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 20, 10, 0))
	h, _ := reportsBranch(t, clk) // charts without a Chinese font
	en := h.member(leader2U.ID)
	if err := h.db.Update(func(tx *store.Tx) error { en.Lang = branchbot.LangEN; return tx.PutMember(en) }); err != nil {
		t.Fatal(err)
	}
	clk.Set(local(2026, 11, 25, 10, 0))
	h.studied(subjectU, "2026-11-23")

	h.say(secretary, "/report study")
	h.wait(secretaryID, "学习统计")
	h.settle()
	ps := h.chartPhotos(secretaryID)
	if len(ps) != 1 {
		t.Fatalf("%d photos, want the chart", len(ps))
	}
	c := ps[0].Caption
	legend, ok := strings.CutPrefix(c, "📈 2026-11 每日学习完成率\n图例：")
	if !ok {
		t.Fatalf("caption without the groups' names:\n%s", c)
	}
	entries := strings.Split(legend, "，")
	got := map[string]string{}
	for i, e := range entries {
		label, group, ok := strings.Cut(e, " = ")
		if !ok || label != "Group "+string(rune('1'+i)) {
			t.Fatalf("legend entry %d %q in %q", i, e, legend)
		}
		got[group] = label
	}
	if len(entries) != 3 || got["一组"] == "" || got["二组"] == "" || got["未分组"] == "" {
		t.Errorf("legend %q, want Group 1…3 for 一组, 二组 and 未分组", legend)
	}

	// A group leader reading English: their group only.
	h.say(leader2U, "/report study")
	h.settle()
	if ps := h.chartPhotos(leader2U.ID); len(ps) != 1 || ps[0].Caption != "📈 Daily study completion, 2026-11\nLegend: Group 1 = 二组" {
		t.Errorf("二组's leader's chart: %d photos %+v", len(ps), ps)
	}

	// With a Chinese font the chart names the groups itself.
	f, _, err := chart.Find("")
	if errors.Is(err, chart.ErrNoFont) {
		t.Skip("no Chinese font on this machine")
	} else if err != nil {
		t.Fatal(err)
	}
	h.restart(func() { h.opts.Charts = chart.WithFont(f) })
	h.say(secretary, "/report study")
	h.settle()
	ps = h.chartPhotos(secretaryID)
	if len(ps) != 2 || ps[1].Caption != "📈 2026-11 每日学习完成率" {
		t.Errorf("the chart in Chinese: %d photos, caption %q", len(ps), ps[len(ps)-1].Caption)
	}
}
