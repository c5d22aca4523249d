package bot

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/branchbot/branchbot"
)

func TestChartCaptionFits(t *testing.T) {
	if got := chartCaption("📈 x", branchbot.LangEN, nil); got != "📈 x" {
		t.Errorf("no legend: %q", got)
	}
	if got := chartCaption("📈 x", branchbot.LangEN, []string{"Group 1 = 一组", "Group 2 = 二组"}); got != "📈 x\nLegend: Group 1 = 一组, Group 2 = 二组" {
		t.Errorf("two groups: %q", got)
	}
	var many []string
	for i := range 100 {
		many = append(many, "Group "+strings.Repeat("9", 2)+" = 第"+strings.Repeat("𠀀", 3)+string(rune('0'+i%10))+"党小组")
	}
	got := chartCaption("📈 2026-11 每日学习完成率", branchbot.LangZH, many)
	if n := len(utf16.Encode([]rune(got))); n > captionLimit {
		t.Errorf("caption of %d UTF-16 units, limit %d", n, captionLimit)
	}
	if !strings.HasSuffix(got, "，…") || !strings.Contains(got, "图例："+many[0]+"，") {
		t.Errorf("a legend too long is not cut with an ellipsis:\n%s", got)
	}
}
