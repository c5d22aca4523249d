package chart

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// cjkPainter returns a Painter with a Chinese font from this machine, or
// skips the test where there is none (install fonts-wqy-microhei or
// fonts-noto-cjk to run it).
func cjkPainter(t *testing.T) *Painter {
	t.Helper()
	f, path, err := Find("")
	if errors.Is(err, ErrNoFont) {
		t.Skip("no Chinese font on this machine")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("font %s", path)
	return WithFont(f)
}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 600 {
		t.Fatalf("size %dx%d, want 1000x600", b.Dx(), b.Dy())
	}
	return img
}

// inked counts the pixels darker than light grey in the title band: the
// top 40 pixels, middle third.
func inked(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Min.Y+40; y++ {
		for x := b.Min.X + b.Dx()/3; x < b.Max.X-b.Dx()/3; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0xa000 {
				n++
			}
		}
	}
	return n
}

func month(n int) []Series {
	branch, g1, g2 := Series{Name: "全支部"}, Series{Name: "第一党小组"}, Series{Name: "第二党小组"}
	for d := range n {
		branch.Values = append(branch.Values, 80+float64(d%5))
		g1.Values = append(g1.Values, 60+float64(d))
		v := 90.0
		if d == 3 {
			v = math.NaN() // a day with nothing due
		}
		g2.Values = append(g2.Values, v)
	}
	return []Series{branch, g1, g2}
}

func TestStudyChartDrawsChinese(t *testing.T) {
	p := cjkPainter(t)
	// The title alone in Chinese: ink in the title band can only be the
	// Chinese characters drawn.
	data, err := p.Study(Labels{Title: "党党党党党党", X: "日", Y: "完成率（%）"}, 30, month(20))
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, data)
	if n := inked(img); n < 200 {
		t.Errorf("title band has %d dark pixels, want the Chinese title drawn", n)
	}
	if os.Getenv("CHART_OUT") != "" {
		_ = os.WriteFile(filepath.Join(os.Getenv("CHART_OUT"), "study.png"), data, 0o644)
	}
}

func TestStudyChartLatinFallback(t *testing.T) {
	p := Latin()
	if p.CJK() {
		t.Fatal("Latin painter says it draws Chinese")
	}
	// Chinese characters are dropped, not drawn as boxes: a title of
	// nothing else leaves the band blank ...
	data, err := p.Study(Labels{Title: "党党党党党党"}, 30, month(30))
	if err != nil {
		t.Fatal(err)
	}
	if n := inked(decode(t, data)); n != 0 {
		t.Errorf("title band has %d dark pixels, want none for Chinese without a font", n)
	}
	// ... and an English title is drawn.
	data, err = p.Study(Labels{Title: "Study completion, 2026-11", X: "day", Y: "%"}, 30, month(30))
	if err != nil {
		t.Fatal(err)
	}
	if n := inked(decode(t, data)); n < 200 {
		t.Errorf("title band has %d dark pixels, want the English title drawn", n)
	}
}

func TestAttendanceChart(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    func(t *testing.T) *Painter
	}{{"latin", func(*testing.T) *Painter { return Latin() }}, {"cjk", cjkPainter}} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p(t)
			bars := []Bar{{"11-03 支委会", 100}, {"11-12 主题党日", 85}, {"11-20 党课", 60}}
			data, err := p.Attendance(Labels{Title: "Attendance 出席率", Y: "%"}, bars)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, data)
			if inked(img) == 0 {
				t.Error("no title drawn")
			}
			if _, err := p.Attendance(Labels{Title: "none"}, nil); err != nil {
				t.Errorf("no meetings: %v", err)
			}
			if os.Getenv("CHART_OUT") != "" {
				_ = os.WriteFile(filepath.Join(os.Getenv("CHART_OUT"), "att-"+tc.name+".png"), data, 0o644)
			}
		})
	}
}

func TestFindConfigured(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "not-a-font.ttf")
	if err := os.WriteFile(bad, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Find(bad); err == nil {
		t.Error("a file that is no font was taken")
	}
	if _, err := New(bad, nil); err == nil {
		t.Error("New took a configured font that does not load")
	}
	if _, _, err := Find(filepath.Join(dir, "missing.ttc")); err == nil {
		t.Error("a missing file was taken")
	}
	// A font without Chinese characters is refused: the one plot ships
	// is Latin only, and any DejaVu on the machine too.
	for _, p := range []string{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"} {
		if _, err := os.Stat(p); err == nil {
			if _, err := Load(p); err == nil {
				t.Errorf("%s taken as a Chinese font", p)
			}
		}
	}
}
