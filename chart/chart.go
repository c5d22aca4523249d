package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"log/slog"
	"math"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Size of the pictures, in points; at 96 dpi a picture is 1000 × 600
// pixels, wide enough for a month of days and readable on a phone.
const (
	Width  vg.Length = 750
	Height vg.Length = 450
	DPI              = 96
)

// Painter draws the charts with one font. Make one with New; it is safe
// for concurrent use.
type Painter struct {
	handler text.Handler
	cjk     bool
}

// New returns a Painter that draws with the font at path, or with the
// first Chinese font Find finds when path is empty. Without one it draws
// with plot's Latin fonts and logs so, once, on log. An error is a font
// named in config that cannot be used.
func New(path string, log *slog.Logger) (*Painter, error) {
	f, found, err := Find(path)
	switch {
	case err == nil:
		if log != nil {
			log.Info("charts draw Chinese", "font", found)
		}
		return WithFont(f), nil
	case path != "":
		return nil, err
	}
	if log != nil {
		log.Warn("no font with Chinese characters found: charts are labelled in English; install fonts-noto-cjk or fonts-wqy-microhei, or set reports.font")
	}
	return Latin(), nil
}

// WithFont returns a Painter that draws every label with f.
func WithFont(f *sfnt.Font) *Painter {
	// Every variant plot asks for (its default is Liberation Serif) is
	// this font: a lookup falls back to the first typeface, but keeps
	// the variant.
	var coll font.Collection
	for _, v := range []font.Variant{"", "Serif", "Sans", "Mono", "Smallcaps"} {
		coll = append(coll, font.Face{Font: font.Font{Typeface: "CJK", Variant: v}, Face: f})
	}
	cache := font.NewCache(coll)
	return &Painter{handler: text.Plain{Fonts: cache}, cjk: true}
}

// Latin returns a Painter with plot's own fonts, which have no Chinese
// characters.
func Latin() *Painter { return &Painter{handler: plot.DefaultTextHandler} }

// CJK reports whether the Painter draws Chinese characters.
func (p *Painter) CJK() bool { return p != nil && p.cjk }

// Labels are the words of one chart, in the reader's language.
type Labels struct {
	Title, X, Y string
}

// Series is one line of the study chart: Values[i] is the rate (0–100)
// of day i+1 of the month, NaN for a day with nothing due.
type Series struct {
	Name   string
	Values []float64
}

// Bar is one meeting of the attendance chart: its label (such as its
// date) and the share of those invited who attended (0–100).
type Bar struct {
	Label string
	Value float64
}

// palette holds the groups' colours; the branch's line is black.
var palette = []color.Color{
	color.RGBA{0xd6, 0x27, 0x28, 0xff}, color.RGBA{0x1f, 0x77, 0xb4, 0xff}, color.RGBA{0x2c, 0xa0, 0x2c, 0xff},
	color.RGBA{0xff, 0x7f, 0x0e, 0xff}, color.RGBA{0x94, 0x67, 0xbd, 0xff}, color.RGBA{0x8c, 0x56, 0x4b, 0xff},
	color.RGBA{0xe3, 0x77, 0xc2, 0xff}, color.RGBA{0x17, 0xbe, 0xcf, 0xff},
}

// newPlot is a plot whose every label is drawn with the Painter's font.
func (p *Painter) newPlot(l Labels) *plot.Plot {
	pl := plot.New()
	pl.TextHandler = p.handler
	for _, st := range []*text.Style{&pl.Title.TextStyle, &pl.X.Label.TextStyle, &pl.Y.Label.TextStyle,
		&pl.X.Tick.Label, &pl.Y.Tick.Label, &pl.Legend.TextStyle} {
		st.Handler = p.handler
	}
	pl.Title.TextStyle.Font.Size = 18
	pl.Title.Padding = 8
	pl.Title.Text, pl.X.Label.Text, pl.Y.Label.Text = p.label(l.Title), p.label(l.X), p.label(l.Y)
	pl.Y.Min, pl.Y.Max = 0, 100
	pl.Add(plotter.NewGrid())
	return pl
}

// label keeps s when the Painter draws Chinese; otherwise it drops the
// characters plot's Latin fonts cannot draw, so nothing shows as boxes.
func (p *Painter) label(s string) string {
	if p.cjk {
		return s
	}
	out := []rune{}
	for _, r := range s {
		if r < 0x2e80 || !unicode.IsPrint(r) {
			out = append(out, r)
		}
	}
	return string(out)
}

// Study draws the daily completion rates, a line per series; the first
// series (the branch) is drawn black and thicker. days is how many days
// the month has, so a month in progress keeps its width.
func (p *Painter) Study(l Labels, days int, series []Series) ([]byte, error) {
	pl := p.newPlot(l)
	pl.X.Min, pl.X.Max = 1, float64(max(days, 2))
	pl.X.Tick.Marker = dayTicks{}
	pl.Legend.Top = false
	pl.Legend.Left = true
	pl.Legend.YOffs = 0
	for i, s := range series {
		var xys plotter.XYs
		for d, v := range s.Values {
			if !math.IsNaN(v) {
				xys = append(xys, plotter.XY{X: float64(d + 1), Y: v})
			}
		}
		if len(xys) == 0 {
			continue
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("chart: study: %w", err)
		}
		c := color.Color(color.Black)
		line.Width = vg.Points(3)
		if i > 0 {
			c = palette[(i-1)%len(palette)]
			line.Width = vg.Points(1.5)
		}
		line.Color, points.Color = c, c
		points.Shape = draw.CircleGlyph{}
		points.Radius = vg.Points(2)
		pl.Add(line, points)
		pl.Legend.Add(p.label(s.Name), line, points)
	}
	return p.png(pl)
}

// Attendance draws the share of those invited who attended each meeting,
// a bar per meeting in the order given.
func (p *Painter) Attendance(l Labels, bars []Bar) ([]byte, error) {
	pl := p.newPlot(l)
	vals := make(plotter.Values, len(bars))
	names := make([]string, len(bars))
	for i, b := range bars {
		vals[i], names[i] = b.Value, p.label(b.Label)
	}
	if len(bars) > 0 {
		bc, err := plotter.NewBarChart(vals, vg.Points(math.Min(40, 600/float64(len(bars)))))
		if err != nil {
			return nil, fmt.Errorf("chart: attendance: %w", err)
		}
		bc.Color = palette[1]
		bc.LineStyle.Width = 0
		pl.Add(bc)
		pl.NominalX(names...)
		pl.X.Min, pl.X.Max = -0.6, float64(len(bars))-0.4
	}
	return p.png(pl)
}

// png renders pl at Width × Height.
func (p *Painter) png(pl *plot.Plot) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
	pl.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: png: %w", err)
	}
	return buf.Bytes(), nil
}

// dayTicks marks the days of a month: 1, 5, 10, 15, …
type dayTicks struct{}

// Ticks returns the ticks between min and max.
func (dayTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for d := int(math.Ceil(lo)); d <= int(hi); d++ {
		t := plot.Tick{Value: float64(d)}
		if d == 1 || d%5 == 0 {
			t.Label = fmt.Sprint(d)
		}
		ts = append(ts, t)
	}
	return ts
}
